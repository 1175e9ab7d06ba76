/**
 * The embedded store: SQLite through better-sqlite3 (synchronous, in-process, no service to run;
 * wrapped in the asynchronous `Store` interface).
 * WAL journal so readers never wait for the writer; every item result is one UPDATE guarded by
 * `status = 'pending'`, which is what makes crash recovery exactly-once.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { asyncStore, type BatchItem, type BatchRecord, type BatchStatus, type ComparisonContent, type ComparisonSummary, type FindingDigest, type FinishedItem, type Store, type StoredMark, type SyncStore, type UploadedItem } from './store.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS comparisons (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  title TEXT NOT NULL,
  article_count INTEGER NOT NULL,
  outlets TEXT NOT NULL,
  json TEXT NOT NULL,
  ui_json TEXT,
  ui_gzip BLOB,
  delete_token_hash TEXT NOT NULL,
  listed INTEGER NOT NULL DEFAULT 0,
  findings TEXT,
  marks TEXT
);
CREATE INDEX IF NOT EXISTS comparisons_created ON comparisons (created_at DESC, id);
CREATE TABLE IF NOT EXISTS batches (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  status TEXT NOT NULL,
  total INTEGER NOT NULL,
  first_finished_at TEXT,
  finished_at TEXT,
  token_hash TEXT,
  owner TEXT
);
CREATE TABLE IF NOT EXISTS batch_items (
  batch_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  item_id TEXT NOT NULL,
  request TEXT,
  status TEXT NOT NULL,
  result TEXT,
  line INTEGER,
  PRIMARY KEY (batch_id, idx)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS batch_items_status ON batch_items (batch_id, status, idx);
`;

interface ItemRow {
  batch_id: string;
  idx: number;
  request: string | null;
  status: BatchItem['status'];
  result: string | null;
  line: number | null;
}

function toItem(r: ItemRow): BatchItem {
  return { batchId: r.batch_id, index: r.idx, request: r.request ?? '', status: r.status, result: r.result, line: r.line };
}

/** Opens (creating if needed) the database `parallax.db` in `dataDir`; `:memory:` for tests. */
export function openSqliteStore(dataDir: string | ':memory:'): Store {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    mkdirSync(dataDir, { recursive: true });
    file = join(dataDir, 'parallax.db');
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL with WAL: a committed transaction survives a process crash (SIGKILL); only an OS crash
  // or power loss can lose the last ones, which a batch then simply re-runs.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  // Databases made before the UI's compact form existed gain its column.
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(comparisons)').all().map((c) => c.name);
  if (!columns.includes('ui_json')) db.exec('ALTER TABLE comparisons ADD COLUMN ui_json TEXT');
  // ... and batch items before error rows named their line.
  const itemColumns = db.prepare<[], { name: string }>('PRAGMA table_info(batch_items)').all().map((c) => c.name);
  if (!itemColumns.includes('line')) db.exec('ALTER TABLE batch_items ADD COLUMN line INTEGER');
  if (!columns.includes('ui_gzip')) db.exec('ALTER TABLE comparisons ADD COLUMN ui_gzip BLOB');
  // Comparisons saved before listing was opt-in become unlisted: private unless their saver shares them.
  if (!columns.includes('listed')) db.exec('ALTER TABLE comparisons ADD COLUMN listed INTEGER NOT NULL DEFAULT 0');
  const batchColumns = db.prepare<[], { name: string }>('PRAGMA table_info(batches)').all().map((c) => c.name);
  if (!batchColumns.includes('token_hash')) db.exec('ALTER TABLE batches ADD COLUMN token_hash TEXT');
  if (!batchColumns.includes('owner')) db.exec('ALTER TABLE batches ADD COLUMN owner TEXT');
  // ... and comparisons before reviewers could mark their findings.
  if (!columns.includes('findings')) db.exec('ALTER TABLE comparisons ADD COLUMN findings TEXT');
  if (!columns.includes('marks')) db.exec('ALTER TABLE comparisons ADD COLUMN marks TEXT');

  const q = {
    insertComparison: db.prepare(`INSERT INTO comparisons (id, created_at, title, article_count, outlets, json, ui_json, ui_gzip, delete_token_hash, listed, findings)
      VALUES (@id, @createdAt, @title, @articleCount, @outlets, @json, @uiJson, @uiGzip, @deleteTokenHash, @listed, @findings)`),
    replaceComparison: db.prepare(`UPDATE comparisons SET title = @title, article_count = @articleCount, outlets = @outlets, json = @json, ui_json = @uiJson,
      ui_gzip = @uiGzip, findings = @findings WHERE id = @id`),
    findings: db.prepare<[string], { findings: string | null }>('SELECT findings FROM comparisons WHERE id = ?'),
    marks: db.prepare<[string], { marks: string | null }>('SELECT marks FROM comparisons WHERE id = ?'),
    setMarks: db.prepare<[string, string]>('UPDATE comparisons SET marks = ? WHERE id = ?'),
    comparisonUiGzip: db.prepare<[string], { ui_gzip: Buffer | null }>('SELECT ui_gzip FROM comparisons WHERE id = ?'),
    comparisonJson: db.prepare<[string], { json: string }>('SELECT json FROM comparisons WHERE id = ?'),
    comparisonUiJson: db.prepare<[string], { json: string }>('SELECT coalesce(ui_json, json) AS json FROM comparisons WHERE id = ?'),
    comparison: db.prepare<[string], { id: string; created_at: string; title: string; article_count: number; outlets: string; delete_token_hash: string }>(
      'SELECT id, created_at, title, article_count, outlets, delete_token_hash FROM comparisons WHERE id = ?'),
    listComparisons: db.prepare<[number, number], { id: string; created_at: string; title: string; article_count: number; outlets: string }>(
      'SELECT id, created_at, title, article_count, outlets FROM comparisons WHERE listed = 1 ORDER BY created_at DESC, id LIMIT ? OFFSET ?'),
    countComparisons: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM comparisons WHERE listed = 1'),
    deleteComparison: db.prepare<[string]>('DELETE FROM comparisons WHERE id = ?'),
    insertBatch: db.prepare<[string, string, string, string | null]>("INSERT INTO batches (id, created_at, status, total, token_hash, owner) VALUES (?, ?, 'receiving', 0, ?, ?)"),
    setTotal: db.prepare<[number, string]>('UPDATE batches SET total = ? WHERE id = ?'),
    batchAuth: db.prepare<[string], { token_hash: string | null; owner: string | null }>('SELECT token_hash, owner FROM batches WHERE id = ?'),
    // The item's id for its rows, read by SQLite's JSON functions (no parsing on the request thread).
    insertItem: db.prepare<{ b: string; i: number; r: string; l: number | null }>(
      `INSERT INTO batch_items (batch_id, idx, item_id, request, status, line) VALUES (@b, @i,
         CASE WHEN json_valid(@r) THEN (CASE WHEN json_type(@r, '$.id') IN ('text', 'integer', 'real') THEN json_quote(json_extract(@r, '$.id')) ELSE 'null' END) ELSE 'null' END,
         @r, 'pending', @l)`),
    duplicateIds: db.prepare<[string, number], { item_id: string }>(
      "SELECT item_id FROM batch_items WHERE batch_id = ? AND item_id <> 'null' GROUP BY item_id HAVING count(*) > 1 ORDER BY min(idx) LIMIT ?"),
    incompleteBatches: db.prepare<[], { id: string }>("SELECT id FROM batches WHERE status = 'receiving'"),
    deleteItems: db.prepare<[string]>('DELETE FROM batch_items WHERE batch_id = ?'),
    deleteBatch: db.prepare<[string]>('DELETE FROM batches WHERE id = ?'),
    batch: db.prepare<[string], { id: string; created_at: string; status: BatchStatus; total: number; first_finished_at: string | null; finished_at: string | null }>(
      'SELECT id, created_at, status, total, first_finished_at, finished_at FROM batches WHERE id = ?'),
    counts: db.prepare<[string], { status: string; n: number }>('SELECT status, count(*) AS n FROM batch_items WHERE batch_id = ? GROUP BY status'),
    unfinished: db.prepare<[], { id: string }>("SELECT id FROM batches WHERE status IN ('queued', 'running') ORDER BY created_at, id"),
    pending: db.prepare<[string, number, number], ItemRow>(
      "SELECT batch_id, idx, request, status, result, line FROM batch_items WHERE batch_id = ? AND status = 'pending' AND idx >= ? ORDER BY idx LIMIT ?"),
    finish: db.prepare<[string, string, string, number]>(
      "UPDATE batch_items SET status = ?, result = ?, request = NULL WHERE batch_id = ? AND idx = ? AND status = 'pending'"),
    firstFinished: db.prepare<[string, string]>('UPDATE batches SET first_finished_at = ? WHERE id = ? AND first_finished_at IS NULL'),
    finished: db.prepare<[string, number, number], ItemRow>(
      'SELECT batch_id, idx, NULL AS request, status, result, line FROM batch_items WHERE batch_id = ? AND idx >= ? ORDER BY idx LIMIT ?'),
    summaries: db.prepare<[string, number, number], { idx: number; item_id: string; line: number | null; status: BatchItem['status'] }>(
      'SELECT idx, item_id, line, status FROM batch_items WHERE batch_id = ? AND idx >= ? ORDER BY idx LIMIT ?'),
    failedFrom: db.prepare<[string, number, number], ItemRow>(
      "SELECT batch_id, idx, NULL AS request, status, result, line FROM batch_items WHERE batch_id = ? AND status = 'failed' AND idx >= ? ORDER BY idx LIMIT ?"),
    status: db.prepare<[string], { status: BatchStatus }>('SELECT status FROM batches WHERE id = ?'),
    complete: db.prepare<[string, string]>(`UPDATE batches SET status = 'done', finished_at = ? WHERE id = ? AND status IN ('queued', 'running')
      AND NOT EXISTS (SELECT 1 FROM batch_items WHERE batch_id = batches.id AND status = 'pending')`),
    setStatus: db.prepare<[BatchStatus, string | null, string]>('UPDATE batches SET status = ?, finished_at = coalesce(?, finished_at) WHERE id = ?'),
    // The row a cancelled item gets: its own id (kept as JSON text) and a cancellation error.
    cancelPending: db.prepare<[string, string]>(
      `UPDATE batch_items SET status = 'cancelled', request = NULL,
         result = '{"id":' || item_id || ',"error":{"code":"cancelled","message":"The batch was cancelled before this item ran."}}'
       WHERE batch_id = ? AND status = 'pending' AND idx NOT IN (SELECT value FROM json_each(?))`),
  };

  const addItems = db.transaction((id: string, from: number, items: readonly UploadedItem[]) => {
    items.forEach((it, k) => q.insertItem.run({ b: id, i: from + k, r: it.request, l: it.line }));
  });
  const finishOne = (batchId: string, index: number, status: 'done' | 'failed', result: string, at: string): boolean => {
    const changed = q.finish.run(status, result, batchId, index).changes > 0;
    if (changed) q.firstFinished.run(at, batchId);
    return changed;
  };
  const finishMany = db.transaction((items: readonly FinishedItem[], at: string): number =>
    items.reduce((n, it) => n + (finishOne(it.batchId, it.index, it.status, it.result, at) ? 1 : 0), 0));
  const discard = db.transaction((): number => {
    const ids = q.incompleteBatches.all().map((r) => r.id);
    for (const id of ids) {
      q.deleteItems.run(id);
      q.deleteBatch.run(id);
    }
    return ids.length;
  });

  const removeBatch = db.transaction((id: string): boolean => {
    q.deleteItems.run(id);
    return q.deleteBatch.run(id).changes > 0;
  });
  const closeCancelled = db.prepare<[]>(
    `UPDATE batch_items SET status = 'cancelled', request = NULL,
       result = '{"id":' || item_id || ',"error":{"code":"cancelled","message":"The batch was cancelled while this item ran, and the server stopped before it finished."}}'
     WHERE status = 'pending' AND batch_id IN (SELECT id FROM batches WHERE status = 'cancelled')`);

  const cancelBatch = db.transaction((batchId: string, running: readonly number[], at: string): number => {
    const n = q.cancelPending.run(batchId, JSON.stringify(running)).changes;
    q.setStatus.run('cancelled', at, batchId);
    return n;
  });

  const contentRow = (e: ComparisonContent) => ({
    title: e.title, articleCount: e.articleCount, json: e.json, outlets: JSON.stringify(e.outlets), findings: JSON.stringify(e.findings),
    uiJson: e.uiJson ?? null, uiGzip: e.uiGzip ? Buffer.from(e.uiGzip.buffer, e.uiGzip.byteOffset, e.uiGzip.byteLength) : null,
  });
  const readMarks = (id: string): Record<string, StoredMark> | undefined => {
    const r = q.marks.get(id);
    return r ? ((r.marks ? JSON.parse(r.marks) : {}) as Record<string, StoredMark>) : undefined;
  };
  // Read, change and write in one transaction: two reviewers marking at once never lose a mark.
  const setMark = db.transaction((id: string, key: string, mark: StoredMark | null, maxMarks: number): 'ok' | 'missing' | 'full' => {
    const marks = readMarks(id);
    if (!marks) return 'missing';
    if (mark && !Object.hasOwn(marks, key) && Object.keys(marks).length >= maxMarks) return 'full';
    if (mark) marks[key] = mark;
    else delete marks[key];
    q.setMarks.run(JSON.stringify(marks), id);
    return 'ok';
  });

  const sync: SyncStore = {
    saveComparison(e) {
      q.insertComparison.run({ ...contentRow(e), id: e.id, createdAt: e.createdAt, deleteTokenHash: e.deleteTokenHash, listed: e.listed ? 1 : 0 });
    },
    replaceComparison(id, content) {
      return q.replaceComparison.run({ ...contentRow(content), id }).changes > 0;
    },
    getFindingDigests(id) {
      const r = q.findings.get(id);
      return r ? (r.findings ? (JSON.parse(r.findings) as FindingDigest[]) : null) : undefined;
    },
    getMarks: readMarks,
    itemSummaries(batchId, fromIndex, limit) {
      // item_id is kept as JSON text (a string, a number or null).
      return q.summaries.all(batchId, fromIndex, limit).map((r) => ({ index: r.idx, id: JSON.parse(r.item_id) as string | number | null, line: r.line, status: r.status }));
    },
    setMark,
    getComparisonUiGzip(id) {
      const b = q.comparisonUiGzip.get(id)?.ui_gzip;
      return b ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : undefined;
    },
    getComparisonJson(id, view = 'full') {
      return (view === 'ui' ? q.comparisonUiJson : q.comparisonJson).get(id)?.json;
    },
    getComparison(id) {
      const r = q.comparison.get(id);
      if (!r) return undefined;
      return { id: r.id, createdAt: r.created_at, title: r.title, articleCount: r.article_count, outlets: JSON.parse(r.outlets) as string[], deleteTokenHash: r.delete_token_hash };
    },
    listComparisons(limit, offset) {
      const items: ComparisonSummary[] = q.listComparisons.all(limit, offset).map((r) => ({
        id: r.id, createdAt: r.created_at, title: r.title, articleCount: r.article_count, outlets: JSON.parse(r.outlets) as string[],
      }));
      return { items, total: q.countComparisons.get()?.n ?? 0 };
    },
    deleteComparison(id) {
      return q.deleteComparison.run(id).changes > 0;
    },
    createBatch(id, createdAt, auth) {
      q.insertBatch.run(id, createdAt, auth.tokenHash, auth.owner);
    },
    setBatchTotal(id, total) {
      q.setTotal.run(total, id);
    },
    getBatchAuth(id) {
      const r = q.batchAuth.get(id);
      // Batches made before tokens existed have none: nobody can cancel or delete them by token.
      return r ? { tokenHash: r.token_hash ?? '', owner: r.owner } : undefined;
    },
    deleteBatch(id) {
      return removeBatch(id);
    },
    addBatchItems(id, from, items) {
      addItems(id, from, items);
    },
    duplicateItemIds(batchId, limit) {
      return q.duplicateIds.all(batchId, limit).map((r) => JSON.parse(r.item_id) as string | number);
    },
    discardIncompleteBatches() {
      return discard();
    },
    getBatch(id) {
      const b = q.batch.get(id);
      if (!b) return undefined;
      const counts: Record<string, number> = {};
      for (const c of q.counts.all(id)) counts[c.status] = c.n;
      const rec: BatchRecord = {
        id: b.id, createdAt: b.created_at, status: b.status, total: b.total,
        done: counts['done'] ?? 0, failed: counts['failed'] ?? 0, cancelled: counts['cancelled'] ?? 0,
        firstFinishedAt: b.first_finished_at, finishedAt: b.finished_at,
      };
      return rec;
    },
    batchStatus(id) {
      return q.status.get(id)?.status;
    },
    completeBatchIfDone(id, at) {
      return q.complete.run(at, id).changes > 0;
    },
    unfinishedBatches() {
      return q.unfinished.all().map((r) => r.id);
    },
    pendingItems(batchId, fromIndex, limit) {
      return q.pending.all(batchId, fromIndex, limit).map(toItem);
    },
    finishItem(batchId, index, status, result, at) {
      return finishOne(batchId, index, status, result, at);
    },
    finishItems(items, at) {
      return finishMany(items, at);
    },
    finishedItems(batchId, fromIndex, limit) {
      const out: BatchItem[] = [];
      for (const r of q.finished.all(batchId, fromIndex, limit)) {
        if (r.status === 'pending') break;
        out.push(toItem(r));
      }
      return out;
    },
    failedItems(batchId, fromIndex, limit) {
      return q.failedFrom.all(batchId, fromIndex, limit).map(toItem);
    },
    setBatchStatus(id, status, at) {
      q.setStatus.run(status, at ?? null, id);
    },
    cancelBatch(batchId, running, at) {
      return cancelBatch(batchId, running, at);
    },
    closeCancelledBatches() {
      return closeCancelled.run().changes;
    },
    close() {
      // Fold the write-ahead log into the database file, so a stopped server leaves one file.
      if (file !== ':memory:') db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
  return asyncStore(sync);
}
