/**
 * The crash test: a real server process gets a batch, is killed with SIGKILL part-way through,
 * and is started again on the same data folder. Every item's result must then be present exactly
 * once, in input order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pair, post, startServerProcess, until, type ServerProcess } from './helpers.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'parallax-crash-'));
const started: ServerProcess[] = [];

/** Starts `parallax serve` on a free port on the shared data folder. */
async function startServer(): Promise<ServerProcess> {
  const p = await startServerProcess({ PARALLAX_DATA_DIR: dataDir });
  started.push(p);
  return p;
}

afterAll(() => {
  for (const p of started) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a server killed mid-batch', () => {
  it('resumes unfinished items on restart, with every result present exactly once', async () => {
    const N = 400;
    const items = Array.from({ length: N }, (_, i) => ({ id: `item-${i}`, articles: pair(` in round ${i}`) }));
    const first = await startServer();
    const accepted = await post(first.base, '/api/batches', items);
    expect(accepted.status).toBe(202);
    const { id } = await accepted.json();

    // Kill it once some, but not all, items are done.
    const partial = await until(async () => {
      const s = await (await fetch(`${first.base}/api/batches/${id}`)).json();
      return s.done >= 20 ? s : undefined;
    }, 30_000, 10);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    expect(partial.done).toBeLessThan(N);

    const second = await startServer();
    const done = await until(async () => {
      const s = await (await fetch(`${second.base}/api/batches/${id}`)).json();
      return s.status === 'done' ? s : undefined;
    }, 60_000, 100);
    expect(done).toMatchObject({ total: N, done: N, failed: 0, pending: 0 });

    const rows = (await (await fetch(`${second.base}/api/batches/${id}/results`)).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(N);
    expect(rows.map((r) => r.id)).toEqual(items.map((i) => i.id));
    expect(rows.every((r) => r.comparison?.schemaVersion === 1)).toBe(true);
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
    expect(second.child.exitCode).toBe(0);
  }, 120_000);
});
