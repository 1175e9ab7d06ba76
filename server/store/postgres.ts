/**
 * The shared store: PostgreSQL through `pg` with a connection pool, for API processes and batch
 * workers on several machines. The schema is made and migrated at start by the numbered files in
 * `migrations/postgres/` (under an advisory lock, so processes starting together apply each once).
 * Saved comparisons are gzipped on libuv's thread pool before they are sent; batch requests and
 * results are text that PostgreSQL compresses itself (lz4, migration 002), which costs a worker far
 * less CPU per item than gzip. An item's result is one UPDATE
 * guarded by `status = 'pending'`: whichever process records it first wins, the others change
 * nothing, so a re-run item is never recorded twice.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import pg from 'pg';
import { FROM_BUILD } from '../build-info.ts';
import type { BatchItem, BatchRecord, BatchStatus, ComparisonContent, FindingDigest, Store, StoredMark } from './store.ts';

const gz = promisify(gzip);
const gunz = promisify(gunzip);

// The SQL files stay in the source tree; the compiled build (dist/, one folder below the root) reads them there.
const MIGRATIONS = new URL(FROM_BUILD ? '../server/store/migrations/postgres/' : './migrations/postgres/', import.meta.url);
/** The advisory lock held while migrating (any constant; "parallax" in ASCII). */
const MIGRATION_LOCK = 0x706172616c6c6178n;

/** What the PostgreSQL store may be told. */
export interface PostgresStoreOptions {
  /** Connections in the pool (each API process and each worker process has its own pool). */
  poolSize: number;
  /** How long a query may run before PostgreSQL cancels it (ms). */
  statementTimeoutMs: number;
}

export const DEFAULT_POSTGRES_OPTIONS: PostgresStoreOptions = { poolSize: 10, statementTimeoutMs: 30_000 };

/** The numbered migration files, in order: `001_initial.sql`... */
export function migrationFiles(): Array<{ version: number; name: string; sql: string }> {
  return readdirSync(MIGRATIONS)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(new URL(f, MIGRATIONS), 'utf8') }));
}

/** Applies the migrations not yet recorded, each in its own transaction, under the migration lock. Returns the versions applied. */
async function migrate(pool: pg.Pool): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
    await client.query('CREATE TABLE IF NOT EXISTS parallax_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM parallax_migrations')).rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of migrationFiles()) {
      if (done.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO parallax_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.name} failed: ${(e as Error).message}`, { cause: e });
      }
      applied.push(m.version);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]).catch(() => undefined);
    client.release();
  }
}

/** The request's own id as JSON text (a string or a number), else "null"; a request that is not JSON has none. */
function itemIdOf(request: string): string {
  try {
    const v = (JSON.parse(request) as { id?: unknown } | null)?.id;
    return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) ? JSON.stringify(v) : 'null';
  } catch {
    return 'null';
  }
}

const text = async (b: Buffer | null): Promise<string | null> => (b ? (await gunz(b)).toString('utf8') : null);

interface ItemRow {
  batch_id: string;
  idx: number;
  request: string | null;
  request_gz: Buffer | null;
  status: BatchItem['status'];
  result: string | null;
  result_gz: Buffer | null;
  line: number | null;
}

async function toItem(r: ItemRow): Promise<BatchItem> {
  return { batchId: r.batch_id, index: r.idx, request: r.request ?? (await text(r.request_gz)) ?? '', status: r.status, result: r.result ?? (await text(r.result_gz)), line: r.line };
}

/** The row a cancelled item gets (as the SQLite store writes it): its own id and a cancellation error. */
const cancelRow = (message: string) => `'{"id":' || item_id || ',"error":{"code":"cancelled","message":"${message}"}}'`;

/**
 * Connects to PostgreSQL at `url`, migrates the schema, and returns the store. Fails (and closes
 * its pool) when the database cannot be reached or a migration fails.
 */
export async function openPostgresStore(url: string, options: Partial<PostgresStoreOptions> = {}): Promise<Store> {
  const o = { ...DEFAULT_POSTGRES_OPTIONS, ...options };
  const pool = new pg.Pool({ connectionString: url, max: o.poolSize, statement_timeout: o.statementTimeoutMs, connectionTimeoutMillis: 10_000 });
  // An idle connection the server drops (a restart) must not crash the process: the pool replaces it.
  pool.on('error', () => undefined);
  try {
    await migrate(pool);
  } catch (e) {
    await pool.end();
    throw e;
  }
  const q = <R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = []) => pool.query<R>(sql, params);
  /** Runs `fn` in one transaction on one connection. */
  const tx = async <T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  };
  const content = async (e: ComparisonContent) => [
    e.title, e.articleCount, JSON.stringify(e.outlets), await gz(e.json), e.uiJson !== undefined ? await gz(e.uiJson) : null,
    e.uiGzip ? Buffer.from(e.uiGzip.buffer, e.uiGzip.byteOffset, e.uiGzip.byteLength) : null, JSON.stringify(e.findings),
  ];
  // One statement (atomic on its own): the item's result, guarded by its pending status, and the
  // batch's first finish time when this is its first result. One round trip per item.
  const finishIn = async (c: pg.PoolClient | pg.Pool, batchId: string, index: number, status: 'done' | 'failed', result: string, at: string): Promise<boolean> => {
    const r = await c.query<{ n: string }>(`WITH item AS (
        UPDATE batch_items SET status = $1, result = $2, request = NULL, request_gz = NULL WHERE batch_id = $3 AND idx = $4 AND status = 'pending' RETURNING idx),
      first AS (
        UPDATE batches SET first_finished_at = $5 WHERE id = $3 AND first_finished_at IS NULL AND EXISTS (SELECT 1 FROM item) RETURNING id)
      SELECT count(*) AS n FROM item`, [status, result, batchId, index, at]);
    return Number(r.rows[0]?.n ?? 0) > 0;
  };
  const itemColumns = 'batch_id, idx, status, result, result_gz, line';

  return {
    async saveComparison(e) {
      await q(`INSERT INTO comparisons (id, created_at, delete_token_hash, listed, title, article_count, outlets, json_gz, ui_json_gz, ui_gzip, findings)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, [e.id, e.createdAt, e.deleteTokenHash, e.listed, ...(await content(e))]);
    },
    async replaceComparison(id, c) {
      const r = await q(`UPDATE comparisons SET title = $2, article_count = $3, outlets = $4, json_gz = $5, ui_json_gz = $6, ui_gzip = $7, findings = $8 WHERE id = $1`, [id, ...(await content(c))]);
      return (r.rowCount ?? 0) > 0;
    },
    async getFindingDigests(id) {
      const r = await q<{ findings: FindingDigest[] | null }>('SELECT findings FROM comparisons WHERE id = $1', [id]);
      const row = r.rows[0];
      return row ? row.findings : undefined;
    },
    async getMarks(id) {
      const r = await q<{ marks: Record<string, StoredMark> | null }>('SELECT marks FROM comparisons WHERE id = $1', [id]);
      const row = r.rows[0];
      return row ? (row.marks ?? {}) : undefined;
    },
    async setMark(id, key, mark, maxMarks) {
      // Read, change and write under the row's lock: two reviewers marking at once never lose a mark.
      return tx(async (c) => {
        const r = await c.query<{ marks: Record<string, StoredMark> | null }>('SELECT marks FROM comparisons WHERE id = $1 FOR UPDATE', [id]);
        const row = r.rows[0];
        if (!row) return 'missing' as const;
        const marks = row.marks ?? {};
        if (mark && !Object.hasOwn(marks, key) && Object.keys(marks).length >= maxMarks) return 'full' as const;
        if (mark) marks[key] = mark;
        else delete marks[key];
        await c.query('UPDATE comparisons SET marks = $2 WHERE id = $1', [id, JSON.stringify(marks)]);
        return 'ok' as const;
      });
    },
    async getComparisonUiGzip(id) {
      const b = (await q<{ ui_gzip: Buffer | null }>('SELECT ui_gzip FROM comparisons WHERE id = $1', [id])).rows[0]?.ui_gzip;
      return b ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : undefined;
    },
    async getComparisonJson(id, view = 'full') {
      const col = view === 'ui' ? 'coalesce(ui_json_gz, json_gz)' : 'json_gz';
      const b = (await q<{ b: Buffer }>(`SELECT ${col} AS b FROM comparisons WHERE id = $1`, [id])).rows[0]?.b;
      return b ? ((await text(b)) ?? undefined) : undefined;
    },
    async getComparison(id) {
      const r = (await q<{ id: string; created_at: string; title: string; article_count: number; outlets: string[]; delete_token_hash: string }>(
        'SELECT id, created_at, title, article_count, outlets, delete_token_hash FROM comparisons WHERE id = $1', [id])).rows[0];
      return r ? { id: r.id, createdAt: r.created_at, title: r.title, articleCount: r.article_count, outlets: r.outlets, deleteTokenHash: r.delete_token_hash } : undefined;
    },
    async listComparisons(limit, offset) {
      const [rows, count] = await Promise.all([
        q<{ id: string; created_at: string; title: string; article_count: number; outlets: string[] }>(
          'SELECT id, created_at, title, article_count, outlets FROM comparisons WHERE listed ORDER BY created_at DESC, id LIMIT $1 OFFSET $2', [limit, offset]),
        q<{ n: string }>('SELECT count(*) AS n FROM comparisons WHERE listed'),
      ]);
      return { items: rows.rows.map((r) => ({ id: r.id, createdAt: r.created_at, title: r.title, articleCount: r.article_count, outlets: r.outlets })), total: Number(count.rows[0]?.n ?? 0) };
    },
    async deleteComparison(id) {
      return ((await q('DELETE FROM comparisons WHERE id = $1', [id])).rowCount ?? 0) > 0;
    },

    async createBatch(id, createdAt, auth) {
      await q("INSERT INTO batches (id, created_at, status, total, token_hash, owner) VALUES ($1, $2, 'receiving', 0, $3, $4)", [id, createdAt, auth.tokenHash, auth.owner]);
    },
    async setBatchTotal(id, total) {
      await q('UPDATE batches SET total = $1 WHERE id = $2', [total, id]);
    },
    async getBatchAuth(id) {
      const r = (await q<{ token_hash: string | null; owner: string | null }>('SELECT token_hash, owner FROM batches WHERE id = $1', [id])).rows[0];
      return r ? { tokenHash: r.token_hash ?? '', owner: r.owner } : undefined;
    },
    async deleteBatch(id) {
      // Its items go with it (ON DELETE CASCADE).
      return ((await q('DELETE FROM batches WHERE id = $1', [id])).rowCount ?? 0) > 0;
    },
    async addBatchItems(id, from, items) {
      if (items.length === 0) return;
      await q(`INSERT INTO batch_items (batch_id, idx, item_id, request, status, line)
        SELECT $1, u.idx, u.item_id, u.request, 'pending', u.line FROM unnest($2::int[], $3::text[], $4::text[], $5::int[]) AS u(idx, item_id, request, line)`,
      [id, items.map((_, k) => from + k), items.map((it) => itemIdOf(it.request)), items.map((it) => it.request), items.map((it) => it.line)]);
    },
    async duplicateItemIds(batchId, limit) {
      const r = await q<{ item_id: string }>("SELECT item_id FROM batch_items WHERE batch_id = $1 AND item_id <> 'null' GROUP BY item_id HAVING count(*) > 1 ORDER BY min(idx) LIMIT $2", [batchId, limit]);
      return r.rows.map((x) => JSON.parse(x.item_id) as string | number);
    },
    async discardIncompleteBatches() {
      return (await q("DELETE FROM batches WHERE status = 'receiving'")).rowCount ?? 0;
    },
    async getBatch(id) {
      const b = (await q<{ id: string; created_at: string; status: BatchStatus; total: number; first_finished_at: string | null; finished_at: string | null }>(
        'SELECT id, created_at, status, total, first_finished_at, finished_at FROM batches WHERE id = $1', [id])).rows[0];
      if (!b) return undefined;
      const counts: Record<string, number> = {};
      for (const c of (await q<{ status: string; n: string }>('SELECT status, count(*) AS n FROM batch_items WHERE batch_id = $1 GROUP BY status', [id])).rows) counts[c.status] = Number(c.n);
      const rec: BatchRecord = {
        id: b.id, createdAt: b.created_at, status: b.status, total: b.total,
        done: counts['done'] ?? 0, failed: counts['failed'] ?? 0, cancelled: counts['cancelled'] ?? 0,
        firstFinishedAt: b.first_finished_at, finishedAt: b.finished_at,
      };
      return rec;
    },
    async batchStatus(id) {
      return (await q<{ status: BatchStatus }>('SELECT status FROM batches WHERE id = $1', [id])).rows[0]?.status;
    },
    async completeBatchIfDone(id, at) {
      const r = await q(`UPDATE batches SET status = 'done', finished_at = $2 WHERE id = $1 AND status IN ('queued', 'running')
        AND NOT EXISTS (SELECT 1 FROM batch_items WHERE batch_id = $1 AND status = 'pending')`, [id, at]);
      return (r.rowCount ?? 0) > 0;
    },
    async unfinishedBatches() {
      return (await q<{ id: string }>("SELECT id FROM batches WHERE status IN ('queued', 'running') ORDER BY created_at, id")).rows.map((r) => r.id);
    },
    async pendingItems(batchId, fromIndex, limit) {
      const r = await q<ItemRow>("SELECT batch_id, idx, request, request_gz, status, result, result_gz, line FROM batch_items WHERE batch_id = $1 AND status = 'pending' AND idx >= $2 ORDER BY idx LIMIT $3", [batchId, fromIndex, limit]);
      return Promise.all(r.rows.map(toItem));
    },
    async finishItem(batchId, index, status, result, at) {
      return finishIn(pool, batchId, index, status, result, at);
    },
    async finishItems(items, at) {
      if (items.length === 0) return 0;
      return tx(async (c) => {
        let n = 0;
        for (const it of items) if (await finishIn(c, it.batchId, it.index, it.status, it.result, at)) n += 1;
        return n;
      });
    },
    async finishedItems(batchId, fromIndex, limit) {
      const r = await q<ItemRow>(`SELECT ${itemColumns}, NULL AS request, NULL AS request_gz FROM batch_items WHERE batch_id = $1 AND idx >= $2 ORDER BY idx LIMIT $3`, [batchId, fromIndex, limit]);
      const out: ItemRow[] = [];
      for (const row of r.rows) {
        if (row.status === 'pending') break;
        out.push(row);
      }
      return Promise.all(out.map(toItem));
    },
    async itemSummaries(batchId, fromIndex, limit) {
      const r = await q<{ idx: number; item_id: string; line: number | null; status: BatchItem['status'] }>('SELECT idx, item_id, line, status FROM batch_items WHERE batch_id = $1 AND idx >= $2 ORDER BY idx LIMIT $3', [batchId, fromIndex, limit]);
      return r.rows.map((x) => ({ index: x.idx, id: JSON.parse(x.item_id) as string | number | null, line: x.line, status: x.status }));
    },
    async failedItems(batchId, fromIndex, limit) {
      const r = await q<ItemRow>(`SELECT ${itemColumns}, NULL AS request, NULL AS request_gz FROM batch_items WHERE batch_id = $1 AND status = 'failed' AND idx >= $2 ORDER BY idx LIMIT $3`, [batchId, fromIndex, limit]);
      return Promise.all(r.rows.map(toItem));
    },
    async setBatchStatus(id, status, at) {
      await q('UPDATE batches SET status = $1, finished_at = coalesce($2, finished_at) WHERE id = $3', [status, at ?? null, id]);
    },
    async cancelBatch(batchId, running, at) {
      return tx(async (c) => {
        const r = await c.query(`UPDATE batch_items SET status = 'cancelled', request = NULL, request_gz = NULL, result = ${cancelRow('The batch was cancelled before this item ran.')}
          WHERE batch_id = $1 AND status = 'pending' AND NOT (idx = ANY($2::int[]))`, [batchId, [...running]]);
        await c.query('UPDATE batches SET status = $1, finished_at = coalesce($2, finished_at) WHERE id = $3', ['cancelled', at, batchId]);
        return r.rowCount ?? 0;
      });
    },
    async closeCancelledBatches() {
      const r = await q(`UPDATE batch_items SET status = 'cancelled', request = NULL, request_gz = NULL,
          result = ${cancelRow('The batch was cancelled while this item ran, and the server stopped before it finished.')}
        WHERE status = 'pending' AND batch_id IN (SELECT id FROM batches WHERE status = 'cancelled')`);
      return r.rowCount ?? 0;
    },
    async close() {
      await pool.end();
    },
  };
}
