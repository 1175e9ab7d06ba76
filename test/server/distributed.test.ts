/**
 * The distributed deployment for real: an API process queueing to BullMQ on Redis, state in
 * PostgreSQL, and `parallax worker` processes (child processes of the real CLI) running the items.
 * A worker is SIGKILLed mid-batch and another started late: every item is recorded exactly once,
 * in input order. Cancel removes the queued jobs from Redis. Needs PARALLAX_TEST_DATABASE_URL and
 * PARALLAX_TEST_REDIS_URL (`.ci/run` starts both servers); without them the tests are skipped,
 * saying why, unless CI is set.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_NAME, redisConnection } from '../../server/jobs/bull.ts';
import { pair, post, startTestServer, until, type TestServer } from './helpers.ts';
import { freshDatabase, postgresMissing } from './postgres-helpers.ts';

const REDIS_URL = process.env['PARALLAX_TEST_REDIS_URL'];
const ROOT = new URL('../../', import.meta.url).pathname;
let missing = postgresMissing('The distributed tests');
if (!missing && !REDIS_URL) {
  if (process.env['CI']) throw new Error('CI is set but PARALLAX_TEST_REDIS_URL is not: the distributed tests cannot run (.ci/run starts Redis and sets it).');
  missing = 'The distributed tests skipped: PARALLAX_TEST_REDIS_URL is not set.';
  console.warn(missing);
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
  const rowsOf = async (id: string) => (await (await fetch(`${api.base}/api/batches/${id}/results`)).text()).trim().split('\n').map((l) => JSON.parse(l) as { id: string; comparison?: unknown; error?: { code: string } });
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
    expect(rows.filter((r) => r.error?.code === 'cancelled').length).toBeGreaterThan(20);
    expect((await statusOf(id)).status).toBe('cancelled');
  }, 120_000);
});
