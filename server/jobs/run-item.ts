/** Runs one batch item on a worker pool: what the embedded queue and a `parallax worker` both do with an item. */
import type { FetchOptions } from '../fetch/fetch-url.ts';
import type { FinishedItem } from '../store/store.ts';
import type { WorkerPool } from './pool.ts';
import { prefetchPages } from './prefetch.ts';
import { parseBatchItem, resultRow, type TaskFailure, type TaskPolicy, type TaskResult } from './task.ts';

/** An item to run: its place, request text and upload line. */
export interface ItemToRun {
  batchId: string;
  index: number;
  request: string;
  line: number | null;
}

/**
 * Runs an item and returns its result row to record, or null when the pool is shutting down (the
 * item stays pending and runs again later).
 */
export async function runBatchItem(pool: WorkerPool, item: ItemToRun, options: { fetch: Partial<FetchOptions>; policy?: TaskPolicy }): Promise<FinishedItem | null> {
  const { batchId, index, request: requestJson, line } = item;
  const position = { item: index + 1, line };
  let status: 'done' | 'failed';
  let row: string;
  if (!/"url"\s*:/.test(requestJson)) {
    // The common case: the worker parses, compares and writes the row; the main thread only
    // moves strings (it shares the cores with the workers).
    const result = await pool.run({ kind: 'batch-item', requestJson, position, ...(options.policy ? { policy: options.policy } : {}) }, 'low');
    if (!result.ok && result.error.code === 'shutting-down') return null;
    if (result.ok && result.row) ({ status, row } = result.row);
    else ({ status, row } = resultRow(parseBatchItem(requestJson, options.policy).id, result, position));
  } else {
    // Articles to fetch: the I/O happens here, the extraction and comparison in a worker.
    const { id, task, error } = parseBatchItem(requestJson, options.policy);
    let result: TaskResult;
    if (error || !task) result = error!;
    else {
      const failures: TaskFailure[] = [];
      task.request.total = task.request.articles.length;
      task.request.articles = await prefetchPages(task.request.articles, options.fetch, failures);
      task.failures = failures;
      result = await pool.run(task, 'low');
    }
    if (!result.ok && result.error.code === 'shutting-down') return null;
    ({ status, row } = resultRow(id, result, position));
  }
  return { batchId, index, status, result: row };
}

/** The row of an item that failed unexpectedly (so the batch can still finish). */
export function unexpectedFailure(item: Pick<ItemToRun, 'batchId' | 'index' | 'line'>): FinishedItem {
  return { batchId: item.batchId, index: item.index, status: 'failed', result: resultRow(null, { ok: false, error: { status: 500, code: 'internal', message: 'This item failed unexpectedly.' } }, { item: item.index + 1, line: item.line }).row };
}
