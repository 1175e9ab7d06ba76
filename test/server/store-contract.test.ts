/**
 * The Store contract: every implementation (SQLite in memory and on disk, PostgreSQL) passes the
 * same tests, method by method, plus exactly-once recording under concurrent writers (two stores
 * on one database, as two processes would have).
 *
 * PostgreSQL runs when PARALLAX_TEST_DATABASE_URL names a server whose user may create databases
 * (`.ci/run` starts one); each run gets a throw-away database. Without it the PostgreSQL tests are
 * skipped, saying why, unless CI is set: then a missing server fails the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../server/store/postgres.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import type { FindingDigest, Store, StoredMark } from '../../server/store/store.ts';
import { freshDatabase, postgresMissing } from './postgres-helpers.ts';

interface Backend {
  name: string;
  /** A store on a fresh, empty database; `second()` opens another store on the same database. */
  open: () => Promise<{ store: Store; second: () => Promise<Store>; dispose: () => Promise<void> }>;
}

const pgMissing = postgresMissing('The PostgreSQL store contract tests');

const backends: Backend[] = [
  {
    name: 'SQLite in memory',
    open: async () => {
      const store = openSqliteStore(':memory:');
      return { store, second: async () => store, dispose: () => store.close() };
    },
  },
  {
    name: 'SQLite on disk',
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'parallax-store-'));
      const opened: Store[] = [openSqliteStore(dir)];
      return {
        store: opened[0]!,
        second: async () => {
          const s = openSqliteStore(dir);
          opened.push(s);
          return s;
        },
        dispose: async () => {
          for (const s of opened) await s.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
];
if (!pgMissing) {
  backends.push({
    name: 'PostgreSQL',
    open: async () => {
      const db = await freshDatabase();
      const opened: Store[] = [await openPostgresStore(db.url, { poolSize: 4 })];
      return {
        store: opened[0]!,
        second: async () => {
          const s = await openPostgresStore(db.url, { poolSize: 4 });
          opened.push(s);
          return s;
        },
        dispose: async () => {
          for (const s of opened) await s.close();
          await db.drop();
        },
      };
    },
  });
}

const AT = '2026-12-01T10:00:00.000Z';
const digest: FindingDigest[] = [{ key: '0123456789abcdef', ruleId: 'wording/loaded', reason: 'A loaded word.' }];
const mark: StoredMark = { status: 'confirmed', note: 'checked', at: AT, ruleId: 'wording/loaded', reason: 'A loaded word.' };
const comparison = (id: string, createdAt: string, listed: boolean) => ({
  id, createdAt, title: `Event ${id}`, articleCount: 2, outlets: ['Wire', 'Ledger'], json: JSON.stringify({ id, big: 'x'.repeat(50_000) }),
  uiJson: JSON.stringify({ id, view: true }), uiGzip: new Uint8Array([31, 139, 8, 0]), findings: digest, deleteTokenHash: `hash-${id}`, listed,
});
const row = (id: unknown, extra = '') => `{"id":${JSON.stringify(id)},"comparison":{}${extra}}`;

for (const backend of backends) {
  describe(`Store contract: ${backend.name}`, () => {
    const disposers: Array<() => Promise<void>> = [];
    afterAll(async () => {
      for (const d of disposers) await d();
    });
    const fresh = async () => {
      const o = await backend.open();
      disposers.push(o.dispose);
      return o;
    };

    it('saves, reads, lists (listed only, newest first, paged), replaces and deletes comparisons', async () => {
      const { store } = await fresh();
      await store.saveComparison(comparison('c1', '2026-12-01T09:00:00.000Z', true));
      await store.saveComparison(comparison('c2', '2026-12-01T09:30:00.000Z', true));
      await store.saveComparison(comparison('c3', '2026-12-01T09:45:00.000Z', false));
      expect(await store.getComparison('c1')).toEqual({ id: 'c1', createdAt: '2026-12-01T09:00:00.000Z', title: 'Event c1', articleCount: 2, outlets: ['Wire', 'Ledger'], deleteTokenHash: 'hash-c1' });
      expect(await store.getComparison('nope')).toBeUndefined();
      expect(await store.getComparisonJson('c1')).toBe(comparison('c1', '', true).json);
      expect(await store.getComparisonJson('c1', 'ui')).toBe('{"id":"c1","view":true}');
      expect([...(await store.getComparisonUiGzip('c1'))!]).toEqual([31, 139, 8, 0]);
      expect(await store.getComparisonJson('nope')).toBeUndefined();
      expect(await store.getFindingDigests('c1')).toEqual(digest);
      expect(await store.getFindingDigests('nope')).toBeUndefined();
      const page = await store.listComparisons(1, 0);
      expect(page).toEqual({ total: 2, items: [{ id: 'c2', createdAt: '2026-12-01T09:30:00.000Z', title: 'Event c2', articleCount: 2, outlets: ['Wire', 'Ledger'] }] });
      expect((await store.listComparisons(10, 1)).items.map((i) => i.id)).toEqual(['c1']);
      // A re-run keeps id, token, listing and marks.
      expect(await store.setMark('c1', digest[0]!.key, mark, 10)).toBe('ok');
      expect(await store.replaceComparison('c1', { title: 'Renamed', articleCount: 3, outlets: ['A', 'B', 'C'], json: '{"id":"c1","v":2}', findings: [] })).toBe(true);
      expect(await store.replaceComparison('nope', { title: 'x', articleCount: 2, outlets: [], json: '{}', findings: [] })).toBe(false);
      expect(await store.getComparison('c1')).toMatchObject({ title: 'Renamed', articleCount: 3, deleteTokenHash: 'hash-c1' });
      expect(await store.getComparisonJson('c1', 'ui')).toBe('{"id":"c1","v":2}');
      expect(await store.getComparisonUiGzip('c1')).toBeUndefined();
      expect(await store.getMarks('c1')).toEqual({ [digest[0]!.key]: mark });
      expect((await store.listComparisons(10, 0)).items.map((i) => i.id)).toEqual(['c2', 'c1']);
      expect(await store.deleteComparison('c1')).toBe(true);
      expect(await store.deleteComparison('c1')).toBe(false);
      expect(await store.getComparison('c1')).toBeUndefined();
    });

    it('sets and clears marks, refuses past the limit, and says when there is no comparison', async () => {
      const { store } = await fresh();
      await store.saveComparison(comparison('m1', AT, false));
      expect(await store.getMarks('m1')).toEqual({});
      expect(await store.getMarks('nope')).toBeUndefined();
      expect(await store.setMark('nope', 'k', mark, 10)).toBe('missing');
      expect(await store.setMark('m1', 'k1', mark, 2)).toBe('ok');
      expect(await store.setMark('m1', 'k2', { ...mark, status: 'dismissed' }, 2)).toBe('ok');
      expect(await store.setMark('m1', 'k3', mark, 2)).toBe('full');
      // Changing a key that has a mark is allowed at the limit.
      expect(await store.setMark('m1', 'k1', { ...mark, note: 'again' }, 2)).toBe('ok');
      expect(await store.setMark('m1', 'k2', null, 2)).toBe('ok');
      expect(await store.getMarks('m1')).toEqual({ k1: { ...mark, note: 'again' } });
      // Many reviewers at once: no mark is lost.
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.setMark('m1', `p${i}`, mark, 100)));
      expect(Object.keys((await store.getMarks('m1'))!)).toHaveLength(21);
    });

    it('stores a batch as it arrives, with item ids, lines, duplicates, and discards unacknowledged uploads', async () => {
      const { store } = await fresh();
      await store.createBatch('b1', AT, { tokenHash: 'th', owner: 'key-1' });
      expect(await store.getBatch('b1')).toMatchObject({ id: 'b1', status: 'receiving', total: 0, done: 0 });
      expect(await store.getBatchAuth('b1')).toEqual({ tokenHash: 'th', owner: 'key-1' });
      expect(await store.getBatchAuth('nope')).toBeUndefined();
      await store.addBatchItems('b1', 0, [{ request: '{"id":"a","articles":[]}', line: 1 }, { request: '{"id":7}', line: 3 }]);
      await store.addBatchItems('b1', 2, [{ request: 'not json', line: 4 }, { request: '{"id":"a"}', line: 5 }, { request: '{"articles":[]}', line: 6 }]);
      expect(await store.duplicateItemIds('b1', 10)).toEqual(['a']);
      expect(await store.itemSummaries('b1', 1, 3)).toEqual([
        { index: 1, id: 7, line: 3, status: 'pending' },
        { index: 2, id: null, line: 4, status: 'pending' },
        { index: 3, id: 'a', line: 5, status: 'pending' },
      ]);
      await store.createBatch('b2', AT, { tokenHash: 'th2', owner: null });
      expect(await store.discardIncompleteBatches()).toBe(2);
      expect(await store.getBatch('b1')).toBeUndefined();
      expect(await store.itemSummaries('b1', 0, 10)).toEqual([]);
    });

    it('runs a batch: pending items in order, results recorded once, finished rows in input order, failures listed', async () => {
      const { store } = await fresh();
      await store.createBatch('r1', '2026-12-01T08:00:00.000Z', { tokenHash: 't', owner: null });
      await store.addBatchItems('r1', 0, Array.from({ length: 5 }, (_, i) => ({ request: `{"id":"i${i}","n":${i}}`, line: i + 1 })));
      await store.setBatchTotal('r1', 5);
      await store.setBatchStatus('r1', 'queued');
      expect(await store.unfinishedBatches()).toEqual(['r1']);
      const pending = await store.pendingItems('r1', 1, 2);
      expect(pending.map((p) => [p.index, p.request, p.line, p.status])).toEqual([[1, '{"id":"i1","n":1}', 2, 'pending'], [2, '{"id":"i2","n":2}', 3, 'pending']]);
      expect(await store.finishItem('r1', 1, 'done', row('i1'), AT)).toBe(true);
      expect(await store.finishItem('r1', 1, 'failed', row('i1', ',"again":1'), AT)).toBe(false);
      // Item 0 is not finished: rows stop before it.
      expect(await store.finishedItems('r1', 0, 10)).toEqual([]);
      expect(await store.finishItems([
        { batchId: 'r1', index: 0, status: 'done', result: row('i0') },
        { batchId: 'r1', index: 1, status: 'done', result: row('i1', ',"twice":1') },
        { batchId: 'r1', index: 3, status: 'failed', result: '{"id":"i3","error":{"code":"x","message":"bad"}}' },
      ], '2026-12-01T10:05:00.000Z')).toBe(2);
      const finished = await store.finishedItems('r1', 0, 10);
      expect(finished.map((f) => [f.index, f.status, f.result])).toEqual([[0, 'done', row('i0')], [1, 'done', row('i1')]]);
      expect((await store.failedItems('r1', 0, 10)).map((f) => [f.index, f.result])).toEqual([[3, '{"id":"i3","error":{"code":"x","message":"bad"}}']]);
      expect((await store.pendingItems('r1', 0, 10)).map((p) => p.index)).toEqual([2, 4]);
      await store.setBatchStatus('r1', 'running');
      expect(await store.batchStatus('r1')).toBe('running');
      expect(await store.batchStatus('nope')).toBeUndefined();
      expect(await store.getBatch('r1')).toEqual({ id: 'r1', createdAt: '2026-12-01T08:00:00.000Z', status: 'running', total: 5, done: 2, failed: 1, cancelled: 0, firstFinishedAt: AT, finishedAt: null });
      // Not done while an item is pending.
      expect(await store.completeBatchIfDone('r1', '2026-12-01T10:30:00.000Z')).toBe(false);
      await store.finishItems([{ batchId: 'r1', index: 2, status: 'done', result: row('i2') }], AT);
      expect(await store.completeBatchIfDone('r1', '2026-12-01T10:30:00.000Z')).toBe(false);
      expect(await store.finishItem('r1', 4, 'done', row('i4'), AT)).toBe(true);
      expect(await store.completeBatchIfDone('r1', '2026-12-01T11:00:00.000Z')).toBe(true);
      // Once only: a second worker's check changes nothing.
      expect(await store.completeBatchIfDone('r1', '2026-12-01T12:00:00.000Z')).toBe(false);
      expect(await store.getBatch('r1')).toMatchObject({ status: 'done', done: 4, failed: 1, firstFinishedAt: AT, finishedAt: '2026-12-01T11:00:00.000Z' });
      expect((await store.finishedItems('r1', 3, 10)).map((f) => f.index)).toEqual([3, 4]);
      expect(await store.unfinishedBatches()).toEqual([]);
      expect(await store.deleteBatch('r1')).toBe(true);
      expect(await store.deleteBatch('r1')).toBe(false);
      expect(await store.finishedItems('r1', 0, 10)).toEqual([]);
    });

    it('cancels: pending items get a cancellation row, running ones stay to record; a restart closes them', async () => {
      const { store } = await fresh();
      await store.createBatch('x1', AT, { tokenHash: 't', owner: null });
      await store.addBatchItems('x1', 0, [{ request: '{"id":"a"}', line: 1 }, { request: '{"id":2}', line: 2 }, { request: '{}', line: 3 }, { request: '{"id":"d"}', line: 4 }]);
      await store.setBatchTotal('x1', 4);
      await store.setBatchStatus('x1', 'running');
      await store.finishItem('x1', 0, 'done', row('a'), AT);
      expect(await store.cancelBatch('x1', [1, 3], '2026-12-01T10:10:00.000Z')).toBe(1);
      expect(await store.getBatch('x1')).toMatchObject({ status: 'cancelled', done: 1, cancelled: 1, finishedAt: '2026-12-01T10:10:00.000Z' });
      const cancelled = (await store.finishedItems('x1', 2, 1))[0]!;
      expect(cancelled.status).toBe('cancelled');
      expect(JSON.parse(cancelled.result!)).toEqual({ id: null, error: { code: 'cancelled', message: 'The batch was cancelled before this item ran.' } });
      // A running item still records; the other was running when the process stopped.
      expect(await store.finishItem('x1', 1, 'done', row(2), AT)).toBe(true);
      expect(await store.closeCancelledBatches(AT)).toBe(1);
      const last = (await store.finishedItems('x1', 3, 1))[0]!;
      expect(JSON.parse(last.result!)).toMatchObject({ id: 'd', error: { code: 'cancelled' } });
      expect((await store.finishedItems('x1', 0, 10)).map((f) => f.status)).toEqual(['done', 'done', 'cancelled', 'cancelled']);
      // A cancelled batch stays cancelled once its last item is in.
      expect(await store.completeBatchIfDone('x1', AT)).toBe(false);
      expect(await store.batchStatus('x1')).toBe('cancelled');
      expect(await store.unfinishedBatches()).toEqual([]);
    });

    it('records every item exactly once when two stores on one database race to finish the same items', async () => {
      const { store, second } = await fresh();
      const other = await second();
      const n = 60;
      await store.createBatch('race', AT, { tokenHash: 't', owner: null });
      await store.addBatchItems('race', 0, Array.from({ length: n }, (_, i) => ({ request: `{"id":${i}}`, line: i + 1 })));
      await store.setBatchTotal('race', n);
      await store.setBatchStatus('race', 'running');
      // Both "processes" run every item (a stalled job re-run while the first finishes), in batches and singly.
      const write = (s: Store, tag: string) => Promise.all(Array.from({ length: n / 6 }, (_, k) => {
        const items = Array.from({ length: 6 }, (_, j) => ({ batchId: 'race', index: k * 6 + j, status: 'done' as const, result: row(k * 6 + j, `,"by":"${tag}"`) }));
        return k % 2 ? s.finishItems(items, AT) : Promise.all(items.map((it) => s.finishItem(it.batchId, it.index, it.status, it.result, AT))).then((r) => r.filter(Boolean).length);
      })).then((counts) => counts.reduce((a, b) => a + b, 0));
      const [a, b] = await Promise.all([write(store, 'one'), write(other, 'two')]);
      expect(a + b).toBe(n);
      const rows = await other.finishedItems('race', 0, n + 1);
      expect(rows.map((r) => r.index)).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(rows.every((r) => /"by":"(one|two)"/.test(r.result!))).toBe(true);
      expect(await store.getBatch('race')).toMatchObject({ done: n, total: n });
    });
  });
}

describe.skipIf(pgMissing !== null)('PostgreSQL store: items written before migration 002', () => {
  it('reads gzipped requests and results of earlier rows beside the text ones, and keeps the text columns compressed', async () => {
    const db = await freshDatabase();
    const store = await openPostgresStore(db.url, { poolSize: 2 });
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    try {
      await store.createBatch('old', AT, { tokenHash: 't', owner: null });
      // Rows as the store wrote them under migration 001: bodies gzipped in bytea columns.
      await pool.query(`INSERT INTO batch_items (batch_id, idx, item_id, request_gz, status, result_gz, line) VALUES
        ('old', 0, '"a"', NULL, 'done', $1, 1), ('old', 1, '"b"', $2, 'pending', NULL, 2)`, [gzipSync(row('a')), gzipSync('{"id":"b","articles":[]}')]);
      await store.addBatchItems('old', 2, [{ request: '{"id":"c"}', line: 3 }]);
      await store.setBatchTotal('old', 3);
      expect((await store.pendingItems('old', 0, 10)).map((i) => [i.index, i.request])).toEqual([[1, '{"id":"b","articles":[]}'], [2, '{"id":"c"}']]);
      expect(await store.finishItem('old', 1, 'done', row('b'), AT)).toBe(true);
      expect(await store.finishItem('old', 2, 'done', row('c'), AT)).toBe(true);
      expect((await store.finishedItems('old', 0, 10)).map((i) => i.result)).toEqual([row('a'), row('b'), row('c')]);
      const compression = await pool.query<{ attname: string; attcompression: string }>(
        "SELECT attname, attcompression FROM pg_attribute WHERE attrelid = 'batch_items'::regclass AND attname IN ('request', 'result') ORDER BY attname");
      // lz4 where the server has it ('l'), else the default ('').
      expect(compression.rows.map((r) => r.attname)).toEqual(['request', 'result']);
      for (const r of compression.rows) expect(['l', '']).toContain(r.attcompression);
    } finally {
      await pool.end();
      await store.close();
      await db.drop();
    }
  });
});
