/**
 * What the server persists: saved comparisons, and batches with their items. An interface, so the
 * routes and the job queue do not depend on one database: `sqlite.ts` is the embedded
 * implementation, `postgres.ts` the shared one. Every method is asynchronous (a networked database
 * can only answer later); both pass the contract suite in `test/server/store-contract.test.ts`.
 */

/** A saved comparison's listing entry (the comparison JSON itself is fetched separately). */
export interface ComparisonSummary {
  id: string;
  createdAt: string;
  title: string;
  articleCount: number;
  outlets: string[];
}

/** What the store keeps of each finding of a saved comparison: enough to check and show a mark without reading the comparison. */
export interface FindingDigest {
  key: string;
  ruleId: string;
  reason: string;
}

/** A mark as stored: the engine's `ReviewMark` without `current`, which depends on the comparison as it now stands. */
export interface StoredMark {
  status: 'confirmed' | 'dismissed';
  note: string;
  at: string;
  ruleId: string;
  reason: string;
}

/** A saved comparison's content, as saved and as replaced by a re-run. */
export interface ComparisonContent extends Omit<ComparisonSummary, 'id' | 'createdAt'> {
  json: string;
  uiJson?: string;
  uiGzip?: Uint8Array;
  /** Its findings' keys, rules and reasons. */
  findings: FindingDigest[];
}

/** `receiving`: items still being stored (not yet acknowledged); such a batch left by a crash is discarded. */
export type BatchStatus = 'receiving' | 'queued' | 'running' | 'done' | 'cancelled';
export type ItemStatus = 'pending' | 'done' | 'failed' | 'cancelled';

export interface BatchRecord {
  id: string;
  createdAt: string;
  status: BatchStatus;
  total: number;
  done: number;
  failed: number;
  cancelled: number;
  /** When the first item finished and the last one did (ISO), for the ETA. */
  firstFinishedAt: string | null;
  finishedAt: string | null;
}

/** Who may act on a batch. */
export interface BatchAuth {
  tokenHash: string;
  owner: string | null;
}

/** One item of a batch, as stored: the request line and, once finished, its result row. */
/** One item of an upload as stored: its request text and its line (null in a JSON array). */
export interface UploadedItem {
  request: string;
  line: number | null;
}

export interface BatchItem {
  batchId: string;
  index: number;
  /** The request as submitted (JSON text), kept until the item finishes. */
  request: string;
  /** Its line in an NDJSON upload (1-based, blank lines counted), or null (a JSON array). */
  line: number | null;
  status: ItemStatus;
  /** The output row (JSON text: `{"id", "comparison"}` or `{"id", "error"}`). */
  result: string | null;
}

/** What a listing shows of a batch item. */
export interface ItemSummary {
  index: number;
  /** The request's own id, or null. */
  id: string | number | null;
  line: number | null;
  status: ItemStatus;
}

/** An item's result, as the queue records it. */
export interface FinishedItem {
  batchId: string;
  index: number;
  status: 'done' | 'failed';
  result: string;
}

export interface Store {
  /** Saves a comparison; `listed` ones appear in `listComparisons`, the others only by id. */
  saveComparison(entry: ComparisonSummary & ComparisonContent & { deleteTokenHash: string; listed: boolean }): Promise<void>;
  /** Replaces a saved comparison's content (a re-run after an edit); its id, token, listing and marks stay. Returns whether it existed. */
  replaceComparison(id: string, content: ComparisonContent): Promise<boolean>;
  /** The keys, rules and reasons of a saved comparison's findings; null for one saved before they were kept; undefined for no comparison. */
  getFindingDigests(id: string): Promise<FindingDigest[] | null | undefined>;
  /** A saved comparison's marks by finding key, or undefined when there is no such comparison. */
  getMarks(id: string): Promise<Record<string, StoredMark> | undefined>;
  /**
   * Sets (or, with null, clears) the mark on one finding key, in one transaction. Refuses (returns
   * 'full') when the comparison already has `maxMarks` marks and this key has none.
   */
  setMark(id: string, key: string, mark: StoredMark | null, maxMarks: number): Promise<'ok' | 'missing' | 'full'>;
  /** The UI's compact form, gzipped, when stored. */
  getComparisonUiGzip(id: string): Promise<Uint8Array | undefined>;
  /** The comparison JSON text (or its compact UI form, when asked and stored), or undefined. */
  getComparisonJson(id: string, view?: 'full' | 'ui'): Promise<string | undefined>;
  getComparison(id: string): Promise<(ComparisonSummary & { deleteTokenHash: string }) | undefined>;
  /** Listed comparisons, newest first, `limit` from `offset`, with their total count. */
  listComparisons(limit: number, offset: number): Promise<{ items: ComparisonSummary[]; total: number }>;
  deleteComparison(id: string): Promise<boolean>;

  /**
   * Creates a batch in the `receiving` state (its total is set when the upload completes).
   * `tokenHash` guards cancel and delete; `owner` (a hash of the API key that made it, or null
   * without keys) is who may see it.
   */
  createBatch(id: string, createdAt: string, auth: BatchAuth): Promise<void>;
  /** Sets the number of items once they are all stored. */
  setBatchTotal(id: string, total: number): Promise<void>;
  getBatchAuth(id: string): Promise<BatchAuth | undefined>;
  /** Removes a batch and all its items. Returns whether it existed. */
  deleteBatch(id: string): Promise<boolean>;
  /**
   * Stores request lines as items `from`, `from + 1`... (one transaction per call; the caller
   * stores a large batch in several calls and yields between them). Each item's id (echoed in
   * its rows) is its request's string or number `id`, else null.
   */
  addBatchItems(id: string, from: number, items: readonly UploadedItem[]): Promise<void>;
  /** Item ids given to more than one item of a batch (up to `limit`, first seen first). */
  duplicateItemIds(batchId: string, limit: number): Promise<Array<string | number>>;
  /** Removes batches still `receiving` (a crash before they were acknowledged). Returns how many. */
  discardIncompleteBatches(): Promise<number>;
  getBatch(id: string): Promise<BatchRecord | undefined>;
  /** A batch's status alone (one row, no item counts): what a worker reads before each item. */
  batchStatus(id: string): Promise<BatchStatus | undefined>;
  /**
   * Marks a queued or running batch `done`, finished at `at`, if none of its items is pending
   * (one statement: cheap after every item, however large the batch). Returns whether it did.
   */
  completeBatchIfDone(id: string, at: string): Promise<boolean>;
  /** Batches with items still pending (to resume after a restart), oldest first. */
  unfinishedBatches(): Promise<string[]>;
  /** Up to `limit` pending items of a batch from `fromIndex` on, in input order. */
  pendingItems(batchId: string, fromIndex: number, limit: number): Promise<BatchItem[]>;
  /**
   * Records an item's result, only if it is still pending (so an item re-run after a crash is
   * never recorded twice). Returns whether it was recorded.
   */
  finishItem(batchId: string, index: number, status: 'done' | 'failed', result: string, at: string): Promise<boolean>;
  /** `finishItem` for several items in one transaction (one commit instead of one each). Returns how many were recorded. */
  finishItems(items: readonly FinishedItem[], at: string): Promise<number>;
  /** Finished items from `fromIndex`, in input order, stopping at the first unfinished one. */
  finishedItems(batchId: string, fromIndex: number, limit: number): Promise<BatchItem[]>;
  /** Items from `fromIndex` in input order, without their requests or results: index, id, line and status. */
  itemSummaries(batchId: string, fromIndex: number, limit: number): Promise<ItemSummary[]>;
  /** Failed items at or after `fromIndex`, in input order (any finished so far, whatever is still pending before them). */
  failedItems(batchId: string, fromIndex: number, limit: number): Promise<BatchItem[]>;
  setBatchStatus(id: string, status: BatchStatus, at?: string): Promise<void>;
  /**
   * Cancels a batch in one transaction: pending items not in `running` get a cancellation row,
   * the batch is marked cancelled. Running items stay pending and record their own results.
   * Returns how many items were cancelled.
   */
  cancelBatch(batchId: string, running: readonly number[], at: string): Promise<number>;
  /**
   * Gives every item still pending in a cancelled batch its cancellation row (items that were
   * running when a previous process stopped). Run at start, before any work. Returns how many.
   */
  closeCancelledBatches(at: string): Promise<number>;
  close(): Promise<void>;
}

/** A store's methods as a synchronous implementation has them (SQLite answers at once): `asyncStore` wraps one. */
export type SyncStore = { [K in keyof Store]: Store[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : never };

/**
 * A store of a synchronous implementation. Each call still answers on a later turn of the event
 * loop, as a networked store would, so callers cannot come to rely on answers being immediate.
 */
export function asyncStore(sync: SyncStore): Store {
  const out = {} as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of Object.keys(sync) as Array<keyof SyncStore>) {
    const fn = sync[name] as (...args: unknown[]) => unknown;
    out[name] = async (...args) => fn(...args);
  }
  return out as unknown as Store;
}
