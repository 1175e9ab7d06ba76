/**
 * Starts the server: configuration from the environment, the SQLite store, the worker pool, the
 * batch queue (resuming batches a previous process left unfinished), then listens. SIGTERM and
 * SIGINT shut down gracefully: stop accepting, finish in-flight requests and batch items, record
 * them, checkpoint the database.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createWorkerPool } from './jobs/pool.ts';
import { createBullQueue } from './jobs/bull.ts';
import { createEmbeddedQueue } from './jobs/queue.ts';
import { loadSeeds } from './seeds.ts';
import { openStore } from './store/open.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** How long a shutdown waits for in-flight requests and items before it stops anyway. */
const SHUTDOWN_GRACE_MS = 15_000;

/** Starts the server; resolves once it listens. */
export async function startServer(env: NodeJS.ProcessEnv = process.env): Promise<{ close: () => Promise<void>; port: number }> {
  const config = loadConfig(env);
  const logger = pino({ level: config.logLevel });
  const store = await openStore(config);
  const discarded = await store.discardIncompleteBatches();
  const pool = createWorkerPool({
    size: config.workers,
    taskTimeoutMs: config.taskTimeoutMs,
    heapMb: config.workerHeapMb,
    onError: (cause, task) => logger.error({ cause, task }, 'task failed unexpectedly'),
  });
  // With Redis, items go to BullMQ and `parallax worker` processes run them; this process only queues.
  const queue = config.redisUrl
    ? createBullQueue(store, { redisUrl: config.redisUrl, prefix: config.queuePrefix, onError: (err) => logger.error({ err }, 'queueing the pending items again after Redis reconnected failed') })
    : createEmbeddedQueue(store, pool, {
      concurrency: config.workers * 2,
      fetch: { allowPrivateAddresses: config.allowPrivateUrls },
      policy: { ceilings: config.ceilings, maxResultChars: config.maxResultMb * 1_000_000 },
      onError: (batchId, index, err) => logger.error({ err, batchId, index }, 'batch item failed unexpectedly'),
    });
  const seeds = loadSeeds(join(ROOT, 'seeds'), (folder, err) => logger.warn({ err, folder }, 'seed event not loaded'));
  const lifecycle = { draining: false };
  const app = createApp({ config, store, pool, queue, seeds, logger, lifecycle, webRoot: join(ROOT, 'web', 'dist') });

  const server = app.listen(config.port, config.host);
  // Slow or stalled clients are dropped: headers must arrive within headersTimeout and the whole
  // request within requestTimeout (bodies that stall are dropped sooner, by the body reader).
  server.headersTimeout = config.headersTimeoutMs;
  server.requestTimeout = config.requestTimeoutMs;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  if (discarded > 0) logger.warn({ discarded }, 'discarded batches whose upload a crash interrupted (never acknowledged)');
  logger.info({ url: `http://${config.host}:${port}`, store: config.databaseUrl ? 'postgresql' : 'sqlite', queue: config.redisUrl ? 'bullmq' : 'embedded', ...(config.databaseUrl ? {} : { dataDir: config.dataDir }), workers: config.workers, seeds: seeds.length }, 'parallax listening');
  await queue.resume();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      logger.info('shutting down');
      lifecycle.draining = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      await stopped;
      clearTimeout(timer);
      await queue.close();
      await pool.close();
      await store.close();
      logger.info('stopped');
    })();
    return closing;
  };
  return { close, port };
}

/** Runs the server until SIGTERM or SIGINT. */
export async function main(): Promise<void> {
  let running: Awaited<ReturnType<typeof startServer>>;
  try {
    running = await startServer();
  } catch (e) {
    process.stderr.write(`parallax: cannot start the server: ${(e as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  const stop = (): void => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
