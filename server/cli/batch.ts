/** `parallax batch`: one comparison per input line, in input order, on worker threads. */
import { createReadStream, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import type { PartialOptions } from '../../engine/types.ts';
import { FROM_BUILD } from '../build-info.ts';
import { FileError } from '../ingest/errors.ts';
import { batchRowText, crashRowText } from './batch-line.ts';
import { EXIT, parse, parseOptionsFlag, UsageError, write, type Io } from './common.ts';

export { batchLine, type BatchRow } from './batch-line.ts';

export async function batchCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args);
  if (positionals.length !== 1) throw new UsageError('batch takes exactly one input: a .jsonl file or - for stdin');
  const flag = parseOptionsFlag(values.options);
  const path = positionals[0]!;
  let input: NodeJS.ReadableStream;
  let total = 0;
  if (path === '-') {
    input = io.stdin;
  } else {
    try {
      const st = statSync(path);
      if (st.isDirectory()) throw new FileError(`${path} is a folder; batch reads a .jsonl file`, path, 'unsupported');
      total = st.size;
    } catch (e) {
      if (e instanceof FileError) throw e;
      throw new FileError(`cannot open ${path}: no such file`, path, 'not-found');
    }
    input = createReadStream(path);
  }
  const jobs = jobCount(values.jobs);
  const pool = jobs === 1 ? inProcess(flag) : workerPool(jobs, flag);
  const progress = io.stderr.isTTY === true;
  let bytes = 0;
  let done = 0;
  let failed = 0;
  let lineNo = 0;
  // Rows in input order: results are written as the oldest one finishes, and reading waits while
  // `limit` lines are in flight, so memory stays bounded whatever the input's length.
  const pending: Array<Promise<LineResult>> = [];
  const limit = jobs * IN_FLIGHT_PER_JOB;
  const flushOne = async (): Promise<void> => {
    const r = await pending.shift()!;
    if (r.failed) failed++;
    done++;
    await write(io.stdout, `${r.text}\n`);
    if (progress) {
      const pct = total ? Math.min(100, Math.round((100 * bytes) / total)) : null;
      const bar = pct === null ? '' : `[${'#'.repeat(Math.round(pct / 5)).padEnd(20, '.')}] ${pct}% `;
      io.stderr.write(`\r${bar}${done} done, ${failed} failed`);
    }
  };
  try {
    const rl = createInterface({ input, crlfDelay: Infinity });
    for await (const line of rl) {
      lineNo++;
      bytes += Buffer.byteLength(line) + 1;
      if (line.trim() === '') continue;
      pending.push(pool.run(line, lineNo));
      while (pending.length >= limit) await flushOne();
    }
    while (pending.length > 0) await flushOne();
  } finally {
    await pool.close();
  }
  if (progress) io.stderr.write('\n');
  io.stderr.write(`parallax batch: ${done} requests, ${done - failed} compared, ${failed} failed\n`);
  return EXIT.ok;
}

/** Lines handed to each job at once: one being compared, one waiting, so no worker idles between lines. */
const IN_FLIGHT_PER_JOB = 2;
/** Most worker threads `--jobs` may ask for. */
const MAX_JOBS = 64;

/** `--jobs`: a whole number from 1 to MAX_JOBS; by default the number of cores. */
function jobCount(value: string | undefined): number {
  if (value === undefined) return Math.max(1, Math.min(MAX_JOBS, availableParallelism()));
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_JOBS) throw new UsageError(`--jobs must be a whole number from 1 to ${MAX_JOBS} (got "${value}")`);
  return n;
}

interface LineResult {
  text: string;
  failed: boolean;
}

/** Compares lines: on this thread, or on worker threads. */
interface LinePool {
  run(line: string, lineNo: number): Promise<LineResult>;
  close(): Promise<void>;
}

/** `--jobs 1`: every line on this thread. */
function inProcess(flag: PartialOptions | undefined): LinePool {
  return { run: async (line, lineNo) => batchRowText(line, lineNo, flag), close: async () => {} };
}

/** The batch worker's entry: the built one beside this chunk, or the source one (which registers tsx). */
function workerEntry(): URL {
  return FROM_BUILD ? new URL('./batch-worker.js', import.meta.url) : new URL('./batch-worker.mjs', import.meta.url);
}

interface Slot {
  worker: Worker;
  /** Lines sent and not answered, by sequence number. */
  busy: Map<number, { line: string; lineNo: number; resolve: (r: LineResult) => void }>;
}

/**
 * `--jobs N`: this thread and N - 1 worker threads, each line to the least busy worker, or to
 * this thread when every worker is full. A worker that dies (out of memory, a crash) answers its
 * lines with error rows and is replaced; the batch goes on.
 */
function workerPool(jobs: number, flag: PartialOptions | undefined): LinePool {
  let seq = 0;
  let closing = false;
  const slots: Slot[] = [];
  const start = (): Slot => {
    const slot: Slot = { worker: new Worker(workerEntry(), { workerData: { flag } }), busy: new Map() };
    slot.worker.on('message', (m: { seq: number } & LineResult) => {
      const job = slot.busy.get(m.seq);
      if (!job) return;
      slot.busy.delete(m.seq);
      job.resolve({ text: m.text, failed: m.failed });
    });
    const fail = (why: string) => {
      for (const job of slot.busy.values()) job.resolve(crashRowText(job.line, job.lineNo, why));
      slot.busy.clear();
      if (closing) return;
      const at = slots.indexOf(slot);
      if (at >= 0) slots[at] = start();
    };
    slot.worker.on('error', (e) => fail(e.message));
    slot.worker.on('exit', (code) => {
      if (!closing || slot.busy.size > 0) fail(`the worker thread exited (code ${code})`);
    });
    return slot;
  };
  // This thread is one of the jobs: it compares a line itself whenever every worker has its
  // share in flight (a worker's start-up and its compiler's warm-up are paid once fewer).
  for (let i = 0; i < jobs - 1; i++) slots.push(start());
  return {
    run(line, lineNo) {
      const slot = slots.reduce((a, b) => (b.busy.size < a.busy.size ? b : a));
      if (slot.busy.size >= IN_FLIGHT_PER_JOB) return Promise.resolve(batchRowText(line, lineNo, flag));
      const id = seq++;
      return new Promise<LineResult>((resolve) => {
        slot.busy.set(id, { line, lineNo, resolve });
        slot.worker.postMessage({ seq: id, line, lineNo });
      });
    },
    async close() {
      closing = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
