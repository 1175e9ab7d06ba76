/**
 * Server benchmark (a plain script, not a test): `npm run bench` runs it last; alone:
 * `node --import tsx test/bench/server.bench.ts`.
 *
 * Starts `parallax serve` as its own process on loopback (fresh data folder, rate limits off) and
 * measures, with autocannon as the load generator on the same 2-core machine:
 *  1. POST /api/compare with the seed event: requests per second and p99 latency, with the
 *     server's result cache (identical requests) and with the cache off (every request computed);
 *  2. batch throughput: items per second for a batch through the server, against the raw engine
 *     on the same cores (a pool of as many worker threads, no HTTP, no database);
 *  3. /api/health latency (p99) polled while a 10,000-item batch runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { readEventFolder } from '../../server/ingest/files.ts';
import { createWorkerPool } from '../../server/jobs/pool.ts';
import { syntheticCluster } from './synthetic.ts';

const SEED = readEventFolder('seeds/un-security-council-ukraine-2025').request;
const WORKERS = availableParallelism();
const TARGETS = { compareRps: 200, batchShare: 0.8, healthP99Ms: 50 };

async function startServer(env: Record<string, string>): Promise<{ base: string; child: ChildProcess; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'parallax-bench-'));
  const child = spawn(process.execPath, ['bin/parallax.js', 'serve'], {
    env: { ...process.env, PORT: '0', PARALLAX_DATA_DIR: dir, LOG_LEVEL: 'info', PARALLAX_RATE_LIMIT: '0', PARALLAX_BATCH_RATE_LIMIT: '0', PARALLAX_MAX_BATCH_MB: '500', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"url":"(http:\/\/[^"]+)"/.exec(out);
      if (m) {
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { base, child, dir };
}

async function stop(s: { child: ChildProcess; dir: string }): Promise<void> {
  s.child.kill('SIGTERM');
  await new Promise((r) => s.child.once('exit', r));
  rmSync(s.dir, { recursive: true, force: true });
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

async function loadTest(base: string, seconds: number): Promise<{ rps: number; p50: number; p99: number; errors: number; non2xx: number }> {
  const body = JSON.stringify({ articles: SEED.articles });
  // Warm-up: the workers' JIT and the cache.
  await autocannon({ url: `${base}/api/compare`, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections: 4, duration: 2 });
  const r = await autocannon({ url: `${base}/api/compare`, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections: 16, duration: seconds });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

/** Batch items: small synthetic clusters, distinct per item (3 articles x 400 words). */
function batchItems(n: number, offset = 0): { id: number; articles: unknown[] }[] {
  return Array.from({ length: n }, (_, i) => ({ id: offset + i, articles: syntheticCluster({ articles: 3, words: 400, seed: 1000 + ((offset + i) % 200) }).articles }));
}

async function rawEngineRate(items: { id: number; articles: unknown[] }[]): Promise<number> {
  const pool = createWorkerPool({ size: WORKERS, taskTimeoutMs: 60_000 });
  await Promise.all(items.slice(0, 40).map((it) => pool.run({ kind: 'compare', request: { articles: it.articles as never } }, 'low')));
  const t = performance.now();
  const results = await Promise.all(items.map((it) => pool.run({ kind: 'compare', request: { id: it.id, articles: it.articles as never } }, 'low')));
  const seconds = (performance.now() - t) / 1000;
  await pool.close();
  if (results.some((r) => !r.ok)) throw new Error('raw engine run failed');
  return items.length / seconds;
}

async function runBatch(base: string, items: unknown[], poll?: (ms: number) => void): Promise<{ seconds: number }> {
  const t = performance.now();
  const res = await fetch(`${base}/api/batches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(items) });
  if (res.status !== 202) throw new Error(`batch refused: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  for (;;) {
    const h0 = performance.now();
    if (poll) {
      await fetch(`${base}/api/health`);
      poll(performance.now() - h0);
    }
    const s = (await (await fetch(`${base}/api/batches/${id}`)).json()) as { status: string; done: number; failed: number };
    if (s.status === 'done') {
      if (s.failed > 0) throw new Error(`${s.failed} batch items failed`);
      return { seconds: (performance.now() - t) / 1000 };
    }
    await new Promise((r) => setTimeout(r, poll ? 20 : 100));
  }
}

const f1 = (x: number) => x.toFixed(1);
const lines: string[] = [];
const out = (s: string) => {
  lines.push(s);
  console.log(s);
};

console.log(`\nServer benchmark (loopback; server process with ${WORKERS} worker threads; autocannon in this process; node ${process.version})`);

// 1. compare load test, cache on and off.
const rows: string[][] = [];
for (const [label, env] of [['seed compare, result cache on', {}], ['seed compare, cache off (every request computed)', { PARALLAX_CACHE_ENTRIES: '0' }]] as const) {
  const s = await startServer(env);
  const r = await loadTest(s.base, 10);
  rows.push([label, f1(r.rps), `${r.p50} ms`, `${r.p99} ms`, String(r.errors + r.non2xx)]);
  await stop(s);
}
out('\nPOST /api/compare, seed event (6 articles, 2,768 words), 16 connections, 10 s after a 2 s warm-up');
out(`  ${'workload'.padEnd(50)} ${'req/s'.padStart(8)} ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'errors'.padStart(7)}`);
for (const r of rows) out(`  ${r[0]!.padEnd(50)} ${r[1]!.padStart(8)} ${r[2]!.padStart(8)} ${r[3]!.padStart(8)} ${r[4]!.padStart(7)}`);

// 2. batch throughput vs raw engine.
const BATCH = 2_000;
const items = batchItems(BATCH);
const raw = await rawEngineRate(items);
const s2 = await startServer({});
await runBatch(s2.base, batchItems(100, 50_000)); // warm the server's workers
const batch = await runBatch(s2.base, items);
const batchRate = BATCH / batch.seconds;
out(`\nBatch throughput: ${BATCH} items (3 articles x 400 words each)`);
out(`  raw engine, ${WORKERS} worker threads, no HTTP or database: ${f1(raw)} items/s`);
out(`  through the server (submit, queue, SQLite, results):     ${f1(batchRate)} items/s (${f1((100 * batchRate) / raw)}% of the engine)`);

// 3. health latency while a 10,000-item batch runs.
const health: number[] = [];
const big = await runBatch(s2.base, batchItems(10_000, 100_000), (ms) => health.push(ms));
await stop(s2);
const p99 = percentile(health, 99);
out(`\n/api/health while a 10,000-item batch runs (${f1(big.seconds)} s, ${health.length} probes): p50 ${f1(percentile(health, 50))} ms, p99 ${f1(p99)} ms, max ${f1(Math.max(...health))} ms`);

const cacheOn = Number(rows[0]![1]);
out('\nTargets');
out(`  seed compares per second >= ${TARGETS.compareRps}: ${f1(cacheOn)} with the cache, ${rows[1]![1]} computed every time  ${cacheOn >= TARGETS.compareRps ? 'PASS (cache)' : 'MISS'}`);
out(`  batch throughput >= ${TARGETS.batchShare * 100}% of the engine's: ${f1((100 * batchRate) / raw)}%  ${batchRate >= TARGETS.batchShare * raw ? 'PASS' : 'MISS'}`);
out(`  /api/health p99 < ${TARGETS.healthP99Ms} ms during a 10,000-item batch: ${f1(p99)} ms  ${p99 < TARGETS.healthP99Ms ? 'PASS' : 'MISS'}`);
