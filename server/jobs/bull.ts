/**
 * The distributed queue: BullMQ on Redis (when `PARALLAX_REDIS_URL` is set). The API process
 * stores a batch's items and queues one job per item; `parallax worker` processes, on any machine
 * that reaches Redis and the store, run them. A job names its item (`{batchId, index}`), never its
 * body: workers read the request from the store, so Redis holds a few hundred bytes per item.
 *
 * - Job id = batch id + "." + item index: adding an item that is already queued is a no-op, so a
 *   re-submitted or resumed item is never queued twice.
 * - A worker that dies leaves its job's lock to expire; BullMQ's stalled-job check moves the job
 *   back to waiting and another worker runs it. The store's guarded write (`finishItem` records
 *   only a pending item) keeps every result recorded exactly once, whoever finishes first.
 * - Cancel removes the jobs not yet started from Redis (on every worker at once, as they all read
 *   the same queue) and gives their items a cancellation row; running jobs finish and record.
 * - Completed and failed jobs are kept only up to `RETENTION`, so Redis memory stays bounded.
 */
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { FetchOptions } from '../fetch/fetch-url.ts';
import type { Store } from '../store/store.ts';
import type { WorkerPool } from './pool.ts';
import type { JobQueue } from './queue.ts';
import { runBatchItem, unexpectedFailure } from './run-item.ts';
import type { TaskPolicy } from './task.ts';

/** The BullMQ queue every API process and worker shares. */
export const QUEUE_NAME = 'parallax-items';

/** What a job carries: the item it names. */
export interface ItemJob {
  batchId: string;
  index: number;
}

/** Finished jobs kept in Redis (the store has the results; these are for inspection only). */
const RETENTION = { removeOnComplete: { count: 1_000 }, removeOnFail: { count: 5_000 } } as const;
/** Items read from the store (and jobs added to Redis) per round trip. */
const CHUNK = 500;
/**
 * Attempts per job: a job fails only when its worker throws (the store is unreachable); an item
 * whose comparison fails records an error row and completes. A stalled job is retried apart from these.
 */
const ATTEMPTS = 5;

/** Batches a worker remembers as started (cleared when full: forgetting one costs one status read). */
const SEEN_BATCHES = 10_000;

export const jobIdOf = (batchId: string, index: number): string => `${batchId}.${index}`;

/** Redis connection options from a `redis://` URL (BullMQ's workers need `maxRetriesPerRequest: null`). */
export function redisConnection(url: string): { url: string; maxRetriesPerRequest: null; enableOfflineQueue: boolean } {
  return { url, maxRetriesPerRequest: null, enableOfflineQueue: true };
}

/** Marks a batch done once every item has a row (any process may be the one that finishes it). */

/** The API process's side: queues a batch's items, cancels, resumes. Runs nothing itself. */
export function createBullQueue(store: Store, options: { redisUrl: string; prefix?: string; now?: () => Date; onError?: (error: unknown) => void }): JobQueue & { queue: Queue } {
  const now = options.now ?? (() => new Date());
  const queue = new Queue<ItemJob>(QUEUE_NAME, { connection: redisConnection(options.redisUrl), ...(options.prefix ? { prefix: options.prefix } : {}) });
  // Connection errors are retried by ioredis; they must not crash the process.
  queue.on('error', () => undefined);
  let closing = false;

  const enqueue = async (batchId: string): Promise<void> => {
    // Summaries, not items: the request bodies stay in the store (only the indexes are needed).
    for (let from = 0; ;) {
      const page = await store.itemSummaries(batchId, from, CHUNK);
      if (page.length === 0) break;
      from = page[page.length - 1]!.index + 1;
      const items = page.filter((it) => it.status === 'pending');
      if (items.length === 0) continue;
      await queue.addBulk(items.map((it) => ({
        name: 'item',
        data: { batchId, index: it.index },
        opts: { jobId: jobIdOf(batchId, it.index), attempts: ATTEMPTS, backoff: { type: 'exponential', delay: 1_000 }, ...RETENTION },
      })));
    }
    // A batch whose items had all finished (a resume after the last one) is closed here.
    await store.completeBatchIfDone(batchId, now().toISOString());
  };

  const resume = async (): Promise<void> => {
    await store.closeCancelledBatches(now().toISOString());
    // Items already queued keep their jobs (same id); those lost with Redis are queued again.
    for (const id of await store.unfinishedBatches()) await enqueue(id);
  };

  // A Redis that comes back after a restart may have lost its jobs (no persistence, or the last
  // second of an append-only file): on every reconnection the pending items are queued again.
  // Queued ones keep their job (same id), so this never runs an item twice; the store's guarded
  // write covers an item lost while a worker ran it and queued again.
  let requeueing: Promise<void> = Promise.resolve();
  const requeue = (): void => {
    if (closing) return;
    requeueing = requeueing.then(resume).catch((e: unknown) => options.onError?.(e));
  };
  // A connection of its own that does nothing but notice reconnections (BullMQ's are its own).
  const watch = new Redis(options.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
  watch.on('error', () => undefined);
  let connected = false;
  watch.on('ready', () => {
    if (connected) requeue();
    connected = true;
  });

  return {
    queue,
    enqueue,
    async cancel(batchId) {
      // Jobs not yet taken are removed; a job a worker holds (locked) cannot be, and is left to finish and record.
      const running: number[] = [];
      for (let from = 0; ;) {
        const page = await store.itemSummaries(batchId, from, CHUNK);
        if (page.length === 0) break;
        from = page[page.length - 1]!.index + 1;
        const items = page.filter((it) => it.status === 'pending');
        const removed = await Promise.all(items.map((it) => queue.remove(jobIdOf(batchId, it.index)).catch(() => 0)));
        for (const [k, it] of items.entries()) {
          if (removed[k] === 1) continue;
          const job = await queue.getJob(jobIdOf(batchId, it.index));
          if (job && (await job.isActive())) running.push(it.index);
        }
      }
      await store.cancelBatch(batchId, running, now().toISOString());
    },
    resume,
    async close() {
      closing = true;
      await requeueing;
      watch.disconnect();
      await queue.close();
    },
  };
}

/** What a `parallax worker` process is given. */
export interface BullWorkerOptions {
  redisUrl: string;
  prefix?: string;
  /** Jobs held at once (run on the worker threads of `pool`; more jobs than threads keeps them busy while others wait on the store). */
  concurrency: number;
  /** A job's lock lasts this long unrenewed; stalled jobs are looked for as often (ms). */
  lockMs?: number;
  fetch: Partial<FetchOptions>;
  policy?: TaskPolicy;
  now?: () => Date;
  onError?: (job: ItemJob | undefined, error: unknown) => void;
}

/**
 * Runs queued items: takes jobs, reads each item from the store, runs it on `pool`, records the
 * row (only if the item is still pending: cancelled, deleted or already recorded items are skipped),
 * and closes the batch when its last item is in. `close()` stops taking jobs and lets the running
 * ones finish and record.
 */
export function startBullWorker(store: Store, pool: WorkerPool, options: BullWorkerOptions): { worker: Worker; close: () => Promise<void> } {
  const now = options.now ?? (() => new Date());
  const seen = new Set<string>();
  const processItem = async (job: Job<ItemJob>): Promise<'recorded' | 'skipped'> => {
    const { batchId, index } = job.data;
    const [item] = await store.pendingItems(batchId, index, 1);
    if (!item || item.index !== index) return 'skipped';
    // A batch's status is read once per process (and moved from queued to running): its later
    // items need no look. A cancelled or deleted batch leaves no pending item to read above.
    if (!seen.has(batchId)) {
      const status = await store.batchStatus(batchId);
      if (!status || status === 'cancelled') return 'skipped';
      if (status === 'queued') await store.setBatchStatus(batchId, 'running');
      if (seen.size >= SEEN_BATCHES) seen.clear();
      seen.add(batchId);
    }
    let done;
    try {
      done = await runBatchItem(pool, item, options);
    } catch (e) {
      options.onError?.(job.data, e);
      done = unexpectedFailure(item);
    }
    // The pool is shutting down: the job fails, and is retried by another worker.
    if (!done) throw new Error('worker shutting down');
    const recorded = await store.finishItem(done.batchId, done.index, done.status, done.result, now().toISOString());
    // The item just recorded may be the batch's last.
    await store.completeBatchIfDone(batchId, now().toISOString());
    return recorded ? 'recorded' : 'skipped';
  };
  const worker = new Worker<ItemJob, 'recorded' | 'skipped'>(QUEUE_NAME, processItem, {
    connection: redisConnection(options.redisUrl),
    concurrency: options.concurrency,
    ...(options.lockMs ? { lockDuration: options.lockMs, stalledInterval: options.lockMs } : {}),
    ...(options.prefix ? { prefix: options.prefix } : {}),
  });
  worker.on('error', (e) => options.onError?.(undefined, e));
  worker.on('failed', (job, e) => options.onError?.(job?.data, e));
  return {
    worker,
    // Stops taking jobs and waits for the running ones.
    close: () => worker.close(),
  };
}
