import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { startTestServer } from './test/server/helpers.ts';
import { syntheticCluster } from './test/bench/synthetic.ts';
const WEB = new URL('./web/dist/', import.meta.url).pathname;
const server = await startTestServer({ PARALLAX_RATE_LIMIT: '0', PARALLAX_MAX_BODY_MB: '50' }, undefined, WEB);
const request = syntheticCluster({ articles: 12, words: 3_000 });
const saved = await (await fetch(`${server.base}/api/compare`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ articles: request.articles, save: true }) })).json() as any;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
for (let i = 0; i < 3; i++) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  if (i === 2) await browser.startTracing(page, { categories: ['devtools.timeline', 'v8', 'blink'] });
  await page.goto(`${server.base}/c/${saved.id}`);
  await page.waitForSelector('.grid .grid-row[data-row]');
  const tbefore = await page.evaluate(() => performance.now());
  await page.locator(`[data-finding="${saved.comparison.findings[0].id}"]`).click();
  console.log('before click', Math.round(tbefore));
  await page.waitForSelector('[data-evidence="1"]');
  const t = await page.evaluate(() => performance.now()); const tc = await page.evaluate(() => 0);
  const marks = await page.evaluate(() => {
    const all = performance.getEntriesByType("resource").filter((x) => x.name.includes("/api/comparisons/")) as PerformanceResourceTiming[]; const e = all[0]!; console.log(all.length);
    const js = performance.getEntriesByType('resource').find((x) => x.name.endsWith('.js')) as PerformanceResourceTiming; const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return [['html', nav.responseEnd], ['jsReq', js.requestStart], ['jsStart', js.responseStart], ['jsEnd', js.responseEnd], ['dcl', nav.domContentLoadedEventEnd], ['req', e.requestStart], ['respStart', e.responseStart], ['respEnd', e.responseEnd], ...performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])].map(([n, v]) => `${n}=${Math.round(v as number)}`).join(' ');
  });
  console.log('interactive', Math.round(t), marks);
  if (i === 2) {
    const buf = await browser.stopTracing();
    const trace = JSON.parse(buf.toString());
    const events = (trace.traceEvents ?? trace) as any[];
    const main = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    const tids = new Set(main.map((e) => e.tid));
    const nav = events.find((e) => e.name === 'navigationStart' && tids.has(e.tid))?.ts ?? events.find((e) => e.name === 'TracingStartedInBrowser')?.ts;
    const mainEv = events.filter((e) => e.ph === 'X' && tids.has(e.tid) && e.dur);
    const names = new Map<string, number>(); for (const e of mainEv) if (e.dur > 20000) names.set(e.name, (names.get(e.name) ?? 0) + 1);
    console.log('nav', nav, [...names].slice(0, 30).join(' | '));
    const tasks = mainEv.filter((e) => e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask').filter((e) => e.dur > 8000);
    for (const t of tasks) {
      const kids = new Map<string, number>();
      for (const e of mainEv) {
        if (e.ts < t.ts || e.ts + e.dur > t.ts + t.dur || e === t) continue;
        if (['FunctionCall', 'v8.callFunction', 'UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'V8.GC_SCAVENGER', 'MajorGC', 'MinorGC', 'EvaluateScript', 'v8.compile', 'ParseHTML', 'Commit', 'Layerize', 'v8.parseOnBackground', 'HitTest', 'IntersectionObserverController::computeIntersections', 'UpdateLayer', 'ScrollableArea::UpdateAfterLayout', 'v8.run', 'V8.ParseJSON', 'ResourceReceivedData'].includes(e.name)) kids.set(e.name, (kids.get(e.name) ?? 0) + e.dur / 1000);
      }
      console.log(`${((t.ts - nav) / 1000).toFixed(0)}ms +${(t.dur / 1000).toFixed(0)} ${[...kids].filter(([, v]) => v > 2).map(([k, v]) => `${k}:${v.toFixed(0)}`).join(' ')}`);
    }
  }
  await context.close();
}
await browser.close();
await server.close();
