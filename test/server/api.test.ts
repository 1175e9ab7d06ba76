import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import comparisonSchema from '../../engine/schema/comparison.schema.json' with { type: 'json' };
import { createWorkerPool, type WorkerPool } from '../../server/jobs/pool.ts';
import { pair, post, startTestServer, until, type TestServer } from './helpers.ts';

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validComparison = ajv.compile(comparisonSchema);

let pool: WorkerPool;
let api: TestServer;
let pages: Server;
let pagesBase = '';

const page = (outlet: string, verb: string) => `<!doctype html><html lang="en"><head><title>Council ${verb} plan | ${outlet}</title>
<meta property="og:site_name" content="${outlet}"></head><body><nav><a href="/">Home</a></nav><article><h1>Council ${verb} plan</h1>
<p>The security council ${verb} a plan for a truce on Monday, after a long debate between its fifteen members in New York.</p>
<p>Ten members voted in favour and five abstained, including France and the United Kingdom, diplomats said afterwards.</p>
<p>The text calls for a swift end to the fighting and a lasting peace, but does not say who started the war.</p></article></body></html>`;

beforeAll(async () => {
  pool = createWorkerPool({ size: 2, taskTimeoutMs: 60_000 });
  api = await startTestServer({ PARALLAX_ALLOW_PRIVATE_URLS: '1', PARALLAX_MAX_BODY_MB: '1' }, pool);
  pages = createServer((req, res) => {
    if (req.url === '/wire') return void res.writeHead(200, { 'content-type': 'text/html' }).end(page('Wire', 'backs'));
    if (req.url === '/daily') return void res.writeHead(200, { 'content-type': 'text/html' }).end(page('Daily', 'adopts'));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => pages.listen(0, '127.0.0.1', r));
  pagesBase = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await api.close();
  await new Promise<void>((r) => pages.close(() => r()));
  await pool.close();
});

describe('meta routes', () => {
  it('answers health, version and an OpenAPI 3.1 document covering every route', async () => {
    expect(await (await fetch(`${api.base}/api/health`)).json()).toMatchObject({ status: 'ok' });
    expect(await (await fetch(`${api.base}/api/version`)).json()).toMatchObject({ name: 'parallax', schemaVersion: 1 });
    const doc = await (await fetch(`${api.base}/api/openapi.json`)).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const p of ['/api/compare', '/api/comparisons', '/api/comparisons/{id}', '/api/comparisons/{id}/export', '/api/batches', '/api/batches/{id}', '/api/batches/{id}/results', '/api/extract', '/api/seeds', '/api/health', '/api/version']) {
      expect(doc.paths).toHaveProperty([p]);
    }
    // The request schemas in the document are the ones that validate requests.
    expect(doc.components.schemas.CompareBody.properties.articles.maxItems).toBe(12);
    expect(doc.components.schemas.CompareBody.properties.articles.items.$ref).toBe('#/components/schemas/Article');
    const res = await fetch(`${api.base}/`);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('serves the seed events from the first start, with exports', async () => {
    const seeds = await (await fetch(`${api.base}/api/seeds`)).json();
    expect(seeds.map((s: { id: string }) => s.id)).toContain('un-security-council-ukraine-2025');
    const c = await (await fetch(`${api.base}/api/seeds/un-security-council-ukraine-2025/comparison`)).json();
    expect(validComparison(c)).toBe(true);
    expect(c.articles).toHaveLength(6);
    const csv = await (await fetch(`${api.base}/api/seeds/un-security-council-ukraine-2025/export?format=csv`)).text();
    expect(csv.split('\r\n')[0]).toBe('"id","key","ruleId","severity","salience","confidence","reason","articles","spans","evidence","mark","note"');
    expect((await fetch(`${api.base}/api/seeds/nope/comparison`)).status).toBe(404);
  });
});

describe('POST /api/compare', () => {
  it('compares text articles and returns the comparison', async () => {
    const res = await post(api.base, '/api/compare', { articles: pair() });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(validComparison(body.comparison)).toBe(true);
    expect(body.skipped).toEqual([]);
    expect(body.comparison.alignment.paragraphLinks.length).toBeGreaterThan(0);
  });

  it('gives byte-identical output for the same request', async () => {
    const a = await (await post(api.base, '/api/compare', { articles: pair(' again') })).text();
    const b = await (await post(api.base, '/api/compare', { articles: pair(' again') })).text();
    expect(a).toBe(b);
  });

  it('fetches URL articles, extracts HTML ones, and reports a failing URL without losing the others', async () => {
    const res = await post(api.base, '/api/compare', { articles: [{ url: `${pagesBase}/wire` }, { id: 'pasted', html: page('Paper', 'welcomes') }, { id: 'gone', url: `${pagesBase}/missing` }] });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.comparison.articles.map((a: { outlet: string }) => a.outlet)).toEqual(['Wire', 'Paper']);
    expect(body.skipped).toMatchObject([{ index: 2, id: 'gone', code: 'http-status' }]);
  });

  it('reports left-out articles by their place in the request and keeps default ids', async () => {
    const res = await post(api.base, '/api/compare', { articles: [{ url: `${pagesBase}/missing` }, { html: '<p>tiny</p>' }, ...pair().map(({ text }) => ({ text }))] });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.skipped.map((x: { index: number }) => x.index)).toEqual([0, 1]);
    expect(body.comparison.articles.map((a: { id: string }) => a.id)).toEqual(['a3', 'a4']);
  });

  it('traces a derived article to its sources when options.provenance names it, and refuses an unknown one', async () => {
    const [a, b] = pair();
    const res = await post(api.base, '/api/compare', { articles: [{ ...a!, id: 'rewrite' }, b!], options: { provenance: { derived: 'rewrite' } } });
    expect(res.status).toBe(200);
    const { comparison } = await res.json();
    expect(validComparison(comparison)).toBe(true);
    expect(comparison.provenance.derived).toBe('rewrite');
    expect(comparison.provenance.sentences.length).toBe(comparison.articles[0].sentences.length);
    expect(comparison.provenance.sentences[0].sources[0].article).toBe('daily');
    // The seed traces its rewrite; the HTML report shows it, escaped, one row per sentence.
    const html = await (await fetch(`${api.base}/api/seeds/un-security-council-ukraine-2025/export?format=html`)).text();
    expect(html).toContain('<h2>Provenance of Newsroll Digest</h2>');
    expect(html.match(/<tr(?: class="unsupported")?><td data-label="#">/g)?.length).toBeGreaterThan(10);
    const bad = await post(api.base, '/api/compare', { articles: pair(), options: { provenance: { derived: 'nope' } } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).detail).toMatch(/options.provenance.derived names no article/);
    const over = await post(api.base, '/api/compare', { articles: pair(), options: { provenance: { derived: 'wire', maxSentencePairs: 2_000_000 } } });
    expect(over.status).toBe(422);
    expect((await over.json()).errors[0].pointer).toBe('/options/provenance/maxSentencePairs');
  });

  it('never turns a javascript: URL from a page into a link in the HTML report', async () => {
    const evil = page('Evil', 'backs').replace('<head>', '<head><link rel="canonical" href="javascript:alert(document.domain)//">');
    const saved = await (await post(api.base, '/api/compare', { save: true, articles: [{ id: 'evil', html: evil }, pair()[1]!] })).json();
    expect(saved.comparison.articles[0].url).toBeNull();
    const html = await (await fetch(`${api.base}/api/comparisons/${saved.id}/export?format=html`)).text();
    expect(html).not.toMatch(/href="javascript:/i);
  });

  it('saves, lists, reads, exports and deletes with the token', async () => {
    const res = await post(api.base, '/api/compare', { save: true, articles: [{ ...pair()[0]!, outlet: 'Wire <script>alert(1)</script>' }, pair()[1]!] });
    expect(res.status).toBe(201);
    const saved = await res.json();
    expect(saved.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(res.headers.get('location')).toBe(`/api/comparisons/${saved.id}`);
    expect(saved.permalink).toContain(saved.id);
    const got = await (await fetch(`${api.base}/api/comparisons/${saved.id}`)).json();
    expect(got).toEqual(saved.comparison);
    // Saved comparisons are unlisted unless the saver asks: only the permalink opens them.
    const shared = await (await post(api.base, '/api/compare', { save: true, listed: true, articles: pair(' shared') })).json();
    const list = await (await fetch(`${api.base}/api/comparisons?limit=50`)).json();
    expect((await fetch(`${api.base}/api/comparisons?offset=99999999999999999999`)).status).toBe(200);
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(saved.id);
    expect(list.items.map((i: { id: string }) => i.id)).toContain(shared.id);
    const html = await (await fetch(`${api.base}/api/comparisons/${saved.id}/export?format=html`)).text();
    expect(html).toContain('Wire &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
    const md = await fetch(`${api.base}/api/comparisons/${saved.id}/export?format=md`);
    expect(md.headers.get('content-type')).toContain('text/markdown');
    expect(md.headers.get('content-disposition')).toContain('attachment');
    const wrong = await fetch(`${api.base}/api/comparisons/${saved.id}`, { method: 'DELETE', headers: { 'x-delete-token': 'nope' } });
    expect(wrong.status).toBe(403);
    // A token in the query string is not accepted (it would end up in logs and history).
    expect((await fetch(`${api.base}/api/comparisons/${saved.id}?token=${saved.deleteToken}`, { method: 'DELETE' })).status).toBe(403);
    const del = await fetch(`${api.base}/api/comparisons/${saved.id}`, { method: 'DELETE', headers: { 'x-delete-token': saved.deleteToken } });
    expect(del.status).toBe(204);
    expect((await fetch(`${api.base}/api/comparisons/${saved.id}`)).status).toBe(404);
  });
});

describe('POST /api/extract', () => {
  it('extracts from a URL and from HTML', async () => {
    const byUrl = await (await post(api.base, '/api/extract', { url: `${pagesBase}/daily` })).json();
    expect(byUrl).toMatchObject({ title: 'Council adopts plan', outlet: 'Daily' });
    expect(byUrl.paragraphs).toHaveLength(3);
    const byHtml = await (await post(api.base, '/api/extract', { html: page('Paper', 'welcomes') })).json();
    expect(byHtml.outlet).toBe('Paper');
  });

  it('refuses private addresses unless the server allows them', async () => {
    const strict = await startTestServer({}, pool);
    try {
      const res = await post(strict.base, '/api/extract', { url: `${pagesBase}/daily` });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ type: '/problems/fetch-failed', code: 'blocked-address' });
    } finally {
      await strict.close();
    }
  });
});

describe('batches', () => {
  it('accepts JSON arrays and NDJSON, runs items off the request thread and streams results in input order', async () => {
    const items = Array.from({ length: 12 }, (_, i) => ({ id: `item-${i}`, articles: pair(` number ${i}`) }));
    items[5] = { id: 'item-5', articles: [{ id: 'only', text: 'one article' }] as never };
    const res = await post(api.base, '/api/batches', items);
    expect(res.status).toBe(202);
    const { id, total } = await res.json();
    expect(total).toBe(12);
    const status = await until(async () => {
      const s = await (await fetch(`${api.base}/api/batches/${id}`)).json();
      return s.status === 'done' ? s : undefined;
    });
    expect(status).toMatchObject({ total: 12, done: 11, failed: 1, pending: 0 });
    const rows = (await (await fetch(`${api.base}/api/batches/${id}/results`)).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual(items.map((i) => i.id));
    expect(rows[5].error).toMatchObject({ code: 'validation-failed', details: { errors: [{ pointer: '/articles' }] } });
    expect(validComparison(rows[0].comparison)).toBe(true);
    const tail = (await (await fetch(`${api.base}/api/batches/${id}/results?from=10`)).text()).trim().split('\n');
    expect(tail).toHaveLength(2);

    const nd = ['{"id":"a","articles":' + JSON.stringify(pair()) + '}', 'this is not json', ''].join('\n');
    const r2 = await fetch(`${api.base}/api/batches`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: nd });
    expect(r2.status).toBe(202);
    const b2 = await r2.json();
    await until(async () => (await (await fetch(`${api.base}/api/batches/${b2.id}`)).json()).status === 'done');
    const rows2 = (await (await fetch(`${api.base}/api/batches/${b2.id}/results`)).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(rows2).toHaveLength(2);
    expect(rows2[1]).toMatchObject({ id: null, error: { code: 'invalid-json' } });
  });

  it('lists a batch\'s items and serves a finished one as a comparison, with its exports', async () => {
    const odd = 'id with ,"comparison":{ and "quotes" \\ inside';
    const nd = [JSON.stringify({ id: odd, title: 'First event', articles: pair(' one') }), '', JSON.stringify({ id: 'few', articles: [{ id: 'x', text: 'one' }] }), JSON.stringify({ articles: pair(' three') })].join('\n');
    const b = await (await fetch(`${api.base}/api/batches`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: nd })).json();
    await until(async () => (await (await fetch(`${api.base}/api/batches/${b.id}`)).json()).status === 'done');
    const list = await (await fetch(`${api.base}/api/batches/${b.id}/items?limit=2`)).json();
    expect(list.items).toEqual([
      { index: 0, item: 1, id: odd, line: 1, status: 'done', href: `/api/batches/${b.id}/items/0` },
      { index: 1, item: 2, id: 'few', line: 3, status: 'failed' },
    ]);
    expect(list.next).toBe(`/api/batches/${b.id}/items?from=2&limit=2`);
    const rest = await (await fetch(`${api.base}${list.next}`)).json();
    expect(rest.items.map((i: { id: unknown }) => i.id)).toEqual([null]);
    expect(rest.next).toBeNull();
    // The item's comparison is exactly the one in its result row.
    const row = JSON.parse((await (await fetch(`${api.base}/api/batches/${b.id}/results`)).text()).split('\n')[0]!);
    const item = await (await fetch(`${api.base}/api/batches/${b.id}/items/0`)).json();
    expect(item).toEqual(row.comparison);
    expect(item.title).toBe('First event');
    expect(validComparison(item)).toBe(true);
    const md = await fetch(`${api.base}/api/batches/${b.id}/items/0/export?format=md`);
    expect(md.headers.get('content-disposition')).toContain(`parallax-${b.id}-0.md`);
    expect(await md.text()).toMatch(/^# First event/);
    // A failed item, one past the end, a bad index, a bad query value: each says so.
    const failed = await fetch(`${api.base}/api/batches/${b.id}/items/1`);
    expect(failed.status).toBe(422);
    expect((await failed.json()).detail).toMatch(/^Item 1 has no comparison: /);
    expect((await fetch(`${api.base}/api/batches/${b.id}/items/3`)).status).toBe(404);
    expect((await fetch(`${api.base}/api/batches/${b.id}/items/-1`)).status).toBe(404);
    const bad = await fetch(`${api.base}/api/batches/${b.id}/items?from=abc`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].pointer).toBe('/query/from');
    expect((await fetch(`${api.base}/api/batches/nope/items/0`)).status).toBe(404);
  });

  it('names each failed item\'s place in the upload: its line (blank lines counted) and its position', async () => {
    const nd = ['', '{"id":"a","articles":' + JSON.stringify(pair()) + '}', '', 'this is not json', '{"id":"few","articles":[{"id":"x","text":"one"}]}'].join('\n');
    const r = await fetch(`${api.base}/api/batches`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: nd });
    expect(r.status).toBe(202);
    const b = await r.json();
    await until(async () => (await (await fetch(`${api.base}/api/batches/${b.id}`)).json()).status === 'done');
    const rows = (await (await fetch(`${api.base}/api/batches/${b.id}/results`)).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((x) => [x.id, x.error?.code ?? 'ok', x.error?.line, x.error?.item])).toEqual([
      ['a', 'ok', undefined, undefined],
      [null, 'invalid-json', 4, 2],
      ['few', 'validation-failed', 5, 3],
    ]);
    // `?only=failed`: the error rows alone; anything else there is refused, naming the parameter.
    const failedOnly = (await (await fetch(`${api.base}/api/batches/${b.id}/results?only=failed`)).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(failedOnly.map((x) => x.error.line)).toEqual([4, 5]);
    const bad = await fetch(`${api.base}/api/batches/${b.id}/results?only=ok`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].pointer).toBe('/query/only');
    // A JSON array has no lines: the position alone.
    const arr = await (await post(api.base, '/api/batches', [{ id: 'z', articles: [{ id: 'x', text: 'one' }] }])).json();
    await until(async () => (await (await fetch(`${api.base}/api/batches/${arr.id}`)).json()).status === 'done');
    const [row] = (await (await fetch(`${api.base}/api/batches/${arr.id}/results`)).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(row.error.item).toBe(1);
    expect(row.error.line).toBeUndefined();
  });

  it('refuses a batch that gives one id to two requests, naming the id', async () => {
    const res = await post(api.base, '/api/batches', [{ id: 'same', articles: pair() }, { id: 'other', articles: pair(' b') }, { id: 'same', articles: pair(' c') }]);
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body).toMatchObject({ type: '/problems/duplicate-ids', duplicates: ['same'] });
    expect(body.detail).toContain('"same"');
  });

  it('cancels a batch: pending items get cancellation rows', async () => {
    const items = Array.from({ length: 300 }, (_, i) => ({ id: i, articles: pair(` c${i}`) }));
    const { id, token } = await (await post(api.base, '/api/batches', items)).json();
    expect((await fetch(`${api.base}/api/batches/${id}/cancel`, { method: 'POST' })).status).toBe(403);
    const del = await fetch(`${api.base}/api/batches/${id}/cancel`, { method: 'POST', headers: { 'x-batch-token': token } });
    expect(await del.json()).toMatchObject({ status: 'cancelled' });
    // Items that were running when the batch was cancelled finish and record their results.
    const s = await until(async () => {
      const b = await (await fetch(`${api.base}/api/batches/${id}`)).json();
      return b.pending === 0 ? b : undefined;
    });
    expect(s.status).toBe('cancelled');
    expect(s.cancelled).toBeGreaterThan(0);
    expect(s.done + s.failed + s.cancelled).toBe(items.length);
    const rows = (await (await fetch(`${api.base}/api/batches/${id}/results`)).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual(items.map((i) => i.id));
    expect(rows.filter((r) => r.error?.code === 'cancelled')).toHaveLength(s.cancelled);
  });
});

/** The catalogue of bad inputs: each with the status and problem type it must get. */
describe('bad inputs', () => {
  const big = 'x'.repeat(210_000);
  const cases: { name: string; path: string; method?: string; headers?: Record<string, string>; body?: string | Uint8Array; status: number; type: string; pointer?: string }[] = [
    { name: 'malformed JSON', path: '/api/compare', body: '{"articles": [', status: 400, type: 'malformed-json' },
    { name: 'binary body declared as JSON', path: '/api/compare', body: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]), status: 400, type: 'malformed-json' },
    { name: 'binary body', path: '/api/compare', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array([0, 1, 2, 3]), status: 415, type: 'unsupported-media-type' },
    { name: 'form-encoded body', path: '/api/compare', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1', status: 415, type: 'unsupported-media-type' },
    { name: 'articles of the wrong type', path: '/api/compare', body: JSON.stringify({ articles: 'two articles' }), status: 422, type: 'validation-failed', pointer: '/articles' },
    { name: 'an article with no body', path: '/api/compare', body: JSON.stringify({ articles: [{ id: 'a', title: 't' }, { text: 'b' }] }), status: 422, type: 'validation-failed', pointer: '/articles/0' },
    { name: 'an unknown field', path: '/api/compare', body: JSON.stringify({ articles: pair(), colour: 'red' }), status: 422, type: 'validation-failed', pointer: '/' },
    { name: 'an empty article', path: '/api/compare', body: JSON.stringify({ articles: [{ text: '   ' }, { text: 'b c d' }] }), status: 422, type: 'unprocessable' },
    { name: 'an article over 200,000 characters', path: '/api/compare', body: JSON.stringify({ articles: [{ text: big }, { text: 'b' }] }), status: 422, type: 'unprocessable' },
    { name: 'a body over the size limit', path: '/api/compare', body: JSON.stringify({ articles: [{ text: 'y'.repeat(1_200_000) }, { text: 'b' }] }), status: 413, type: 'payload-too-large' },
    { name: '13 articles', path: '/api/compare', body: JSON.stringify({ articles: Array.from({ length: 13 }, (_, i) => ({ text: `article ${i}` })) }), status: 422, type: 'validation-failed', pointer: '/articles' },
    { name: 'a single article', path: '/api/compare', body: JSON.stringify({ articles: [{ text: 'a' }] }), status: 422, type: 'validation-failed', pointer: '/articles' },
    { name: 'bad options', path: '/api/compare', body: JSON.stringify({ articles: pair(), options: { alignment: { linkThreshold: 7 } } }), status: 422, type: 'validation-failed', pointer: '/options/alignment/linkThreshold' },
    { name: 'duplicate ids', path: '/api/compare', body: JSON.stringify({ articles: [{ id: 'x', text: 'a b' }, { id: 'x', text: 'c d' }] }), status: 422, type: 'unprocessable' },
    { name: 'a URL that is not http', path: '/api/extract', body: JSON.stringify({ url: 'file:///etc/passwd' }), status: 422, type: 'validation-failed', pointer: '/url' },
    { name: 'both url and html', path: '/api/extract', body: JSON.stringify({ url: 'http://example.com/', html: '<p>x</p>' }), status: 422, type: 'validation-failed' },
    { name: 'a page that is not an article', path: '/api/extract', body: JSON.stringify({ html: '<html><body><a href="/">Home</a></body></html>' }), status: 422, type: 'not-an-article' },
    { name: 'a batch that is not an array', path: '/api/batches', body: JSON.stringify({ articles: [] }), status: 422, type: 'validation-failed' },
    { name: 'an empty batch', path: '/api/batches', body: '[]', status: 422, type: 'validation-failed' },
    { name: 'a batch of 10,001 items', path: '/api/batches', headers: { 'content-type': 'application/x-ndjson' }, body: '{}\n'.repeat(10_001), status: 413, type: 'payload-too-large' },
    { name: 'a batch in plain text', path: '/api/batches', headers: { 'content-type': 'text/plain' }, body: '{}', status: 415, type: 'unsupported-media-type' },
    { name: 'an unknown comparison', path: '/api/comparisons/doesNotExist', method: 'GET', status: 404, type: 'not-found' },
    { name: 'an id with odd characters', path: '/api/comparisons/..%2F..%2Fetc', method: 'GET', status: 404, type: 'not-found' },
    { name: 'an unknown batch', path: '/api/batches/doesNotExist', method: 'GET', status: 404, type: 'not-found' },
    { name: 'an unknown route', path: '/api/nothing-here', method: 'GET', status: 404, type: 'not-found' },
    { name: 'deleting without a token', path: '/api/comparisons/doesNotExist', method: 'DELETE', status: 404, type: 'not-found' },
    { name: 'an unknown export format', path: '/api/seeds/un-security-council-ukraine-2025/export?format=pdf', method: 'GET', status: 400, type: 'validation-failed', pointer: '/query/format' },
    { name: 'a listing limit that is no number', path: '/api/comparisons?limit=abc', method: 'GET', status: 400, type: 'validation-failed', pointer: '/query/limit' },
    { name: 'a negative listing offset', path: '/api/comparisons?offset=-5', method: 'GET', status: 400, type: 'validation-failed', pointer: '/query/offset' },
    { name: 'an unknown view', path: '/api/seeds/un-security-council-ukraine-2025/comparison?view=compact', method: 'GET', status: 400, type: 'validation-failed', pointer: '/query/view' },
    { name: 'a repeated query value', path: '/api/comparisons?limit=1&limit=2', method: 'GET', status: 400, type: 'validation-failed', pointer: '/query/limit' },
  ];

  it.each(cases)('$name → $status $type', async (c) => {
    const res = await fetch(`${api.base}${c.path}`, { method: c.method ?? 'POST', headers: c.method === 'GET' ? {} : { 'content-type': 'application/json', ...c.headers }, ...(c.body !== undefined ? { body: c.body } : {}) });
    expect(res.status).toBe(c.status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const text = await res.text();
    const p = JSON.parse(text);
    expect(p).toMatchObject({ type: `/problems/${c.type}`, status: c.status });
    expect(typeof p.title).toBe('string');
    if (c.pointer) expect(p.errors.map((e: { pointer: string }) => e.pointer)).toContain(c.pointer);
    // Never a stack trace or a server path.
    expect(text).not.toMatch(/\n\s+at |\/work\/|node_modules|\.ts:\d/);
  });

  it('a wrong delete token is refused', async () => {
    const saved = await (await post(api.base, '/api/compare', { save: true, articles: pair(' token') })).json();
    const res = await fetch(`${api.base}/api/comparisons/${saved.id}`, { method: 'DELETE', headers: { 'x-delete-token': `${saved.deleteToken}x` } });
    expect(res.status).toBe(403);
    expect((await res.json()).type).toBe('/problems/forbidden');
  });
});

describe('limits and keys', () => {
  it('rate-limits expensive endpoints with 429', async () => {
    const limited = await startTestServer({ PARALLAX_RATE_LIMIT: '2' }, pool);
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await post(limited.base, '/api/compare', { articles: pair() })).status);
      expect(statuses).toEqual([200, 200, 429]);
      expect((await fetch(`${limited.base}/api/health`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('requires an API key for batches, saving and deleting when keys are configured', async () => {
    const keyed = await startTestServer({ PARALLAX_API_KEYS: 'k1,k2' }, pool);
    try {
      const items = [{ id: 1, articles: pair() }];
      expect((await post(keyed.base, '/api/batches', items)).status).toBe(401);
      expect((await post(keyed.base, '/api/batches', items, { authorization: 'Bearer nope' })).status).toBe(403);
      expect((await post(keyed.base, '/api/batches', items, { authorization: 'Bearer k2' })).status).toBe(202);
      expect((await post(keyed.base, '/api/compare', { save: true, articles: pair() })).status).toBe(401);
      expect((await post(keyed.base, '/api/compare', { save: true, articles: pair() }, { 'x-api-key': 'k1' })).status).toBe(201);
      expect((await post(keyed.base, '/api/compare', { articles: pair() })).status).toBe(200);
    } finally {
      await keyed.close();
    }
  });

  it('sends no CORS headers unless origins are configured', async () => {
    const res = await fetch(`${api.base}/api/health`, { headers: { origin: 'https://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const open = await startTestServer({ PARALLAX_CORS_ORIGINS: 'https://newsroom.example' }, pool);
    try {
      const ok = await fetch(`${open.base}/api/health`, { headers: { origin: 'https://newsroom.example' } });
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://newsroom.example');
    } finally {
      await open.close();
    }
  });
});
