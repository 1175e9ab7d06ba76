/**
 * Hardening against a real `parallax serve` process, for the cases where the failure was the
 * process dying or starving: a hostile client's request must fail alone, with a clear answer,
 * while the server stays up and /api/health answers quickly.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticCluster } from '../bench/synthetic.ts';
import { healthTime, pair, post, rssMb, startServerProcess, stopServerProcess, until, type ServerProcess } from './helpers.ts';

const dirs: string[] = [];
const processes: ServerProcess[] = [];
let pages: Server;
let pagesBase = '';

const page = (outlet: string) => `<!doctype html><html><head><title>Council vote | ${outlet}</title></head><body><article><h1>Council vote</h1>
<p>The security council voted on a plan for a truce on Monday, after a long debate between its fifteen members in New York.</p>
<p>Ten members voted in favour and five abstained, including France and the United Kingdom, diplomats said afterwards.</p></article></body></html>`;

beforeAll(async () => {
  pages = createServer((req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(page(req.url === '/b' ? 'Daily' : 'Wire')));
  await new Promise<void>((r) => pages.listen(0, '127.0.0.1', r));
  pagesBase = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const p of processes) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  await new Promise<void>((r) => pages.close(() => r()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function serve(env: Record<string, string> = {}, dataDir?: string): Promise<ServerProcess & { dataDir: string }> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'parallax-hard-'));
  if (!dataDir) dirs.push(dir);
  const p = await startServerProcess({ PARALLAX_DATA_DIR: dir, PARALLAX_ALLOW_PRIVATE_URLS: '1', ...env });
  processes.push(p);
  return { ...p, dataDir: dir };
}

function alive(p: ServerProcess): boolean {
  return p.child.exitCode === null && p.child.signalCode === null;
}

/** A JSON text: `value` with the string "@DEEP@" replaced by an array nested `depth` levels. */
function deepJson(value: unknown, depth = 6_000): string {
  return JSON.stringify(value).replace('"@DEEP@"', `${'['.repeat(depth)}${']'.repeat(depth)}`);
}

describe('deeply nested options with URL articles', () => {
  it('get 422 in compares and an error row in batches, and the server never goes down, also after a restart', async () => {
    const s = await serve();
    const articles = [{ url: `${pagesBase}/a` }, { url: `${pagesBase}/b` }];
    for (const options of [{ framing: { loadedTerms: '@DEEP@' } }, { alignment: '@DEEP@' }, { nope: '@DEEP@' }]) {
      const res = await post(s.base, '/api/compare', deepJson({ articles, options }));
      expect(res.status).toBe(422);
      const p = await res.json();
      expect(p.type).toBe('/problems/validation-failed');
      expect(p.errors[0].pointer).toMatch(/^\/options/);
    }
    expect(alive(s)).toBe(true);
    expect((await post(s.base, '/api/compare', { articles })).status).toBe(200);

    const lines = Array.from({ length: 20 }, (_, i) => (i % 2 === 0
      ? deepJson({ id: `deep-${i}`, articles, options: { framing: { loadedTerms: '@DEEP@' } } })
      : JSON.stringify({ id: `fine-${i}`, articles })));
    const created = await fetch(`${s.base}/api/batches`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: lines.join('\n') });
    expect(created.status).toBe(202);
    const { id } = await created.json();
    // Killed while it runs, then restarted: the resumed batch must not crash the new process.
    await until(async () => (await (await fetch(`${s.base}/api/batches/${id}`)).json()).status === 'running', 20_000, 10);
    await stopServerProcess(s, 'SIGKILL');
    const again = await serve({}, s.dataDir);
    const done = await until(async () => {
      const b = await (await fetch(`${again.base}/api/batches/${id}`)).json();
      return b.status === 'done' ? b : undefined;
    }, 60_000);
    expect(done).toMatchObject({ total: 20, done: 10, failed: 10, pending: 0 });
    const rows = (await (await fetch(`${again.base}/api/batches/${id}/results`)).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual(lines.map((_, i) => (i % 2 === 0 ? `deep-${i}` : `fine-${i}`)));
    expect(rows.filter((r) => r.error?.code === 'validation-failed')).toHaveLength(10);
    expect(alive(again)).toBe(true);
    expect(await stopServerProcess(again)).toBe(0);
  }, 120_000);
});

/** Starts a POST whose body is `body`, sent in full or in part, and never ended (a stalled client). */
function stalledUpload(base: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; error?: string }> {
  return new Promise((resolve) => {
    const req = httpRequest(`${base}/api/batches`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', ...headers } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    });
    req.on('error', (e) => resolve({ status: 0, error: e.message }));
    req.write(body);
  });
}

describe('memory exhaustion through uploads', () => {
  it('survives 26 stalled gzip uploads that inflate to 180 MB each, and 24 stalled plain ones', async () => {
    const s = await serve({ PARALLAX_BODY_IDLE_TIMEOUT_S: '3' });
    const pid = s.child.pid!;
    // 180 MB of blank lines: about 180 KB gzipped.
    const bomb = gzipSync(Buffer.from(`${' '.repeat(999)}\n`.repeat(180 * 1024)), { level: 9 });
    expect(bomb.length).toBeLessThan(400_000);
    const gz = await Promise.all(Array.from({ length: 26 }, () => stalledUpload(s.base, { 'content-encoding': 'gzip' }, bomb)));
    // At most 4 uploads are received at once; the others are refused at once. The 4 that were
    // read to the stall are dropped when they send nothing more.
    expect(gz.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(22);
    expect(gz.filter((r) => r.status === 408).length).toBeLessThanOrEqual(4);
    expect(gz.every((r) => r.status === 429 || r.status === 408 || r.error !== undefined)).toBe(true);
    expect(alive(s)).toBe(true);
    expect((await healthTime(s.base)).ms).toBeLessThan(1_000);

    const plain = await Promise.all(Array.from({ length: 24 }, () => stalledUpload(s.base, {}, Buffer.alloc(8 * 1024 * 1024, 0x20))));
    expect(plain.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(20);
    expect(alive(s)).toBe(true);
    expect(await rssMb(pid)).toBeLessThan(1_500);
    const h = await healthTime(s.base);
    expect(h.ms).toBeLessThan(1_000);
    // And it still takes work.
    expect((await post(s.base, '/api/compare', { articles: pair() })).status).toBe(200);
    expect(await stopServerProcess(s)).toBe(0);
  }, 120_000);
});

describe('a batch cancelled while items run, then a crash', () => {
  it('reaches a final state after the restart, with one row per item', async () => {
    const s = await serve();
    const N = 12;
    const items = Array.from({ length: N }, (_, i) => ({ id: `slow-${i}`, articles: syntheticCluster({ articles: 12, words: 3_000, seed: 50 + i }).articles }));
    const created = await (await post(s.base, '/api/batches', items)).json();
    await until(async () => (await (await fetch(`${s.base}/api/batches/${created.id}`)).json()).status === 'running', 20_000, 10);
    const cancel = await fetch(`${s.base}/api/batches/${created.id}/cancel`, { method: 'POST', headers: { 'x-batch-token': created.token } });
    expect(cancel.status).toBe(200);
    const after = await (await fetch(`${s.base}/api/batches/${created.id}`)).json();
    // Some items were running: they stay pending until they finish...
    expect(after.status).toBe('cancelled');
    expect(after.pending).toBeGreaterThan(0);
    // ...but the process dies first.
    await stopServerProcess(s, 'SIGKILL');

    const again = await serve({}, s.dataDir);
    const b = await (await fetch(`${again.base}/api/batches/${created.id}`)).json();
    expect(b).toMatchObject({ status: 'cancelled', pending: 0, total: N });
    expect(b.done + b.failed + b.cancelled).toBe(N);
    const rows = (await (await fetch(`${again.base}/api/batches/${created.id}/results`)).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual(items.map((i) => i.id));
    expect(rows.filter((r) => r.error?.code === 'cancelled').length).toBe(b.cancelled);
    expect(await stopServerProcess(again)).toBe(0);
  }, 120_000);
});

describe('results readers who never read', () => {
  it('hold up nothing: health stays fast with 400 of them, and a real reader gets every row', async () => {
    const s = await serve({ PARALLAX_RESULTS_RATE_LIMIT: '0' });
    const N = 24;
    const items = Array.from({ length: N }, (_, i) => ({ id: i, articles: syntheticCluster({ articles: 3, words: 1_500, seed: 300 + i }).articles }));
    const { id } = await (await post(s.base, '/api/batches', items)).json();
    await until(async () => (await (await fetch(`${s.base}/api/batches/${id}`)).json()).status === 'done', 90_000, 100);
    const full = await (await fetch(`${s.base}/api/batches/${id}/results`)).text();
    expect(full.length).toBeGreaterThan(2_000_000);

    const sockets: Socket[] = [];
    const healthDuring: number[] = [];
    let opening = true;
    const polling = (async () => {
      while (opening || healthDuring.length < 20) {
        healthDuring.push((await healthTime(s.base)).ms);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const port = new URL(s.base).port;
    for (let i = 0; i < 400; i++) {
      const sock = connect(Number(port), '127.0.0.1');
      sock.on('error', () => undefined);
      sock.write(`GET /api/batches/${id}/results HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      // Never read: the server's writes to it fill the socket buffers and wait.
      sock.pause();
      sockets.push(sock);
      if (i % 50 === 49) await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setTimeout(r, 1_000));
    opening = false;
    await polling;
    const reader = await (await fetch(`${s.base}/api/batches/${id}/results`)).text();
    for (const sock of sockets) sock.destroy();
    healthDuring.sort((a, b) => a - b);
    const median = healthDuring[Math.floor(healthDuring.length / 2)]!;
    expect(median).toBeLessThan(100);
    expect(healthDuring[healthDuring.length - 1]!).toBeLessThan(1_000);
    expect(reader).toBe(full);
    expect(alive(s)).toBe(true);
    expect(await stopServerProcess(s)).toBe(0);
  }, 180_000);
});
