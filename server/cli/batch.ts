/** `parallax batch`: one comparison per input line, in input order, on worker threads. */
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { compare, isInputError, type CompareRequest, type PartialOptions } from '../../engine/index.ts';
import { FileError } from '../ingest/errors.ts';
import { EXIT, parse, parseOptionsFlag, UsageError, withOptions, write, type Io } from './common.ts';

/** One output row of `parallax batch`. */
export interface BatchRow {
  id: string | number | null;
  comparison?: unknown;
  error?: { message: string; line: number; code?: string; [k: string]: unknown };
}

/** Compares one batch line; never throws (an error becomes an error row). */
export function batchLine(line: string, lineNo: number, flag: PartialOptions | undefined): BatchRow {
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch (e) {
    return { id: null, error: { code: 'invalid-json', message: `line ${lineNo} is not valid JSON: ${(e as Error).message}`, line: lineNo } };
  }
  const rawId = request !== null && typeof request === 'object' ? (request as Record<string, unknown>)['id'] : undefined;
  const id = typeof rawId === 'string' || typeof rawId === 'number' ? rawId : null;
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    return { id, error: { code: 'invalid-request', message: `line ${lineNo}: a request must be a JSON object with "articles"`, line: lineNo } };
  }
  try {
    return { id, comparison: compare(withOptions(request as CompareRequest, flag)) };
  } catch (e) {
    if (isInputError(e)) return { id, error: { ...e.toJSON(), line: lineNo } };
    return { id, error: { code: 'internal', message: `line ${lineNo}: internal error: ${(e as Error).message}`, line: lineNo } };
  }
}

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
  const progress = io.stderr.isTTY === true;
  let bytes = 0;
  let done = 0;
  let failed = 0;
  let lineNo = 0;
  const rl = createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) {
    lineNo++;
    bytes += Buffer.byteLength(line) + 1;
    if (line.trim() === '') continue;
    const row = batchLine(line, lineNo, flag);
    if (row.error) failed++;
    done++;
    await write(io.stdout, `${JSON.stringify(row)}\n`);
    if (progress) {
      const pct = total ? Math.min(100, Math.round((100 * bytes) / total)) : null;
      const bar = pct === null ? '' : `[${'#'.repeat(Math.round(pct / 5)).padEnd(20, '.')}] ${pct}% `;
      io.stderr.write(`\r${bar}${done} done, ${failed} failed`);
    }
  }
  if (progress) io.stderr.write('\n');
  io.stderr.write(`parallax batch: ${done} requests, ${done - failed} compared, ${failed} failed\n`);
  return EXIT.ok;
}
