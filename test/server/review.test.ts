/** Reviewing a saved comparison: marks on findings (edit token only), edits that re-run it, and exports that carry the marks. */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import comparisonSchema from '../../engine/schema/comparison.schema.json' with { type: 'json' };
import type { Comparison, ReviewMark } from '../../engine/index.ts';
import { createWorkerPool, type WorkerPool } from '../../server/jobs/pool.ts';
import { post, startTestServer, type TestServer } from './helpers.ts';

const validComparison = new Ajv2020({ allErrors: true, strict: false }).compile(comparisonSchema);
let pool: WorkerPool;
let api: TestServer;

beforeAll(async () => {
  pool = createWorkerPool({ size: 2, taskTimeoutMs: 60_000 });
  api = await startTestServer({}, pool);
});
afterAll(async () => {
  await api.close();
  await pool.close();
});

const articles = (extra = 'The mayor did not comment.') => [
  { id: 'a', outlet: 'Harbor Daily', paragraphs: ['The council approved the plan on Monday after a long debate, officials said.', 'Protesters slammed the decision outside the hall.', 'Police said 40 people were arrested.', extra] },
  { id: 'b', outlet: 'Meridian Wire', paragraphs: ['The council approved the plan on Monday after a long debate, officials said.', 'Protesters criticised the decision outside the hall.', 'Police said 14 people were arrested.', 'The vote was 7 to 2.'] },
];

interface Saved { id: string; deleteToken: string; comparison: Comparison }
const save = async (body: Record<string, unknown> = {}): Promise<Saved> => {
  const res = await post(api.base, '/api/compare', { save: true, title: 'Council plan vote', articles: articles(), options: { framing: { minSalience: 0 } }, ...body });
  expect(res.status).toBe(201);
  return (await res.json()) as Saved;
};
const put = (path: string, body: unknown, token?: string) =>
  fetch(`${api.base}${path}`, { method: 'PUT', headers: { 'content-type': 'application/json', ...(token ? { 'x-edit-token': token } : {}) }, body: JSON.stringify(body) });
const marks = async (s: Saved): Promise<ReviewMark[]> =>
  ((await (await fetch(`${api.base}/api/comparisons/${s.id}/marks`, { headers: { 'x-edit-token': s.deleteToken } })).json()) as { marks: ReviewMark[] }).marks;

describe('marks on findings', () => {
  it('confirms and dismisses findings with notes, for the edit-token holder only', async () => {
    const s = await save();
    expect(s.comparison.title).toBe('Council plan vote');
    const [first, second] = s.comparison.findings;
    expect(second).toBeDefined();
    // Without the token, or with a wrong one: refused, and saying what is needed.
    const none = await put(`/api/comparisons/${s.id}/marks/${first!.key}`, { status: 'confirmed' });
    expect(none.status).toBe(403);
    expect((await none.json()).detail).toMatch(/edit token/);
    expect((await put(`/api/comparisons/${s.id}/marks/${first!.key}`, { status: 'confirmed' }, 'wrong')).status).toBe(403);
    expect((await fetch(`${api.base}/api/comparisons/${s.id}/marks`)).status).toBe(403);
    // Bad bodies and unknown keys: 422 naming the field, 404.
    const bad = await put(`/api/comparisons/${s.id}/marks/${first!.key}`, { status: 'maybe' }, s.deleteToken);
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors[0].pointer).toBe('/status');
    expect((await put(`/api/comparisons/${s.id}/marks/${first!.key}`, { status: 'confirmed', note: 'x'.repeat(2001) }, s.deleteToken)).status).toBe(422);
    expect((await put(`/api/comparisons/${s.id}/marks/0000000000000000`, { status: 'confirmed' }, s.deleteToken)).status).toBe(404);
    expect((await put(`/api/comparisons/${s.id}/marks/..%2f..`, { status: 'confirmed' }, s.deleteToken)).status).toBe(404);

    const ok = await put(`/api/comparisons/${s.id}/marks/${first!.key}`, { status: 'confirmed', note: '  Checked against the record. ' }, s.deleteToken);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ key: first!.key, status: 'confirmed', note: 'Checked against the record.', ruleId: first!.ruleId, reason: first!.reason, current: true });
    expect((await put(`/api/comparisons/${s.id}/marks/${second!.key}`, { status: 'dismissed' }, s.deleteToken)).status).toBe(200);
    // Read back (as after a reload, or from another browser with the token): in ranking order.
    expect((await marks(s)).map((m) => [m.key, m.status, m.note])).toEqual([[first!.key, 'confirmed', 'Checked against the record.'], [second!.key, 'dismissed', '']]);
    // Changed, then cleared.
    await put(`/api/comparisons/${s.id}/marks/${second!.key}`, { status: 'confirmed', note: 'On second reading it holds.' }, s.deleteToken);
    expect((await marks(s))[1]).toMatchObject({ status: 'confirmed', note: 'On second reading it holds.' });
    expect((await fetch(`${api.base}/api/comparisons/${s.id}/marks/${second!.key}`, { method: 'DELETE', headers: { 'x-edit-token': s.deleteToken } })).status).toBe(204);
    expect((await marks(s)).map((m) => m.key)).toEqual([first!.key]);
    // The public comparison JSON never carries them.
    expect(await (await fetch(`${api.base}/api/comparisons/${s.id}`)).text()).not.toContain('Checked against the record');
  });

  it('appear in every export made with the token, and in none without', async () => {
    const s = await save();
    const [first, second] = s.comparison.findings;
    await put(`/api/comparisons/${s.id}/marks/${first!.key}`, { status: 'confirmed', note: 'Seen in <both> transcripts' }, s.deleteToken);
    await put(`/api/comparisons/${s.id}/marks/${second!.key}`, { status: 'dismissed', note: 'Accurate wording' }, s.deleteToken);
    const get = (format: string, token?: string) => fetch(`${api.base}/api/comparisons/${s.id}/export?format=${format}`, { headers: token ? { 'x-edit-token': token } : {} });
    const json = (await (await get('json', s.deleteToken)).json()) as Comparison;
    expect(validComparison(json), JSON.stringify(validComparison.errors)).toBe(true);
    expect(json.marks!.map((m) => [m.key, m.status])).toEqual([[first!.key, 'confirmed'], [second!.key, 'dismissed']]);
    const md = await (await get('md', s.deleteToken)).text();
    expect(md).toMatch(/Reviewed: 1 confirmed, 1 dismissed/);
    expect(md).toContain('**Confirmed** by the reviewer: Seen in \\<both\\> transcripts');
    expect(md).toContain('**Dismissed** by the reviewer: Accurate wording');
    const html = await (await get('html', s.deleteToken)).text();
    expect(html).toContain('<span class="mark-confirmed">Confirmed</span><br><span class="small">Seen in &lt;both&gt; transcripts</span>');
    expect(html).toContain('class="dismissed"');
    const csv = await (await get('csv', s.deleteToken)).text();
    expect(csv.split('\r\n')[1]).toMatch(/,"confirmed","Seen in <both> transcripts"$/);
    // Without the token: the exports have no marks; with a wrong one: refused.
    expect(await (await get('json')).json()).not.toHaveProperty('marks');
    expect(await (await get('md')).text()).not.toContain('Reviewed:');
    expect(await (await get('html')).text()).not.toContain('Accurate wording');
    expect((await get('csv', 'wrong')).status).toBe(403);
  });
});

describe('editing and re-running a saved comparison', () => {
  it('re-runs in place with the edited text, outlet and title, keeping the marks of findings that still exist', async () => {
    const s = await save();
    const slammed = s.comparison.findings.find((f) => f.actual === 'slammed');
    expect(slammed).toBeDefined();
    const other = s.comparison.findings.find((f) => f.key !== slammed!.key)!;
    await put(`/api/comparisons/${s.id}/marks/${slammed!.key}`, { status: 'confirmed', note: 'Loaded, in the outlet\u2019s own voice.' }, s.deleteToken);
    await put(`/api/comparisons/${s.id}/marks/${other.key}`, { status: 'dismissed' }, s.deleteToken);

    expect((await put(`/api/comparisons/${s.id}`, { articles: articles() })).status).toBe(403);
    expect((await put(`/api/comparisons/${s.id}`, { articles: [articles()[0]] }, s.deleteToken)).status).toBe(422);
    expect((await put(`/api/comparisons/${s.id}`, { articles: articles(), save: true }, s.deleteToken)).status).toBe(422);

    // Edit the third paragraph (the loaded word stays), rename an outlet, retitle the event.
    const edited = articles('The mayor declined to comment on Tuesday.');
    edited[1]!.outlet = 'Meridian Wire Service';
    const res = await put(`/api/comparisons/${s.id}`, { title: 'Council approves harbour plan', articles: edited, options: { framing: { minSalience: 0 } } }, s.deleteToken);
    expect(res.status).toBe(200);
    const out = (await res.json()) as { id: string; marks: { current: number; stale: number }; comparison: Comparison };
    expect(out.id).toBe(s.id);
    expect(out.comparison.title).toBe('Council approves harbour plan');
    expect(out.comparison.articles.map((a) => a.name)).toEqual(['Harbor Daily', 'Meridian Wire Service']);
    const stored = (await (await fetch(`${api.base}/api/comparisons/${s.id}`)).json()) as Comparison;
    expect(stored.articles[0]!.text).toContain('declined to comment on Tuesday');
    const after = await marks(s);
    const kept = after.find((m) => m.key === slammed!.key)!;
    expect(kept).toMatchObject({ status: 'confirmed', note: 'Loaded, in the outlet\u2019s own voice.', current: true });
    expect(out.comparison.findings.some((f) => f.key === slammed!.key)).toBe(true);
    expect(out.marks.current + out.marks.stale).toBe(2);

    // Now remove the loaded word: its mark is kept (nothing a reviewer wrote is lost) but no longer current.
    const plain = articles();
    plain[0]!.paragraphs[1] = 'Protesters criticised the decision outside the hall.';
    const res2 = await put(`/api/comparisons/${s.id}`, { articles: plain, options: { framing: { minSalience: 0 } } }, s.deleteToken);
    expect(res2.status).toBe(200);
    const gone = (await marks(s)).find((m) => m.key === slammed!.key)!;
    expect(gone).toMatchObject({ status: 'confirmed', current: false, ruleId: slammed!.ruleId, reason: slammed!.reason });
    // Marking a finding that no longer exists is refused.
    expect((await put(`/api/comparisons/${s.id}/marks/${slammed!.key}`, { status: 'dismissed' }, s.deleteToken)).status).toBe(404);
    // The listing follows the edit: title and outlet names.
    const md = await (await fetch(`${api.base}/api/comparisons/${s.id}/export?format=md`, { headers: { 'x-edit-token': s.deleteToken } })).text();
    expect(md).toContain('## Marks on findings the comparison no longer makes (1)');
  });
});
