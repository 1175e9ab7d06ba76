/** The worker pool: a task that overruns its budget fails alone; the next one runs on a fresh worker. */
import { describe, expect, it } from 'vitest';
import { createWorkerPool } from '../../server/jobs/pool.ts';
import { syntheticCluster } from '../bench/synthetic.ts';
import { pair } from './helpers.ts';

describe('worker pool', () => {
  it('replaces a timed-out worker at once, so the next task is not lost with it', async () => {
    const pool = createWorkerPool({ size: 1, taskTimeoutMs: 400 });
    try {
      // Warm the worker up, then give it more than it can do in 400 ms.
      expect((await pool.run({ kind: 'compare', request: { articles: pair() } })).ok).toBe(true);
      const heavy = pool.run({ kind: 'compare', request: syntheticCluster({ articles: 12, words: 10_000 }) as never });
      const next = pool.run({ kind: 'compare', request: { articles: pair(' after') } });
      const [h, n] = await Promise.all([heavy, next]);
      expect(h).toMatchObject({ ok: false, error: { status: 503, code: 'timeout' } });
      expect(n.ok).toBe(true);
    } finally {
      await pool.close();
    }
  }, 30_000);

  it('refuses work once closing and fails nothing silently', async () => {
    const pool = createWorkerPool({ size: 1, taskTimeoutMs: 5_000 });
    const running = pool.run({ kind: 'compare', request: { articles: pair() } });
    const closing = pool.close();
    const late = await pool.run({ kind: 'compare', request: { articles: pair() } });
    expect(late).toMatchObject({ ok: false, error: { code: 'shutting-down' } });
    await closing;
    expect((await running).ok).toBe(true);
  });
});
