/**
 * The distributed deployment for real: an API process queueing to BullMQ on Redis, state in
 * PostgreSQL, and `parallax worker` processes (child processes of the real CLI) running the items.
 * A worker is SIGKILLed mid-batch and another started late; a worker and then the API process
 * (a child process too) are SIGKILLed and both restarted; Redis is killed and restarted empty:
 * each time every item is recorded exactly once, in input order. Cancel removes the queued jobs
 * from Redis. Needs PARALLAX_TEST_DATABASE_URL and PARALLAX_TEST_REDIS_URL (`.ci/run` starts both
 * servers) and, for the restart, redis-server on PATH; without them the tests are skipped, saying
 * why, unless CI is set.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_NAME, redisConnection } from '../../server/jobs/bull.ts';
import { pair, post, startTestServer, until, type TestServer } from './helpers.ts';
import { freshDatabase, postgresMissing } from './postgres-helpers.ts';
import { syntheticCluster } from '../bench/synthetic.ts';

const REDIS_URL = process.env['PARALLAX_TEST_REDIS_URL'];
const ROOT = new URL('../../', import.meta.url).pathname;
let missing = postgresMissing('The distributed tests');
if (!missing && !REDIS_URL) {
  if (process.env['CI']) throw new Error('CI is set but PARALLAX_TEST_REDIS_URL is not: the distributed tests cannot run (.ci/run starts Redis and sets it).');
  missing = 'The distributed tests skipped: PARALLAX_TEST_REDIS_URL is not set.';
  console.warn(missing);
}

/** A port free on loopback now (for a process that must come back on the same one). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Items slow enough (three articles of 400 words) that a batch is still running when a process is killed. */
function slowItems(n: number, tag: string): { id: string; articles: unknown }[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${tag}-${i}`, articles: syntheticCluster({ articles: 3, words: 400, seed: i + 1 }).articles }));
}

/** Spawns a CLI process (`serve` or `worker`) and resolves once its log says `ready`. */
function spawnCli(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; out: () => string }> {
  const child = spawn(process.execPath, ['bin/parallax.js', ...args], { cwd: ROOT, env: { ...process.env, ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      const had = ready.test(out);
      out += d.toString();
      if (!had && ready.test(out)) resolve({ child, out: () => out });
    });
    child.once('exit', (code, signal) => reject(new Error(`${args[0]} exited (${code ?? signal}) before it was ready: ${out}`)));
  });
}

describe.skipIf(missing !== null)('batches on BullMQ with parallax worker processes', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let api: TestServer;
  const prefix = `ptest${process.pid}`;
  const children: ChildProcess[] = [];
  const env = (): Record<string, string> => ({ PARALLAX_DATABASE_URL: db.url, PARALLAX_REDIS_URL: REDIS_URL!, PARALLAX_QUEUE_PREFIX: prefix, PARALLAX_RATE_LIMIT: '0', PARALLAX_WORKER_LOCK_MS: '1500', LOG_LEVEL: 'warn' });
  const startWorker = async (): Promise<ChildProcess> => {
    const child = spawn(process.execPath, ['bin/parallax.js', 'worker', '--concurrency', '1'], { cwd: ROOT, env: { ...process.env, ...env(), LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    // Ready once it logs that it takes jobs.
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('taking jobs')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`worker exited (${code}) before taking jobs: ${out}`)));
    });
    return child;
  };
  const rowsOf = async (id: string) => (await (await fetch(`${api.base}/api/batches/${id}/results`)).text()).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; comparison?: unknown; error?: { code: string } });
  const statusOf = async (id: string) => (await (await fetch(`${api.base}/api/batches/${id}`)).json()) as { status: string; done: number; failed: number; cancelled: number; total: number };

  beforeAll(async () => {
    db = await freshDatabase();
    api = await startTestServer(env());
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await api?.close();
    const q = new Queue(QUEUE_NAME, { connection: redisConnection(REDIS_URL!), prefix });
    await q.obliterate({ force: true }).catch(() => undefined);
    await q.close();
    await db?.drop();
  });

  it('records every item exactly once, in input order, when a worker is killed mid-batch and another joins late', async () => {
    const first = await startWorker();
    const items = Array.from({ length: 16 }, (_, i) => ({ id: `d-${i}`, articles: pair(` distributed ${i}`) }));
    const { id } = await (await post(api.base, '/api/batches', items)).json();
    await until(async () => (await statusOf(id)).done >= 3, 60_000);
    first.kill('SIGKILL');
    await startWorker();
    const end = await until(async () => {
      const s = await statusOf(id);
      return s.status === 'done' ? s : undefined;
    }, 90_000);
    expect(end).toMatchObject({ total: 16, done: 16, failed: 0, cancelled: 0 });
    const rows = await rowsOf(id);
    expect(rows.map((r) => r.id)).toEqual(items.map((i) => i.id));
    expect(rows.every((r) => r.comparison)).toBe(true);
  }, 180_000);

  it('completes every item once, in order, when a worker and then the API process are SIGKILLed mid-batch and both restarted', async () => {
    const port = await freePort();
    const apiEnv = { ...env(), PORT: String(port), HOST: '127.0.0.1', PARALLAX_MAX_BODY_MB: '20' };
    const listening = /parallax listening/;
    let server = await spawnCli(['serve'], apiEnv, listening);
    children.push(server.child);
    const base = `http://127.0.0.1:${port}`;
    const workers = [await startWorker(), await startWorker()];
    const items = slowItems(40, 'k');
    const { id } = await (await post(base, '/api/batches', items)).json();
    const progress = async () => (await (await fetch(`${base}/api/batches/${id}`)).json()) as { status: string; done: number; total: number };
    await until(async () => (await progress()).done >= 4, 90_000);
    workers[0]!.kill('SIGKILL');
    server.child.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    // Both come back: the API on the same port (it queues the pending items again under their
    // job ids), a worker in the killed one's place.
    server = await spawnCli(['serve'], apiEnv, listening);
    children.push(server.child);
    await startWorker();
    const end = await until(async () => {
      const s = await progress();
      return s.status === 'done' ? s : undefined;
    }, 120_000, 200);
    expect(end).toMatchObject({ total: 40, done: 40, failed: 0, cancelled: 0 });
    const rows = (await (await fetch(`${base}/api/batches/${id}/results`)).text()).trim().split('\n').map((l) => JSON.parse(l) as { id: string; comparison?: unknown });
    expect(rows.map((r) => r.id)).toEqual(items.map((i) => i.id));
    expect(rows.every((r) => r.comparison)).toBe(true);
    server.child.kill('SIGTERM');
  }, 240_000);

  it('cancels: the jobs not yet taken leave Redis, the batch ends with a row for every item', async () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ id: `c-${i}`, articles: pair(` cancelled ${i}`) }));
    const { id, token } = await (await post(api.base, '/api/batches', items)).json();
    const res = await fetch(`${api.base}/api/batches/${id}/cancel`, { method: 'POST', headers: { 'x-batch-token': token } });
    expect(await res.json()).toMatchObject({ status: 'cancelled' });
    const q = new Queue(QUEUE_NAME, { connection: redisConnection(REDIS_URL!), prefix });
    try {
      const waiting = await q.getJobs(['waiting', 'prioritized', 'delayed']);
      expect(waiting.filter((j) => j.data.batchId === id)).toEqual([]);
    } finally {
      await q.close();
    }
    // Items a worker held when the cancel came finish and record; the others have cancellation rows.
    const rows = await until(async () => {
      const r = await rowsOf(id);
      return r.length === items.length ? r : undefined;
    }, 60_000);
    expect(rows.map((r) => r.id)).toEqual(items.map((i) => i.id));
    // How many ran first depends on how many workers earlier tests left running; some never ran.
    expect(rows.filter((r) => r.error?.code === 'cancelled').length).toBeGreaterThan(0);
    expect((await statusOf(id)).status).toBe('cancelled');
  }, 120_000);
});

// Redis restarted mid-batch: a Redis server of the test's own (Debian's redis-server, which
// `.ci/run` installs), without persistence, so its restart loses every job.
const REDIS_SERVER = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0 ? 'redis-server' : null;
let noRedisServer: string | null = null;
if (missing === null && !REDIS_SERVER) {
  if (process.env['CI']) throw new Error('CI is set but redis-server is not on PATH: the Redis restart test cannot run.');
  noRedisServer = 'The Redis restart test skipped: redis-server is not on PATH.';
  console.warn(noRedisServer);
}

describe.skipIf(missing !== null || noRedisServer !== null)('a Redis restart mid-batch', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let redis: ChildProcess | undefined;
  let api: TestServer | undefined;
  const children: ChildProcess[] = [];
  const startRedis = async (port: number): Promise<ChildProcess> => {
    const child = spawn(REDIS_SERVER!, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (/Ready to accept connections/.test(out)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
    });
    return child;
  };
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await api?.close();
    redis?.kill('SIGKILL');
    await db?.drop();
  });

  it('completes the batch: the API queues the lost items again when Redis is back, each recorded once', async () => {
    db = await freshDatabase();
    const port = await freePort();
    redis = await startRedis(port);
    const env = { PARALLAX_DATABASE_URL: db.url, PARALLAX_REDIS_URL: `redis://127.0.0.1:${port}`, PARALLAX_QUEUE_PREFIX: 'restart', PARALLAX_RATE_LIMIT: '0', PARALLAX_WORKER_LOCK_MS: '1500', PARALLAX_MAX_BODY_MB: '20' };
    api = await startTestServer(env);
    const worker = await spawnCli(['worker', '--concurrency', '1'], env, /taking jobs/);
    children.push(worker.child);
    const items = slowItems(30, 'r');
    const { id } = await (await post(api.base, '/api/batches', items)).json();
    const progress = async () => (await (await fetch(`${api!.base}/api/batches/${id}`)).json()) as { status: string; done: number; total: number };
    await until(async () => (await progress()).done >= 3, 90_000);
    redis.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    redis = await startRedis(port);
    const end = await until(async () => {
      const s = await progress();
      return s.status === 'done' ? s : undefined;
    }, 120_000, 200);
    expect(end).toMatchObject({ total: 30, done: 30, failed: 0, cancelled: 0 });
    const rows = (await (await fetch(`${api.base}/api/batches/${id}/results`)).text()).trim().split('\n').map((l) => JSON.parse(l) as { id: string; comparison?: unknown });
    expect(rows.map((r) => r.id)).toEqual(items.map((i) => i.id));
    expect(rows.every((r) => r.comparison)).toBe(true);
  }, 240_000);
});
