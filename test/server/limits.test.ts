/**
 * Hardening, in-process: every request's options are checked against the schema, a depth limit
 * and the operator's ceilings; bodies are read with bounded cost; batches belong to their maker.
 * (The cases where a crash is the failure mode run against a real process in hardening.test.ts.)
 */
import { gzipSync } from 'node:zlib';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkerPool, type WorkerPool } from '../../server/jobs/pool.ts';
import { createItemSplitter } from '../../server/api/body.ts';
import { syntheticCluster } from '../bench/synthetic.ts';
import { pair, post, startTestServer, until, type TestServer } from './helpers.ts';

let pool: WorkerPool;
let api: TestServer;

beforeAll(async () => {
  pool = createWorkerPool({ size: 2, taskTimeoutMs: 60_000 });
  api = await startTestServer({ PARALLAX_MAX_BATCH_MB: '2', PARALLAX_BODY_IDLE_TIMEOUT_S: '1', PARALLAX_MAX_UPLOADS: '1' }, pool);
});

afterAll(async () => {
  await api.close();
  await pool.close();
});

/** An array nested `depth` levels deep, as JSON text (JSON.stringify itself would overflow). */
function nested(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** A JSON text with `"@DEEP@"` replaced by `deep`. */
function withDeep(value: unknown, deep: string): string {
  return JSON.stringify(value).replace('"@DEEP@"', deep);
}

async function problemOf(res: Response): Promise<Record<string, unknown>> {
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  return (await res.json()) as Record<string, unknown>;
}

describe('options at the boundary', () => {
  it('refuses deeply nested options with 422 naming the place, not 500', async () => {
    for (const [options, deep] of [[{ framing: { loadedTerms: '@DEEP@' } }, nested(6_000)], [{ deep: '@DEEP@' }, nested(6_000)], [{ alignment: { linkThreshold: '@DEEP@' } }, nested(40)]] as const) {
      const res = await post(api.base, '/api/compare', withDeep({ articles: pair(), options }, deep));
      expect(res.status).toBe(422);
      const p = await problemOf(res);
      expect(p['type']).toBe('/problems/validation-failed');
      expect((p['errors'] as { pointer: string }[])[0]!.pointer).toMatch(/^\/options\//);
    }
  });

  it('lets a request lower cost limits but never raise them above the ceilings', async () => {
    const cases: [Record<string, unknown>, string, number][] = [
      [{ alignment: { maxCandidatesPerParagraph: 10_000 } }, 'options.alignment.maxCandidatesPerParagraph', 12],
      [{ alignment: { commonTermPerArticle: 1_000 } }, 'options.alignment.commonTermPerArticle', 6],
      [{ alignment: { exhaustivePairs: 10_000_000 } }, 'options.alignment.exhaustivePairs', 40_000],
      [{ limits: { maxScoredCandidates: 10_000_000 } }, 'options.limits.maxScoredCandidates', 200_000],
      [{ limits: { maxArticleChars: 10_000_000 } }, 'options.limits.maxArticleChars', 200_000],
      [{ limits: { maxArticles: 100 } }, 'options.limits.maxArticles', 12],
      [{ diff: { maxComparisons: 10_000_000_000 } }, 'options.diff.maxComparisons', 2_000_000],
      [{ framing: { loadedTerms: Array.from({ length: 2_001 }, (_, i) => `word${i}`) } }, 'options.framing.loadedTerms', 2_000],
    ];
    for (const [options, option, ceiling] of cases) {
      const res = await post(api.base, '/api/compare', { articles: pair(), options });
      expect(res.status, option).toBe(422);
      const p = await problemOf(res);
      expect(p).toMatchObject({ type: '/problems/over-ceiling', option, ceiling });
      expect(String(p['detail'])).toContain(String(ceiling));
    }
    const lower = await post(api.base, '/api/compare', { articles: pair(), options: { alignment: { maxCandidatesPerParagraph: 3 }, diff: { maxComparisons: 1_000 } } });
    expect(lower.status).toBe(200);
    expect((await lower.json()).comparison.options.alignment.maxCandidatesPerParagraph).toBe(3);
    const limits = await (await fetch(`${api.base}/api/limits`)).json();
    expect(limits.ceilings['alignment.maxCandidatesPerParagraph']).toBe(12);
  });

  it('lets the operator move a ceiling', async () => {
    const wide = await startTestServer({ PARALLAX_CEILINGS: '{"alignment.maxCandidatesPerParagraph": 20}' }, pool);
    try {
      expect((await post(wide.base, '/api/compare', { articles: pair(), options: { alignment: { maxCandidatesPerParagraph: 20 } } })).status).toBe(200);
      expect((await post(wide.base, '/api/compare', { articles: pair(), options: { alignment: { maxCandidatesPerParagraph: 21 } } })).status).toBe(422);
    } finally {
      await wide.close();
    }
  });

  it('checks every batch item the same way: a bad item is an error row, the others run', async () => {
    const items = [
      { id: 'fine', articles: pair(' fine') },
      { id: 'greedy', articles: pair(' greedy'), options: { alignment: { maxCandidatesPerParagraph: 10_000 } } },
      { id: 'deep', articles: pair(' deep'), options: { framing: { loadedTerms: '@DEEP@' } } },
      { id: 'unknown', articles: pair(' unknown'), options: { alignment: { speed: 'max' } } },
    ];
    const res = await fetch(`${api.base}/api/batches`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: items.map((i) => withDeep(i, nested(6_000))).join('\n') });
    expect(res.status).toBe(202);
    const { id } = await res.json();
    await until(async () => (await (await fetch(`${api.base}/api/batches/${id}`)).json()).status === 'done');
    const rows = (await (await fetch(`${api.base}/api/batches/${id}/results`)).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual(['fine', 'greedy', 'deep', 'unknown']);
    expect(rows[0].comparison).toBeTruthy();
    expect(rows[1].error).toMatchObject({ code: 'over-ceiling', details: { option: 'options.alignment.maxCandidatesPerParagraph', ceiling: 12 } });
    expect(rows[2].error).toMatchObject({ code: 'validation-failed' });
    expect(rows[3].error.message).toContain('/options/alignment');
  });
});

describe('the worker pool', () => {
  it('fails a task that cannot be handed to a thread alone, and keeps working', async () => {
    const own = createWorkerPool({ size: 1, taskTimeoutMs: 30_000 });
    try {
      const bad = await own.run({ kind: 'compare', request: { articles: pair(), options: JSON.parse(`{"deep":${nested(20_000)}}`) } });
      expect(bad).toMatchObject({ ok: false, error: { status: 422, code: 'invalid-request' } });
      expect(own.stats().busy).toBe(0);
      expect((await own.run({ kind: 'compare', request: { articles: pair() } })).ok).toBe(true);
    } finally {
      await own.close();
    }
  });

  it('fails a task that runs out of its heap with a clear error and replaces the worker', async () => {
    const causes: string[] = [];
    const small = createWorkerPool({ size: 1, taskTimeoutMs: 60_000, heapMb: 64, onError: (c) => causes.push(c) });
    try {
      const big = await small.run({ kind: 'compare', request: syntheticCluster({ articles: 12, words: 8_000 }) as never });
      expect(big).toMatchObject({ ok: false, error: { status: 422, code: 'out-of-memory' } });
      expect((await small.run({ kind: 'compare', request: { articles: pair() } })).ok).toBe(true);
      expect(small.stats().replaced).toBe(1);
      // An internal failure reports its cause (for the log), not only a bare 500.
      const broken = await small.run({ kind: 'export', json: 'not json', format: 'md' });
      expect(broken).toMatchObject({ ok: false, error: { status: 500 } });
      expect(causes.some((c) => c.includes('SyntaxError'))).toBe(true);
    } finally {
      await small.close();
    }
  }, 60_000);

  it('reports degraded health while every worker is taken and requests wait', async () => {
    const one = createWorkerPool({ size: 1, taskTimeoutMs: 60_000 });
    const server = await startTestServer({ PARALLAX_WORKERS: '1' }, one);
    try {
      expect((await (await fetch(`${server.base}/api/health`)).json()).status).toBe('ok');
      const heavy = syntheticCluster({ articles: 12, words: 6_000 }).articles;
      const running = [post(server.base, '/api/compare', { articles: heavy }), post(server.base, '/api/compare', { articles: heavy, id: 'second' })];
      const seen = await until(async () => {
        const h = await (await fetch(`${server.base}/api/health`)).json();
        return h.status === 'degraded' ? h : undefined;
      }, 20_000, 20);
      expect(seen.pool).toMatchObject({ size: 1, busy: 1 });
      // Read both answers in full (an unread body would hold its connection open).
      for (const r of await Promise.all(running)) expect((await r.json()).comparison).toBeTruthy();
      expect((await (await fetch(`${server.base}/api/health`)).json()).status).toBe('ok');
    } finally {
      await server.close();
      await one.close();
    }
  }, 60_000);
});

/** Sends a raw request whose body is written by `write` (which may stall); resolves with the status and body. */
function rawPost(base: string, path: string, headers: Record<string, string>, write: (req: ReturnType<typeof httpRequest>) => void): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method: 'POST', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    write(req);
  });
}

describe('request bodies', () => {
  it('counts inflated bytes against the limit: a gzip bomb gets 413', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(100_000);
    const res = await fetch(`${api.base}/api/batches`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' }, body: bomb });
    expect(res.status).toBe(413);
    expect((await problemOf(res))['detail']).toContain('after decompression');
    const small = await fetch(`${api.base}/api/compare`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(JSON.stringify({ articles: pair() })) });
    expect(small.status).toBe(200);
  });

  it('says what is wrong with an unsupported Content-Encoding or charset', async () => {
    const res = await fetch(`${api.base}/api/compare`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'compress' }, body: '{}' });
    expect(res.status).toBe(415);
    expect((await problemOf(res))['detail']).toMatch(/Content-Encoding "compress" is not supported/);
    const latin = await fetch(`${api.base}/api/compare`, { method: 'POST', headers: { 'content-type': 'application/json; charset=latin1' }, body: '{}' });
    expect(latin.status).toBe(415);
    expect((await problemOf(latin))['detail']).toContain('UTF-8');
  });

  it('drops a stalled upload with 408, and refuses uploads beyond the concurrency cap with 429', async () => {
    let stalled!: ReturnType<typeof httpRequest>;
    const first = rawPost(api.base, '/api/batches', { 'content-type': 'application/x-ndjson' }, (req) => {
      stalled = req;
      req.write(`${JSON.stringify({ id: 1, articles: pair() })}\n`);
    });
    // The first upload holds the only slot while it stalls.
    await until(async () => (await (await fetch(`${api.base}/api/health`)).json()).receiving.uploads === 1);
    const second = await fetch(`${api.base}/api/batches`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: JSON.stringify({ articles: pair() }) });
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('5');
    const dropped = await first;
    expect(dropped.status).toBe(408);
    expect(JSON.parse(dropped.body).detail).toContain('sent nothing');
    stalled.destroy();
    // Nothing of the dropped upload was kept as a batch, and the slot is free again.
    await until(async () => (await (await fetch(`${api.base}/api/health`)).json()).receiving.uploads === 0);
    const third = await fetch(`${api.base}/api/batches`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: JSON.stringify({ articles: pair() }) });
    expect(third.status).toBe(202);
  });

  it('stores an upload that arrives slowly, in pieces, item by item', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ id: `slow-${i}`, articles: pair(` ${i}`) }));
    const text = `${lines.join('\r\n')}\n\n`;
    const { status, body } = await rawPost(api.base, '/api/batches', { 'content-type': 'application/x-ndjson' }, (req) => {
      let at = 0;
      const step = (): void => {
        if (at >= text.length) return void req.end();
        req.write(text.slice(at, at + 997));
        at += 997;
        setTimeout(step, 10);
      };
      step();
    });
    expect(status).toBe(202);
    const { id, total } = JSON.parse(body);
    expect(total).toBe(30);
    await until(async () => (await (await fetch(`${api.base}/api/batches/${id}`)).json()).status === 'done');
    const rows = (await (await fetch(`${api.base}/api/batches/${id}/results`)).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual(lines.map((_, i) => `slow-${i}`));
  });
});

describe('the JSON array splitter', () => {
  const split = (chunks: string[]): string[] => {
    const out: string[] = [];
    const s = createItemSplitter('json', (x) => out.push(x), 1_000_000, () => new Error('too long'));
    for (const c of chunks) s.feed(c);
    s.end();
    return out;
  };
  it('splits at top-level commas only, across chunk boundaries, whatever the strings hold', () => {
    const items = [{ id: 'a,]}', articles: [{ text: 'say "hi", [then] {go}\\' }] }, 42, 'text, with comma', null, [1, [2, 3]], { e: '\u2028\\"' }];
    const text = JSON.stringify(items, null, 1);
    for (const size of [1, 2, 3, 7, 64, text.length]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(split(chunks).map((x) => JSON.parse(x))).toEqual(items);
    }
  });
  it('refuses what is not one array', () => {
    expect(() => split(['{"articles": []}'])).toThrow(/array/);
    expect(() => split(['[1, 2'])).toThrow(/not closed/);
    expect(() => split(['[1,, 2]'])).toThrow(/missing/);
    expect(() => split(['[1] [2]'])).toThrow(/more after/);
    expect(split(['  [ ]  '])).toEqual([]);
  });
});

describe('batch tokens and owners', () => {
  it('needs the batch token to cancel or delete', async () => {
    const items = Array.from({ length: 50 }, (_, i) => ({ id: i, articles: pair(` t${i}`) }));
    const created = await (await post(api.base, '/api/batches', items)).json();
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const headers of [{}, { 'x-batch-token': 'guess' }] as Record<string, string>[]) {
      expect((await fetch(`${api.base}/api/batches/${created.id}/cancel`, { method: 'POST', headers })).status).toBe(403);
      expect((await fetch(`${api.base}/api/batches/${created.id}`, { method: 'DELETE', headers })).status).toBe(403);
    }
    const del = await fetch(`${api.base}/api/batches/${created.id}`, { method: 'DELETE', headers: { 'x-batch-token': created.token } });
    expect(del.status).toBe(204);
    expect((await fetch(`${api.base}/api/batches/${created.id}`)).status).toBe(404);
    expect((await fetch(`${api.base}/api/batches/${created.id}/results`)).status).toBe(404);
  });

  it('with API keys, a batch is seen and cancelled only with the key that made it', async () => {
    const keyed = await startTestServer({ PARALLAX_API_KEYS: 'alice-key,bob-key' }, pool);
    try {
      const alice = { authorization: 'Bearer alice-key' };
      const bob = { 'x-api-key': 'bob-key' };
      const created = await (await post(keyed.base, '/api/batches', [{ id: 1, articles: pair() }], alice)).json();
      for (const [path, method] of [['', 'GET'], ['/results', 'GET'], ['/cancel', 'POST'], ['', 'DELETE']] as const) {
        const res = await fetch(`${keyed.base}/api/batches/${created.id}${path}`, { method, headers: { ...bob, 'x-batch-token': created.token } });
        expect(res.status, `${method} ${path}`).toBe(404);
        expect((await fetch(`${keyed.base}/api/batches/${created.id}${path}`, { method })).status).toBe(401);
      }
      expect((await fetch(`${keyed.base}/api/batches/${created.id}`, { headers: alice })).status).toBe(200);
      const cancel = await fetch(`${keyed.base}/api/batches/${created.id}/cancel`, { method: 'POST', headers: { ...alice, 'x-batch-token': created.token } });
      expect(cancel.status).toBe(200);
    } finally {
      await keyed.close();
    }
  });
});

describe('batch results', () => {
  it('rejects a bad from= and rate-limits readers', async () => {
    const limited = await startTestServer({ PARALLAX_RESULTS_RATE_LIMIT: '3' }, pool);
    try {
      const { id } = await (await post(limited.base, '/api/batches', [{ id: 1, articles: pair() }])).json();
      const bad = await fetch(`${limited.base}/api/batches/${id}/results?from=abc`);
      expect(bad.status).toBe(400);
      expect((await bad.json()).errors[0].pointer).toBe('/query/from');
      await fetch(`${limited.base}/api/batches/${id}/results`);
      await fetch(`${limited.base}/api/batches/${id}`);
      expect((await fetch(`${limited.base}/api/batches/${id}/results`)).status).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
