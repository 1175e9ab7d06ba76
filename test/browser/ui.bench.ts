/**
 * UI benchmark (a plain script, not a test): `node --import tsx test/browser/ui.bench.ts` (run by
 * `npm run bench`; needs the built UI: `npx vite build web`, and Debian's chromium).
 *
 * A saved comparison of 12 articles x 3,000 words opened in headless Chromium: time from
 * navigation start until the aligned view is on screen, until every row is rendered and a click on
 * a finding has highlighted its evidence (interactive); then frame times while scrolling the view.
 */
import { chromium } from 'playwright-core';
import { startTestServer } from '../server/helpers.ts';
import { findChromium, skipLine } from '../setup/chromium.ts';
import { syntheticCluster } from '../bench/synthetic.ts';

const RUNS = 5;
const found = findChromium();
if (!found.path) {
  console.log(skipLine(found).replace('Browser tests', 'The UI benchmark was'));
  process.exit(0);
}
const WEB = new URL('../../web/dist/', import.meta.url).pathname;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

const server = await startTestServer({ PARALLAX_RATE_LIMIT: '0', PARALLAX_MAX_BODY_MB: '50' }, undefined, WEB);
const request = syntheticCluster({ articles: 12, words: 3_000 });
const saved = await (await fetch(`${server.base}/api/compare`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ articles: request.articles, save: true }) })).json() as { id: string; comparison: { alignment: { rows: unknown[] }; findings: { id: string }[]; stats: { words: number } } };
const json = await (await fetch(`${server.base}/api/comparisons/${saved.id}`)).text();
const browser = await chromium.launch({ executablePath: found.path, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });

const shown: number[] = [];
const interactive: number[] = [];
const frames: number[] = [];
const loaded: number[] = [];
const allMarked: number[] = [];
for (let i = 0; i < RUNS + 1; i++) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  // When every row's words are marked (rows far from the window get theirs in idle time).
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.querySelector('.grid[data-all-marked="1"]')) {
        (window as unknown as { allMarkedAt: number }).allMarkedAt = performance.now();
        obs.disconnect();
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-all-marked'], childList: true });
  });
  await page.goto(`${server.base}/c/${saved.id}`);
  await page.waitForSelector('.grid .grid-row[data-row]');
  const t1 = await page.evaluate(() => performance.now());
  const fetched = await page.evaluate(() => {
    const e = performance.getEntriesByType('resource').find((x) => x.name.includes('/api/comparisons/')) as PerformanceResourceTiming | undefined;
    return e ? { end: e.responseEnd, bytes: e.encodedBodySize, decoded: e.decodedBodySize } : undefined;
  });
  if (i > 0 && fetched) loaded.push(fetched.end);
  if (i === 1 && fetched) console.log(`  (compact JSON: ${(fetched.decoded / 1e6).toFixed(1)} MB, ${(fetched.bytes / 1e6).toFixed(1)} MB gzipped on the wire)`);
  const first = saved.comparison.findings[0]!.id;
  await page.locator(`[data-finding="${first}"]`).click();
  await page.waitForSelector('[data-evidence="1"]');
  const t2 = await page.evaluate(() => performance.now());
  const rows = await page.locator('.grid .grid-row[data-row]').count();
  if (rows !== saved.comparison.alignment.rows.length) throw new Error(`rendered ${rows} rows of ${saved.comparison.alignment.rows.length}`);
  // Frame times while scrolling through the whole view.
  const f = await page.evaluate(async () => {
    const times: number[] = [];
    let last = performance.now();
    // The aligned grid is its own scroll box (its headers stay in view): scroll it.
    const grid = document.querySelector('.grid')!;
    const max = grid.scrollHeight - grid.clientHeight;
    for (let y = 0; y < max; y += 400) {
      grid.scrollTo(0, y);
      await new Promise<void>((r) => requestAnimationFrame(() => r()));
      const now = performance.now();
      times.push(now - last);
      last = now;
    }
    return times;
  });
  await page.waitForSelector('.grid[data-all-marked="1"]', { timeout: 30_000 });
  const marksAt = await page.evaluate(() => (window as unknown as { allMarkedAt?: number }).allMarkedAt ?? NaN);
  if (i > 0) {
    allMarked.push(marksAt);
    // The first run warms the browser's caches; the rest are timed.
    shown.push(t1);
    interactive.push(t2);
    frames.push(...f);
  }
  await context.close();
}
await browser.close();
await server.close();

frames.sort((a, b) => a - b);
const p95 = frames[Math.floor(frames.length * 0.95)] ?? NaN;
console.log(`\nUI: a saved comparison of 12 articles x 3,000 words (${saved.comparison.stats.words} words, ${saved.comparison.alignment.rows.length} rows, ${saved.comparison.findings.length} findings, ${(json.length / 1e6).toFixed(1)} MB of JSON) in headless Chromium, 1600x1000; median of ${RUNS} loads after one warm-up`);
console.log(`  comparison JSON received:               ${median(loaded).toFixed(0)} ms after navigation start`);
console.log(`  aligned view on screen:                 ${median(shown).toFixed(0)} ms after navigation start`);
console.log(`  interactive (all rows, a finding's evidence highlighted after a click): ${median(interactive).toFixed(0)} ms`);
console.log(`  every row's words marked (far rows in idle time; the scroll below runs meanwhile): ${median(allMarked).toFixed(0)} ms after navigation start`);
console.log(`  scrolling the whole view in 400 px steps: median frame ${median(frames).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (${frames.length} frames)`);
console.log(`  target: interactive within 1,000 ms: ${median(interactive) <= 1000 ? 'PASS' : 'MISS'}`);
