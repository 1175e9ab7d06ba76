/**
 * Batch jobs. The routes see only `JobQueue`; the embedded implementation below runs items on
 * this process's worker pool, reading and writing their state through the `Store`. A queue with
 * workers on several machines (e.g. BullMQ on Redis) can implement the same interface: items are
 * persisted by the route before `enqueue`, and results go through `Store.finishItems`.
 */
import type { FinishedItem, Store } from '../store/store.ts';
import type { WorkerPool } from './pool.ts';
import type { TaskPolicy } from './task.ts';
import { runBatchItem, unexpectedFailure } from './run-item.ts';
import type { FetchOptions } from '../fetch/fetch-url.ts';

export interface JobQueue {
  /** Starts work on a batch whose items the store already holds. */
  enqueue(batchId: string): Promise<void>;
  /** Cancels a batch: pending items get a cancellation row; running ones finish. Resolves once the store says so. */
  cancel(batchId: string): Promise<void>;
  /** Picks up batches left unfinished by a previous process (after a crash or restart). */
  resume(): Promise<void>;
  /** Stops taking items, lets running ones finish and records them. */
  close(): Promise<void>;
}

export interface EmbeddedQueueOptions {
  /** Items in flight at once (a little above the pool size keeps every worker busy). */
  concurrency: number;
  fetch: Partial<FetchOptions>;
  /** What each item may ask for (the operator's ceilings, the largest result). */
  policy?: TaskPolicy;
  /** The clock, for timestamps (injected so tests can fix it). */
  now?: () => Date;
  /** Called when an item fails unexpectedly (for logs). */
  onError?: (batchId: string, index: number, error: unknown) => void;
}

/** Items read from the store per round trip. */
const CHUNK = 64;
/** Results written per transaction at most... */
const WRITE_BATCH = 32;
/** ...and the longest a result waits to be written (ms). */
const WRITE_DELAY_MS = 25;

/** The embedded queue: this process's worker pool, state in the store. */
export function createEmbeddedQueue(store: Store, pool: WorkerPool, options: EmbeddedQueueOptions): JobQueue {
  const now = options.now ?? (() => new Date());
  const order: string[] = [];
  const cancelled = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  /** Item indexes being worked on, per batch (a cancel leaves them to finish). */
  const running = new Map<string, Set<number>>();
  /** Next index to read per batch (items below it are finished or in flight). */
  const cursor = new Map<string, number>();
  let closing = false;
  let pumping = false;

  const runItem = async (batchId: string, index: number, requestJson: string, line: number | null): Promise<void> => {
    const done = await runBatchItem(pool, { batchId, index, request: requestJson, line }, options);
    if (done) record(done);
  };

  // Results are written a few at a time, in one transaction each: one commit per item would cost
  // the request thread more than the rest of an item's bookkeeping. A crash loses at most the
  // last few milliseconds of results, and those items simply run again (never twice recorded).
  let unwritten: FinishedItem[] = [];
  let flushTimer: NodeJS.Timeout | undefined;
  // Writes go one after another, in the order they were made: a cancel written after the results
  // in hand never overtakes them.
  let writes: Promise<unknown> = Promise.resolve();
  const flush = (): Promise<void> => {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = undefined;
    const items = unwritten;
    unwritten = [];
    const w = writes.then(() => (items.length > 0 ? store.finishItems(items, now().toISOString()) : 0));
    // A failed write is reported by whoever waits on it; the chain goes on for the next one.
    writes = w.catch(() => undefined);
    return w.then(() => undefined);
  };
  const record = (item: FinishedItem): void => {
    unwritten.push(item);
    const report = (e: unknown) => options.onError?.(item.batchId, -1, e);
    if (unwritten.length >= WRITE_BATCH) flush().catch(report);
    else flushTimer ??= setTimeout(() => flush().catch(report), WRITE_DELAY_MS).unref();
  };

  const finishIfDone = async (batchId: string): Promise<void> => {
    await flush();
    const b = await store.getBatch(batchId);
    if (b && b.status !== 'cancelled' && b.done + b.failed + b.cancelled >= b.total) {
      await store.setBatchStatus(batchId, 'done', now().toISOString());
    }
  };

  const pump = async (): Promise<void> => {
    if (pumping) return;
    pumping = true;
    try {
      while (!closing && order.length > 0) {
        const batchId = order[0]!;
        if (cancelled.has(batchId)) {
          order.shift();
          continue;
        }
        const from = cursor.get(batchId) ?? 0;
        const items = await store.pendingItems(batchId, from, CHUNK);
        if (items.length === 0) {
          // Everything read; wait for this batch's last items, then close it.
          await Promise.all(inFlight);
          await finishIfDone(batchId);
          order.shift();
          cursor.delete(batchId);
          continue;
        }
        await store.setBatchStatus(batchId, 'running');
        for (const item of items) {
          if (closing || cancelled.has(batchId)) break;
          while (inFlight.size >= options.concurrency) await Promise.race(inFlight);
          cursor.set(batchId, item.index + 1);
          const mine = running.get(batchId) ?? new Set<number>();
          running.set(batchId, mine);
          mine.add(item.index);
          const p = runItem(batchId, item.index, item.request, item.line)
            .catch((e: unknown) => {
              options.onError?.(batchId, item.index, e);
              // An item that failed unexpectedly still gets its row, so the batch can finish.
              try {
                record(unexpectedFailure({ batchId, index: item.index, line: item.line }));
              } catch (err) {
                options.onError?.(batchId, item.index, err);
              }
            })
            .finally(() => {
              inFlight.delete(p);
              mine.delete(item.index);
            });
          inFlight.add(p);
        }
      }
    } finally {
      pumping = false;
    }
  };

  const start = (batchId: string): void => {
    if (closing || order.includes(batchId)) return;
    order.push(batchId);
    kick();
  };

  /** Runs the pump; a store error (disk full, database busy) is logged and retried, never left unhandled. */
  const kick = (): void => {
    pump().catch((e: unknown) => {
      options.onError?.(order[0] ?? '', -1, e);
      if (!closing) setTimeout(kick, 1_000).unref();
    });
  };

  return {
    async enqueue(batchId) {
      start(batchId);
    },
    async cancel(batchId) {
      // No more of its items start from now; results already in hand are written first, so the
      // cancel does not overwrite them.
      // The items running now are left to finish and record; taken before the flush, so one that
      // finishes meanwhile is either written by it or still left alone by the cancel.
      cancelled.add(batchId);
      const runningNow = [...(running.get(batchId) ?? [])];
      await flush();
      const c = writes.then(() => store.cancelBatch(batchId, runningNow, now().toISOString()));
      writes = c.catch(() => undefined);
      await c;
    },
    async resume() {
      // Items that were running when a cancelled batch's process stopped will never run: they
      // get their cancellation row now, so the batch is final and its results complete.
      await store.closeCancelledBatches(now().toISOString());
      for (const id of await store.unfinishedBatches()) start(id);
    },
    async close() {
      closing = true;
      await Promise.all(inFlight);
      await flush();
    },
  };
}
