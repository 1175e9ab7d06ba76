/**
 * Distributed-queue benchmark (a plain script, not a test; part of `npm run bench`; alone:
 * `node --import tsx test/bench/distributed.bench.ts`). Needs Debian's postgresql and
 * redis-server binaries: it starts a throw-away server of each on loopback (and says it is
 * skipped when they are not installed).
 *
 * On the same cores, one batch of synthetic items (3 articles x 400 words each) through:
 *  - the embedded queue: `parallax serve` with SQLite, PARALLAX_WORKERS = the core count;
 *  - BullMQ: `parallax serve` with PostgreSQL and Redis (it only queues) and `parallax worker`
 *    processes: one with 1 thread, one with a thread per core, and two with 1 thread each.
 * Reported: items per second each way, the distributed path against the embedded one, and the
 * median latency of one saved compare through the API in both modes.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkerPool } from '../../server/jobs/pool.ts';
import { syntheticCluster } from './synthetic.ts';

const ITEMS = 240;
const CORES = availableParallelism();
const TARGET_SHARE = 0.85;

const pgBin = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort().map((v) => `/usr/lib/postgresql/${v}/bin`).filter((d) => existsSync(`${d}/postgres`)).pop() : undefined;
const redisBin = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
if (!pgBin || !redisBin) {
  console.log(`\nDistributed queue benchmark skipped: ${!pgBin ? "Debian's postgresql" : "Debian's redis-server"} is not installed (apt-get install postgresql redis-server).`);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'parallax-dist-bench-'));
const root = process.getuid?.() === 0;
const asPg = (cmd: string, args: string[]) => (root ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'ignore' }) : spawnSync(cmd, args, { stdio: 'ignore' }));
if (root) chownSync(dir, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()), 0);
const pgPort = 56000 + (process.pid % 500);
const redisPort = pgPort + 500;
asPg(`${pgBin}/initdb`, ['-D', `${dir}/pg`, '-A', 'trust', '-U', 'parallax']);
asPg(`${pgBin}/pg_ctl`, ['-D', `${dir}/pg`, '-l', `${dir}/pg.log`, '-w', '-o', `-c listen_addresses=127.0.0.1 -p ${pgPort} -k ${dir} -c fsync=off`, 'start']);
spawnSync(redisBin, ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'yes'], { stdio: 'ignore' });
const children: ChildProcess[] = [];
const cleanup = (): void => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  spawnSync('redis-cli', ['-p', String(redisPort), 'shutdown', 'nosave'], { stdio: 'ignore' });
  asPg(`${pgBin}/pg_ctl`, ['-D', `${dir}/pg`, '-m', 'immediate', '-w', 'stop']);
  rmSync(dir, { recursive: true, force: true });
};
process.on('exit', cleanup);

let dbCount = 0;
const freshDb = (): string => {
  const name = `bench_${++dbCount}`;
  spawnSync('psql', ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'parallax', '-d', 'postgres', '-c', `CREATE DATABASE ${name}`], { stdio: 'ignore' });
  return `postgres://parallax@127.0.0.1:${pgPort}/${name}`;
};

/** Starts a CLI process; resolves when its log line matches `ready` (returning the match). */
function start(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, ['bin/parallax.js', ...args], { env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) {
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve({ child, match: m });
      }
    });
    child.once('exit', (code) => reject(new Error(`${args[0]} exited (${code}): ${out}`)));
  });
}
const stop = async (c: ChildProcess): Promise<void> => {
  if (c.exitCode !== null) return;
  const done = new Promise((r) => c.once('exit', r));
  c.kill('SIGTERM');
  await done;
};

const items = Array.from({ length: ITEMS }, (_, i) => ({ id: `b${i}`, articles: syntheticCluster({ articles: 3, words: 400, seed: i + 1 }).articles }));
const body = items.map((x) => JSON.stringify(x)).join('\n');
const WARM_ITEMS = 60;
const warmBody = Array.from({ length: WARM_ITEMS }, (_, i) => JSON.stringify({ id: `w${i}`, articles: syntheticCluster({ articles: 3, words: 400, seed: 10_000 + i }).articles })).join('\n');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** Posts a batch and waits until it is done. */
async function runBatch(base: string, ndjson: string, n: number): Promise<void> {
  const res = await fetch(`${base}/api/batches`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: ndjson });
  const { id } = (await res.json()) as { id: string };
  for (;;) {
    const s = (await (await fetch(`${base}/api/batches/${id}`)).json()) as { status: string; done: number; failed: number };
    if (s.status === 'done') {
      if (s.done !== n) throw new Error(`batch ended with ${s.done} of ${n} done, ${s.failed} failed`);
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Items per second for the batch (after a warm-up batch), and the median latency of a saved compare. */
async function measure(base: string): Promise<{ ips: number; compareMs: number; cpu: string; cores: number }> {
  const lat: number[] = [];
  const one = JSON.stringify({ articles: items[0]!.articles, save: true });
  for (let i = 0; i < 21; i++) {
    const t = performance.now();
    const r = await fetch(`${base}/api/compare`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: one });
    await r.text();
    if (i > 0) lat.push(performance.now() - t);
  }
  // A warm-up batch first, not timed: every worker thread (the API's own, in the embedded
  // queue, or the worker processes') has compiled the engine before the timed batch, as in a
  // deployment that runs for hours. Without it the embedded queue's threads, warmed by the single
  // compares above, would be measured against cold worker processes.
  await runBatch(base, warmBody, WARM_ITEMS);
  const before = cpuByRole();
  const t0 = performance.now();
  await runBatch(base, body, ITEMS);
  const seconds = (performance.now() - t0) / 1000;
  const used = cpuUsed(before);
  return { ips: ITEMS / seconds, compareMs: median(lat), cpu: used.text, cores: used.total / seconds };
}

const common = { PORT: '0', PARALLAX_RATE_LIMIT: '0', PARALLAX_BATCH_RATE_LIMIT: '0', PARALLAX_MAX_BATCH_MB: '500', PARALLAX_CACHE_ENTRIES: '0' };
const serveReady = /"url":"(http:\/\/[^"]+)"/;

/** CPU seconds used so far by this machine's processes, by role (read from /proc). */
function cpuByRole(): Map<string, number> {
  const out = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const role = cmd.includes('parallax.js\0serve') ? 'API' : cmd.includes('parallax.js\0worker') ? 'workers' : comm.startsWith('postgres') ? 'PostgreSQL' : comm.startsWith('redis') ? 'Redis' : null;
      // utime + stime, in clock ticks (100 a second on Linux).
      if (role) out.set(role, (out.get(role) ?? 0) + (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // The process ended meanwhile.
    }
  }
  return out;
}
/** CPU seconds each role used since `before`, and their sum. */
const cpuUsed = (before: Map<string, number>): { text: string; total: number } => {
  const spent = [...cpuByRole()].map(([role, s]) => [role, s - (before.get(role) ?? 0)] as const).filter(([, s]) => s > 0.05);
  return { text: spent.map(([role, s]) => `${role} ${s.toFixed(1)}`).join(', '), total: spent.reduce((a, [, s]) => a + s, 0) };
};

// 0. The engine alone on the pool's threads (no server, no store): what the machine itself gives
// when one, then two, comparisons run at once. The distributed path cannot scale past this.
const engineAlone = async (threads: number): Promise<number> => {
  const pool = createWorkerPool({ size: threads, taskTimeoutMs: 60_000 });
  const run = () => Promise.all(items.map((it) => pool.run({ kind: 'compare', request: { id: it.id, articles: it.articles } }, 'low')));
  await run();
  const t = performance.now();
  await run();
  const ips = ITEMS / ((performance.now() - t) / 1000);
  await pool.close();
  return ips;
};
const engine1 = await engineAlone(1);
const engineAll = await engineAlone(CORES);

type Run = { ips: number; compareMs: number; cpu: string; cores: number };

// 1. Embedded: SQLite, the API process's own worker threads.
const dataDir = join(dir, 'sqlite');
const runEmbedded = async (): Promise<Run> => {
  const embedded = await start(['serve'], { ...common, PARALLAX_DATA_DIR: dataDir, PARALLAX_WORKERS: String(CORES) }, serveReady);
  const r = await measure(embedded.match[1]!);
  await stop(embedded.child);
  return r;
};

// 2. BullMQ: the API only queues; worker processes run the items.
const runDistributed = async (workers: number[]): Promise<Run> => {
  const env = { ...common, PARALLAX_DATABASE_URL: freshDb(), PARALLAX_REDIS_URL: `redis://127.0.0.1:${redisPort}`, PARALLAX_QUEUE_PREFIX: `bench${dbCount}`, PARALLAX_WORKERS: '1' };
  const api = await start(['serve'], env, serveReady);
  const ws = await Promise.all(workers.map((n) => start(['worker', '--concurrency', String(n)], env, /taking jobs/)));
  const r = await measure(api.match[1]!);
  for (const w of ws) await stop(w.child);
  await stop(api.child);
  return r;
};

// The four layouts in turn, ROUNDS times: on a shared machine one run of each varies by a
// quarter or more; a busy spell touches every layout alike, and medians are reported.
const ROUNDS = Number(process.env['DIST_ROUNDS'] ?? 3);
const runs: Record<'emb' | 'one1' | 'oneAll' | 'two1', Run[]> = { emb: [], one1: [], oneAll: [], two1: [] };
for (let r = 0; r < ROUNDS; r++) {
  runs.emb.push(await runEmbedded());
  runs.one1.push(await runDistributed([1]));
  runs.oneAll.push(await runDistributed([CORES]));
  runs.two1.push(await runDistributed([1, 1]));
}
/** The run with the median throughput (its other figures with it). */
const mid = (xs: Run[]): Run => [...xs].sort((a, b) => a.ips - b.ips)[xs.length >> 1]!;
const range = (xs: Run[]): string => `${f(Math.min(...xs.map((x) => x.ips)))}-${f(Math.max(...xs.map((x) => x.ips)))}`;
const emb = mid(runs.emb);
const one1 = mid(runs.one1);
const oneAll = mid(runs.oneAll);
const two1 = mid(runs.two1);
const f = (x: number) => x.toFixed(1);
console.log(`\nDistributed queue: a batch of ${ITEMS} items (3 articles x 400 words each) on ${CORES} cores, PostgreSQL and Redis on loopback; median of ${ROUNDS} rounds (range)`);
console.log(`  the engine alone on worker threads (no server, no store): 1 thread ${f(engine1)} items/s, ${CORES} threads ${f(engineAll)} items/s (${f(engineAll / engine1)}x)`);
console.log(`  embedded queue (SQLite, ${CORES} worker threads):        ${f(emb.ips)} items/s (${range(runs.emb)}); a saved compare: ${f(emb.compareMs)} ms median`);
console.log(`  BullMQ, 1 worker process x 1 thread:            ${f(one1.ips)} items/s (${range(runs.one1)})`);
console.log(`  BullMQ, 1 worker process x ${CORES} threads:           ${f(oneAll.ips)} items/s (${range(runs.oneAll)}; ${f(oneAll.ips / emb.ips * 100)}% of embedded); a saved compare (PostgreSQL): ${f(oneAll.compareMs)} ms median`);
console.log(`  BullMQ, 2 worker processes x 1 thread:          ${f(two1.ips)} items/s (${range(runs.two1)}; ${f(two1.ips / one1.ips)}x one process x 1 thread; ${f(two1.ips / emb.ips * 100)}% of embedded)`);
console.log(`  CPU seconds during the timed batch, and cores kept busy (median runs): embedded: ${emb.cpu} (${f(emb.cores)} cores); BullMQ 1x1: ${one1.cpu} (${f(one1.cores)}); 1x${CORES}: ${oneAll.cpu} (${f(oneAll.cores)}); 2x1: ${two1.cpu} (${f(two1.cores)})`);
console.log(`  target: distributed within 15% of embedded: ${oneAll.ips >= TARGET_SHARE * emb.ips ? 'PASS' : 'MISS'}; throughput grows with worker processes: ${two1.ips > 1.3 * one1.ips ? 'PASS' : 'MISS'}`);
process.exit(0);
