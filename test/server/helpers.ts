/** Starts the app in-process on a free port, with an in-memory store (or a PostgreSQL one) and a real worker pool. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createWorkerPool, type WorkerPool } from '../../server/jobs/pool.ts';
import { createBullQueue } from '../../server/jobs/bull.ts';
import { createEmbeddedQueue } from '../../server/jobs/queue.ts';
import { loadSeeds } from '../../server/seeds.ts';
import { openPostgresStore } from '../../server/store/postgres.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import type { Store } from '../../server/store/store.ts';

export interface TestServer {
  base: string;
  store: Store;
  close: () => Promise<void>;
}

const SEEDS = new URL('../../seeds/', import.meta.url).pathname;

/** An app with the given environment (over test defaults), sharing `pool` when given. */
export async function startTestServer(env: Record<string, string> = {}, shared?: WorkerPool, webRoot?: string): Promise<TestServer> {
  const config = loadConfig({ LOG_LEVEL: 'silent', PARALLAX_DATA_DIR: ':memory:', PARALLAX_WORKERS: '2', ...env });
  // PARALLAX_DATABASE_URL in `env` runs the app on that PostgreSQL database; else SQLite in memory.
  const store = config.databaseUrl ? await openPostgresStore(config.databaseUrl, { poolSize: 4 }) : openSqliteStore(':memory:');
  const pool = shared ?? createWorkerPool({ size: config.workers, taskTimeoutMs: 60_000, heapMb: config.workerHeapMb });
  // PARALLAX_REDIS_URL: items go to BullMQ (run by `parallax worker` processes the test starts).
  const queue = config.redisUrl ? createBullQueue(store, { redisUrl: config.redisUrl, prefix: config.queuePrefix }) : createEmbeddedQueue(store, pool, { concurrency: 4, fetch: { allowPrivateAddresses: config.allowPrivateUrls }, policy: { ceilings: config.ceilings, maxResultChars: config.maxResultMb * 1_000_000 } });
  const app = createApp({ config, store, pool, queue, seeds: loadSeeds(SEEDS), logger: pino({ level: 'silent' }), ...(webRoot ? { webRoot } : {}) });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    store,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await queue.close();
      if (!shared) await pool.close();
      await store.close();
    },
  };
}

/** JSON POST helper. */
export function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

/** Polls `fn` until it returns a truthy value (or the time runs out). */
export async function until<T>(fn: () => Promise<T | undefined | false>, timeoutMs = 20_000, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Two short articles that compare fine. */
export function pair(tag = ''): { id: string; text: string }[] {
  return [
    { id: 'wire', text: `The security council voted 10 to 0 on Monday for the resolution${tag}.\nFive members abstained, including France and the United Kingdom.` },
    { id: 'daily', text: `On Monday the council backed the resolution by 10 votes to 0${tag}.\nFrance and Britain were among the five members that abstained.` },
  ];
}

/** A `parallax serve` child process on a free port. */
export interface ServerProcess {
  base: string;
  child: import('node:child_process').ChildProcess;
  /** Everything it logged so far. */
  log: () => string;
}

const ROOT = new URL('../../', import.meta.url).pathname;

/** Starts `parallax serve` on a free port with `env` over quiet test defaults; resolves once it listens. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['bin/parallax.js', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', PARALLAX_WORKERS: '2', LOG_LEVEL: 'info', PARALLAX_BATCH_RATE_LIMIT: '0', PARALLAX_RATE_LIMIT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"url":"(http:\/\/[^"]+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { base, child, log: () => out };
}

/** Stops a server process (SIGTERM, then SIGKILL after 10 s); resolves with its exit code. */
export async function stopServerProcess(p: ServerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return p.child.exitCode;
  const exited = new Promise<number | null>((resolve) => p.child.once('exit', (code) => resolve(code)));
  p.child.kill(signal);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

/** Milliseconds /api/health takes to answer (and its body). */
export async function healthTime(base: string): Promise<{ ms: number; status: string }> {
  const t = performance.now();
  const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(30_000) });
  const body = (await res.json()) as { status: string };
  return { ms: performance.now() - t, status: body.status };
}

/** Resident memory of a process, in MB (Linux). */
export async function rssMb(pid: number): Promise<number> {
  const { readFileSync } = await import('node:fs');
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
