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

const first = saved.comparison.findings[0]!.id;
const shown: number[] = [];
const ready: number[] = [];
const interactive: number[] = [];
const latency: number[] = [];
const driven: number[] = [];
const frames: number[] = [];
const loaded: number[] = [];
const allMarked: number[] = [];

interface PageTimes { ready?: number; clicked?: number; evidence?: number; allMarkedAt?: number; error?: string }

/**
 * One load. `inPage`: the page clicks the first finding itself as soon as every row is on screen
 * (the first moment a reader could), and notes when the evidence is painted: the figure is the
 * page's own work. Otherwise Playwright waits for a row, clicks and waits for the evidence, as a
 * test does: that figure adds the driver's round trips and actionability checks (tens of ms).
 */
async function load(inPage: boolean, timed: boolean): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  // tsx keeps function names by wrapping named functions in `__name(...)`, a helper the page lacks.
  await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  await page.addInitScript(({ id, inPage }) => {
    const w = window as unknown as { __t: PageTimes };
    const t: PageTimes = {};
    w.__t = t;
    // After the next paint: a frame, then a task (the frame's paint runs between the two).
    const afterPaint = (cb: () => void): void => { requestAnimationFrame(() => setTimeout(cb, 0)); };
    // When every row's words are marked (rows far from the window get theirs in idle time).
    new MutationObserver((_, obs) => {
      if (document.querySelector('.grid[data-all-marked="1"]')) {
        t.allMarkedAt = performance.now();
        obs.disconnect();
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-all-marked'], childList: true });
    if (!inPage) return;
    // The app marks 'parallax:all-rows' once every row is in the page; looked for every frame.
    const poll = (): void => {
      if (performance.getEntriesByName('parallax:all-rows').length === 0) { requestAnimationFrame(poll); return; }
      afterPaint(() => {
        t.ready = performance.now();
        const button = document.querySelector<HTMLElement>(`[data-finding="${CSS.escape(id)}"]`);
        if (!button) { t.error = 'no button for the first finding'; return; }
        new MutationObserver((_, mo) => {
          if (!document.querySelector('[data-evidence="1"]')) return;
          mo.disconnect();
          afterPaint(() => { t.evidence = performance.now(); });
        }).observe(document, { subtree: true, childList: true, attributes: true });
        t.clicked = performance.now();
        button.click();
      });
    };
    requestAnimationFrame(poll);
  }, { id: first, inPage });
  await page.goto(`${server.base}/c/${saved.id}`);
  await page.waitForSelector('.grid .grid-row[data-row]');
  const t1 = await page.evaluate(() => performance.now());
  const fetched = await page.evaluate(() => {
    const e = performance.getEntriesByType('resource').find((x) => x.name.includes('/api/comparisons/')) as PerformanceResourceTiming | undefined;
    return e ? { end: e.responseEnd, bytes: e.encodedBodySize, decoded: e.decodedBodySize } : undefined;
  });
  if (timed && inPage && fetched) loaded.push(fetched.end);
  if (timed && inPage && loaded.length === 1 && fetched) console.log(`  (compact JSON: ${(fetched.decoded / 1e6).toFixed(1)} MB, ${(fetched.bytes / 1e6).toFixed(1)} MB gzipped on the wire)`);
  if (inPage) {
    await page.waitForFunction(() => (window as unknown as { __t: PageTimes }).__t.evidence !== undefined || (window as unknown as { __t: PageTimes }).__t.error !== undefined, undefined, { timeout: 30_000 });
  } else {
    await page.locator(`[data-finding="${first}"]`).click();
    await page.waitForSelector('[data-evidence="1"]');
  }
  const t2 = await page.evaluate(() => performance.now());
  const rows = await page.locator('.grid .grid-row[data-row]').count();
  if (rows !== saved.comparison.alignment.rows.length) throw new Error(`rendered ${rows} rows of ${saved.comparison.alignment.rows.length}`);
  if (!inPage) {
    if (timed) { shown.push(t1); driven.push(t2); }
    await context.close();
    return;
  }
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
  const t = await page.evaluate(() => (window as unknown as { __t: PageTimes }).__t);
  if (t.error) throw new Error(t.error);
  if (timed) {
    ready.push(t.ready!);
    interactive.push(t.evidence!);
    latency.push(t.evidence! - t.clicked!);
    allMarked.push(t.allMarkedAt ?? NaN);
    frames.push(...f);
  }
  await context.close();
}

// The first load of each kind warms the browser's caches; the rest are timed. The two kinds
// alternate, so that a busy spell on the machine touches both.
await load(true, false);
await load(false, false);
for (let i = 0; i < RUNS; i++) {
  await load(true, true);
  await load(false, true);
}
await browser.close();
await server.close();

frames.sort((a, b) => a - b);
const p95 = frames[Math.floor(frames.length * 0.95)] ?? NaN;
console.log(`\nUI: a saved comparison of 12 articles x 3,000 words (${saved.comparison.stats.words} words, ${saved.comparison.alignment.rows.length} rows, ${saved.comparison.findings.length} findings, ${(json.length / 1e6).toFixed(1)} MB of JSON) in headless Chromium, 1600x1000; median of ${RUNS} loads after one warm-up`);
console.log(`  comparison JSON received:               ${median(loaded).toFixed(0)} ms after navigation start`);
console.log(`  every row on screen (painted):          ${median(ready).toFixed(0)} ms after navigation start`);
console.log(`  interactive (a click on a finding at that moment, its evidence painted): ${median(interactive).toFixed(0)} ms (click to evidence painted: ${median(latency).toFixed(0)} ms)`);
console.log(`  the same through Playwright (waits for a row, clicks, waits for the evidence; its round trips included): first row ${median(shown).toFixed(0)} ms, evidence ${median(driven).toFixed(0)} ms`);
console.log(`  every row's words marked (far rows in idle time; the scroll below runs meanwhile): ${median(allMarked).toFixed(0)} ms after navigation start`);
console.log(`  scrolling the whole view in 400 px steps: median frame ${median(frames).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (${frames.length} frames)`);
console.log(`  target: interactive within 1,000 ms: ${median(interactive) <= 1000 ? 'PASS' : 'MISS'}`);
