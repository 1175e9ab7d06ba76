/**
 * `parallax worker`: runs queued batch items from BullMQ (PARALLAX_REDIS_URL) on this machine's
 * worker threads, reading and recording them in the shared store (PARALLAX_DATABASE_URL, or the
 * SQLite file of PARALLAX_DATA_DIR when API and workers share one machine). Workers may join and
 * leave at any time; SIGTERM lets the running items finish and record.
 */
import { pino } from 'pino';
import { loadConfig } from './config.ts';
import { startBullWorker } from './jobs/bull.ts';
import { createWorkerPool } from './jobs/pool.ts';
import { openStore } from './store/open.ts';

/** Starts a worker; resolves once it takes jobs. */
export async function startWorker(concurrency: number | undefined, env: NodeJS.ProcessEnv = process.env): Promise<{ close: () => Promise<void> }> {
  const config = loadConfig(env);
  if (!config.redisUrl) throw new Error('PARALLAX_REDIS_URL is not set: a worker takes its items from BullMQ on Redis (without it, `parallax serve` runs batches itself).');
  const logger = pino({ level: config.logLevel });
  const size = concurrency ?? config.workers;
  const store = await openStore(config);
  const pool = createWorkerPool({ size, taskTimeoutMs: config.taskTimeoutMs, heapMb: config.workerHeapMb, onError: (cause, task) => logger.error({ cause, task }, 'task failed unexpectedly') });
  const w = startBullWorker(store, pool, {
    redisUrl: config.redisUrl,
    prefix: config.queuePrefix,
    // Twice the threads in jobs at once: one job's store round trips overlap another's comparison.
    concurrency: size * 2,
    lockMs: config.workerLockMs,
    fetch: { allowPrivateAddresses: config.allowPrivateUrls },
    policy: { ceilings: config.ceilings, maxResultChars: config.maxResultMb * 1_000_000 },
    onError: (job, err) => logger.error({ err, job }, 'batch item job failed'),
  });
  await w.worker.waitUntilReady();
  logger.info({ concurrency: size, store: config.databaseUrl ? 'postgresql' : 'sqlite' }, 'parallax worker taking jobs');
  let closing: Promise<void> | undefined;
  return {
    close: () => (closing ??= (async () => {
      await w.close();
      await pool.close();
      await store.close();
      logger.info('worker stopped');
    })()),
  };
}
