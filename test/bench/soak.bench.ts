/**
 * Soak (a plain script, not a test): `npm run bench` runs it; alone:
 * `node --import tsx test/bench/soak.bench.ts` (`SOAK_SECONDS=60` for a shorter run).
 *
 * One `parallax serve` process on loopback (default configuration, rate limits off so that the
 * limits under test are the server's own) gets, for 5 minutes at once:
 *  - legitimate traffic: compares of the seed event and of small pairs (3 clients in a loop),
 *    and a 200-item batch uploaded every 20 s whose results are read back and checked;
 *  - hostile traffic of every class the hardening issue lists: deeply nested options with URL
 *    articles (compare and batch), options above the ceilings and permissive thresholds, gzip
 *    bombs and plain uploads that stall, more uploads than the cap, 100 results readers that
 *    never read, cancels without the token, an unsupported Content-Encoding.
 * It reports legitimate p50/p99 latency, health p50/p99/max, the server's peak RSS, whether the
 * process ever exited (it must not), and that every legitimate batch came back whole.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { request as httpRequest } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Worker } from 'node:worker_threads';
import { readEventFolder } from '../../server/ingest/files.ts';
import { syntheticCluster } from './synthetic.ts';

const SECONDS = Number(process.env['SOAK_SECONDS'] ?? 300);
const SEED = readEventFolder('seeds/un-security-council-ukraine-2025').request;

const pages = createServer((req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><html><head><title>Vote ${req.url}</title></head><body><article><h1>Vote</h1><p>The council voted on a plan for a truce on Monday after a long debate between its members in New York.</p><p>Ten members voted in favour and five abstained, including France and the United Kingdom, diplomats said.</p></article></body></html>`));
await new Promise<void>((r) => pages.listen(0, '127.0.0.1', r));
const pagesBase = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;

const dir = mkdtempSync(join(tmpdir(), 'parallax-soak-'));
const child = spawn(process.execPath, ['bin/parallax.js', 'serve'], {
  env: { ...process.env, PORT: '0', PARALLAX_DATA_DIR: dir, LOG_LEVEL: 'info', PARALLAX_RATE_LIMIT: '0', PARALLAX_BATCH_RATE_LIMIT: '0', PARALLAX_RESULTS_RATE_LIMIT: '0', PARALLAX_ALLOW_PRIVATE_URLS: '1', PARALLAX_BODY_IDLE_TIMEOUT_S: '10' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let exited: string | null = null;
child.once('exit', (code, signal) => {
  exited = `exit code ${code} signal ${signal}`;
});
/** Error lines the server logged (level 50), kept for the report. */
const errorLines: string[] = [];
let partial = '';
const keepErrors = (d: Buffer): void => {
  const text = partial + d.toString();
  const lines = text.split('\n');
  partial = lines.pop() ?? '';
  for (const l of lines) if (/"level":50/.test(l) && errorLines.length < 100) errorLines.push(l);
};
child.stderr!.on('data', keepErrors);
const base = await new Promise<string>((resolve, reject) => {
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const m = /"url":"(http:\/\/[^"]+)"/.exec(out);
    if (m) resolve(m[1]!);
  });
  setTimeout(() => reject(new Error(`no start: ${out}`)), 30_000);
});
child.stdout!.on('data', keepErrors);

const end = Date.now() + SECONDS * 1000;
const running = (): boolean => Date.now() < end && exited === null;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const counts = new Map<string, number>();
const count = (k: string): void => void counts.set(k, (counts.get(k) ?? 0) + 1);
const deep = (json: string) => json.replace('"@DEEP@"', `${'['.repeat(6_000)}${']'.repeat(6_000)}`);
const postJson = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(180_000) });

// ---------------------------------------------------------------- measurements
const legit: number[] = [];
const legitFailures: string[] = [];
const health: number[] = [];
const healthStates = new Map<string, number>();
let peakRss = 0;
const sampler = setInterval(() => {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    if (m) peakRss = Math.max(peakRss, Number(m[1]) / 1024);
  } catch {
    // The process is gone: reported below.
  }
}, 250);

/**
 * Health probes from a thread of their own: this process also builds requests (synthetic
 * articles, uploads), and a probe measured on its event loop would count that work too.
 */
const HEALTH_PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
let stop = false;
parentPort.on('message', () => { stop = true; });
(async () => {
  const times = []; const states = {};
  while (!stop) {
    const t = performance.now();
    try {
      const r = await fetch(workerData.base + '/api/health', { signal: AbortSignal.timeout(30000) });
      const b = await r.json();
      states[b.status] = (states[b.status] || 0) + 1;
    } catch { states['no answer'] = (states['no answer'] || 0) + 1; }
    times.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 200));
  }
  parentPort.postMessage({ times, states });
})();
`;

async function healthLoop(): Promise<void> {
  const probe = new Worker(HEALTH_PROBE, { eval: true, workerData: { base } });
  while (running()) await sleep(250);
  const done = new Promise<{ times: number[]; states: Record<string, number> }>((resolve) => probe.once('message', resolve));
  probe.postMessage('stop');
  const { times, states } = await done;
  await probe.terminate();
  health.push(...times);
  for (const [k, n] of Object.entries(states)) healthStates.set(k, n);
}

async function legitLoop(k: number): Promise<void> {
  const small = (i: number) => [{ id: 'wire', text: `The council voted 10 to 0 on Monday for resolution ${i}.\nFive members abstained.` }, { id: 'daily', text: `On Monday the council backed resolution ${i} by 10 votes to 0.\nFive abstained.` }];
  for (let i = 0; running(); i++) {
    const body = JSON.stringify({ articles: i % 3 === 0 ? SEED.articles : small(k * 1_000_000 + i) });
    const t = performance.now();
    try {
      const r = await postJson('/api/compare', body);
      await r.arrayBuffer();
      if (r.status !== 200) legitFailures.push(`compare ${r.status}`);
    } catch (e) {
      legitFailures.push(`compare ${(e as Error).message}`);
    }
    legit.push(performance.now() - t);
    await sleep(50);
  }
}

let batchesChecked = 0;
async function batchLoop(): Promise<void> {
  for (let round = 0; running(); round++) {
    const items = Array.from({ length: 200 }, (_, i) => ({ id: `r${round}-${i}`, articles: syntheticCluster({ articles: 3, words: 300, seed: 9_000 + round * 200 + i }).articles }));
    try {
      const r = await fetch(`${base}/api/batches`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: items.map((x) => JSON.stringify(x)).join('\n') });
      if (r.status !== 202) {
        legitFailures.push(`batch upload ${r.status}`);
        await sleep(2_000);
        continue;
      }
      const { id } = (await r.json()) as { id: string };
      while (exited === null) {
        const s = (await (await fetch(`${base}/api/batches/${id}`)).json()) as { status: string };
        if (s.status === 'done') break;
        await sleep(500);
      }
      const rows = (await (await fetch(`${base}/api/batches/${id}/results`)).text()).trim().split('\n').map((l) => JSON.parse(l) as { id: string; comparison?: unknown });
      if (rows.length !== items.length || rows.some((row, i) => row.id !== items[i]!.id || !row.comparison)) legitFailures.push(`batch ${id} incomplete: ${rows.length} rows`);
      else batchesChecked += 1;
    } catch (e) {
      legitFailures.push(`batch ${(e as Error).message}`);
    }
    await sleep(20_000);
  }
}

// ---------------------------------------------------------------- hostile clients
// Made before the clock starts: compressing 180 MB here would stall this process's own probes.
const bomb = gzipSync(Buffer.from(`${' '.repeat(999)}\n`.repeat(180 * 1024)), { level: 9 });
function stalled(headers: Record<string, string>, body: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const req = httpRequest(`${base}/api/batches`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.write(body);
  });
}

async function hostileLoop(): Promise<void> {
  const urls = [{ url: `${pagesBase}/a` }, { url: `${pagesBase}/b` }];
  const readers: Socket[] = [];
  const port = Number(new URL(base).port);
  let resultsBatch: string | undefined;
  for (let round = 0; running(); round++) {
    const attempts: Array<[string, () => Promise<number>]> = [
      ['deep options, URL articles (compare)', async () => (await postJson('/api/compare', deep(JSON.stringify({ articles: urls, options: { framing: { loadedTerms: '@DEEP@' } } })))).status],
      ['deep options (batch item)', async () => (await fetch(`${base}/api/batches`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: deep(JSON.stringify({ articles: urls, options: { alignment: '@DEEP@' } })) })).status],
      ['cost option above its ceiling', async () => (await postJson('/api/compare', JSON.stringify({ articles: syntheticCluster({ articles: 12, words: 1_000 }).articles, options: { alignment: { maxCandidatesPerParagraph: 10_000 } } }))).status],
      ['permissive thresholds on 12 x 3,000 words', async () => (await postJson('/api/compare', JSON.stringify({ articles: syntheticCluster({ articles: 12, words: 3_000, seed: round }).articles, options: { alignment: { linkThreshold: 0, relativeThreshold: 0, rowThreshold: 0, sentenceLinkThreshold: 0 } } }))).status],
      ['Content-Encoding: compress', async () => (await postJson('/api/compare', '{}', { 'content-encoding': 'compress' })).status],
      ['cancel without the token', async () => (resultsBatch ? (await fetch(`${base}/api/batches/${resultsBatch}/cancel`, { method: 'POST' })).status : 0)],
    ];
    for (const [name, attempt] of attempts) {
      if (!running()) break;
      if (process.env['SOAK_DEBUG']) console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s: ${name}`);
      try {
        count(`${name} -> ${await attempt()}`);
      } catch (e) {
        count(`${name} -> ${(e as Error).name}`);
      }
    }
    // Stalled uploads, more than the cap at once: gzip bombs and plain bodies.
    if (process.env['SOAK_DEBUG']) console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s: uploads`);
    const ups = [...Array.from({ length: 8 }, () => stalled({ 'content-encoding': 'gzip' }, bomb)), ...Array.from({ length: 8 }, () => stalled({}, Buffer.alloc(4 * 1024 * 1024, 0x20)))];
    for (const status of await Promise.all(ups)) count(`stalled upload -> ${status}`);
    // 100 results readers that never read, replaced every round.
    if (!resultsBatch) {
      const items = Array.from({ length: 30 }, (_, i) => ({ id: i, articles: syntheticCluster({ articles: 3, words: 1_500, seed: 700 + i }).articles }));
      const r = await fetch(`${base}/api/batches`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: items.map((x) => JSON.stringify(x)).join('\n') });
      resultsBatch = ((await r.json()) as { id: string }).id;
    }
    if (process.env['SOAK_DEBUG']) console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s: readers`);
    for (const s of readers.splice(0)) s.destroy();
    for (let i = 0; i < 100; i++) {
      const s = connect(port, '127.0.0.1');
      s.on('error', () => undefined);
      s.write(`GET /api/batches/${resultsBatch}/results HTTP/1.1\r\nHost: x\r\n\r\n`);
      s.pause();
      readers.push(s);
    }
    count('idle results readers opened (100)');
    await sleep(2_000);
  }
  for (const s of readers) s.destroy();
}

const t0 = performance.now();
console.log(`\nSoak: ${SECONDS} s of legitimate and hostile traffic at once against one server process (loopback, default limits)`);
await Promise.all([healthLoop(), legitLoop(1), legitLoop(2), legitLoop(3), batchLoop(), hostileLoop()]);
clearInterval(sampler);
const seconds = (performance.now() - t0) / 1000;

console.log(`  ran ${seconds.toFixed(0)} s; server process ${exited === null ? 'up throughout (never exited or restarted)' : `EXITED: ${exited}`}`);
console.log(`  legitimate compares: ${legit.length}, p50 ${percentile(legit, 50).toFixed(0)} ms, p99 ${percentile(legit, 99).toFixed(0)} ms; failures: ${legitFailures.length}${legitFailures.length ? ` (${[...new Set(legitFailures)].slice(0, 5).join('; ')})` : ''}`);
console.log(`  legitimate 200-item batches read back whole: ${batchesChecked}`);
console.log(`  /api/health: ${health.length} probes, p50 ${percentile(health, 50).toFixed(1)} ms, p99 ${percentile(health, 99).toFixed(1)} ms, max ${Math.max(...health).toFixed(0)} ms; states ${JSON.stringify(Object.fromEntries(healthStates))}`);
console.log(`  peak RSS of the server: ${peakRss.toFixed(0)} MB`);
console.log('  hostile requests (class -> status: count):');
for (const [k, n] of [...counts].sort()) console.log(`    ${k}: ${n}`);
const errors = errorLines;
console.log(`  errors the server logged: ${errors.length}${errors.length ? ` (first: ${errors[0]!.slice(0, 300)})` : ''}`);
const ok = exited === null && legitFailures.length === 0 && Math.max(...health) < 1_000;
console.log(`  target: up throughout, health within 1 s, no legitimate request lost: ${ok ? 'PASS' : 'MISS'}`);

child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
pages.close();
rmSync(dir, { recursive: true, force: true });
