/** Where the browser tests look for a Chromium, and what a run does without one. */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserDecision, findChromium, isCi } from './chromium.ts';

/** A fake executable at `dir/rel`. */
function fakeBinary(dir: string, rel: string): string {
  const p = join(dir, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, '#!/bin/sh\n');
  chmodSync(p, 0o755);
  return p;
}

describe('finding a Chromium', () => {
  it('takes CHROMIUM_PATH alone when it is set, found or not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'px-chromium-'));
    const bin = fakeBinary(dir, 'my-chrome');
    expect(findChromium({ CHROMIUM_PATH: bin, PATH: '' })).toEqual({ path: bin, tried: [bin] });
    expect(findChromium({ CHROMIUM_PATH: '/nonexistent', PATH: dir })).toEqual({ path: null, tried: ['/nonexistent'] });
  });

  it('looks on the PATH, then in the Playwright cache, when there is no Debian chromium', () => {
    const dir = mkdtempSync(join(tmpdir(), 'px-chromium-'));
    const onPath = fakeBinary(dir, 'bin/google-chrome');
    const found = findChromium({ PATH: join(dir, 'bin'), PLAYWRIGHT_BROWSERS_PATH: join(dir, 'cache') });
    // On a machine with Debian's chromium it wins; otherwise the PATH's google-chrome does.
    expect([onPath, '/usr/bin/chromium']).toContain(found.path);
    const cached = fakeBinary(dir, 'cache/chromium-1200/chrome-linux/chrome');
    const fromCache = findChromium({ PATH: join(dir, 'nothing-here'), PLAYWRIGHT_BROWSERS_PATH: join(dir, 'cache') });
    expect([cached, '/usr/bin/chromium']).toContain(fromCache.path);
    if (fromCache.path === cached) expect(fromCache.tried).toContain(join(dir, 'nothing-here', 'chromium-browser'));
  });
});

describe('a run without a browser', () => {
  it('skips the browser tests with a line saying how to enable them, outside CI', () => {
    const d = browserDecision({ CHROMIUM_PATH: '/nonexistent' });
    expect(d.path).toBeNull();
    expect(d.skip).toBe(
      "Browser tests skipped: no Chromium found (looked at /nonexistent). To run them, install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome executable.",
    );
  });

  it('fails in CI, where a skip would hide the browser tests', () => {
    expect(() => browserDecision({ CHROMIUM_PATH: '/nonexistent', CI: 'true' })).toThrow(/CI is set and no Chromium was found/);
    expect(isCi({ CI: 'false' })).toBe(false);
    expect(isCi({ CI: '1' })).toBe(true);
    expect(isCi({})).toBe(false);
  });
});
