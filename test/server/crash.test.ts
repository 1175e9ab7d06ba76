/**
 * The crash test: a real server process gets a batch, is killed with SIGKILL part-way through,
 * and is started again on the same data folder. Every item's result must then be present exactly
 * once, in input order.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pair, post, until } from './helpers.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'parallax-crash-'));
const children: ChildProcess[] = [];

/** Starts `parallax serve` on a free port; resolves with its base URL once it listens. */
function startServer(): Promise<{ base: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['bin/parallax.js', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', PARALLAX_DATA_DIR: dataDir, PARALLAX_WORKERS: '2', LOG_LEVEL: 'info', PARALLAX_BATCH_RATE_LIMIT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"url":"(http:\/\/[^"]+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ base: m[1]!, child });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
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
