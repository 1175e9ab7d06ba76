import { chromium } from 'playwright-core';
import { startTestServer } from './test/server/helpers.ts';
import { syntheticCluster } from './test/bench/synthetic.ts';
const WEB = new URL('./web/dist/', import.meta.url).pathname;
const server = await startTestServer({ PARALLAX_RATE_LIMIT: '0', PARALLAX_MAX_BODY_MB: '50' }, undefined, WEB);
const request = syntheticCluster({ articles: 12, words: 3_000 });
const saved = await (await fetch(`${server.base}/api/compare`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ articles: request.articles, save: true }) })).json() as any;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const total = new Map<string, number>();
const selfT = new Map<string, number>();
for (let i = 0; i < 3; i++) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await page.goto(`${server.base}/c/${saved.id}`);
  await page.waitForSelector('.grid .grid-row[data-row]');
  await page.locator(`[data-finding="${saved.comparison.findings[0].id}"]`).click();
  await page.waitForSelector('[data-evidence="1"]');
  const { profile } = await cdp.send('Profiler.stop') as any;
  // inclusive time per function name
  const byId = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const dt = profile.timeDeltas as number[];
  profile.samples.forEach((s: number, k: number) => {
    const sn = byId.get(s);
    const sk = `${sn.callFrame.functionName || '(anon)'}:${sn.callFrame.lineNumber}`;
    selfT.set(sk, (selfT.get(sk) ?? 0) + (dt[k] ?? 0) / 1000 / 3);
    const seen = new Set<string>();
    for (let id: number | undefined = s; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id);
      const key = `${n.callFrame.functionName || '(anon)'}:${n.callFrame.lineNumber}`;
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + (dt[k] ?? 0) / 1000 / 3);
    }
  });
  await context.close();
}
console.log([...selfT].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(1)}ms ${k}`).join('\n'));
console.log('---');
console.log([...total].filter(([k]) => !k.startsWith('(')).sort((a, b) => b[1] - a[1]).slice(0, 45).map(([k, v]) => `${v.toFixed(1)}ms ${k}`).join('\n'));
await browser.close();
await server.close();
