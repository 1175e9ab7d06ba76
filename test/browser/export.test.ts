/** The HTML export as readers see it: on a desktop, on a phone and printed on A4 landscape (real Chromium, screenshots). */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ARTIFACTS, axeViolations, startHarness, type Harness } from './harness.ts';

const chromium = inject('chromium');
let h: Harness;
let html = '';

const open = async (viewport: { width: number; height: number }): Promise<Page> => {
  const page = await h.page(viewport);
  await page.setContent(html, { waitUntil: 'load' });
  return page;
};
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe.skipIf(chromium === null)('the HTML export (Chromium)', () => {
  beforeAll(async () => {
    h = await startHarness(chromium!);
    html = await (await fetch(`${h.server.base}/api/seeds/un-security-council-ukraine-2025/export?format=html`)).text();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shares the width among the outlets on a desktop, with a narrow row-number column', async () => {
    const page = await open({ width: 1400, height: 900 });
    const widths = await page.$$eval('table.rows thead th', (ths) => ths.map((th) => th.getBoundingClientRect().width));
    expect(widths.length).toBe(7);
    expect(widths[0]!).toBeLessThan(50);
    const outlets = widths.slice(1);
    expect(Math.max(...outlets) - Math.min(...outlets)).toBeLessThan(2);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await page.locator('table.rows thead th').nth(5).textContent()).toBe('Borealis Information Agency');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}export-desktop.png` });
  });

  it('reads on a phone: stacked cards, each cell labelled with its outlet, nothing wider than the screen', async () => {
    const page = await open({ width: 390, height: 844 });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    const label = await page.$eval('table.rows tbody td[data-label]:not(.num)', (td) => getComputedStyle(td, '::before').content);
    expect(label).toBe('"The Northern Ledger"');
    // A gap says which outlet lacks the passage once, without a label repeating it.
    expect(await page.$eval('table.rows tbody td.gap', (td) => getComputedStyle(td, '::before').content)).toBe('none');
    const cell = await page.$eval('table.rows tbody td:not(.num)', (td) => td.getBoundingClientRect().width);
    expect(cell).toBeGreaterThan(300);
    await page.screenshot({ path: `${ARTIFACTS}export-phone.png` });
    await page.evaluate(() => document.querySelector('table.rows')!.scrollIntoView());
    await page.screenshot({ path: `${ARTIFACTS}export-phone-rows.png` });
  });

  it('prints on A4 landscape with the outlets side by side and the header row on every page', async () => {
    const page = await open({ width: 1123, height: 794 });
    await page.emulateMedia({ media: 'print' });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await page.$eval('table.rows thead', (t) => getComputedStyle(t).display)).toBe('table-header-group');
    const heads = await page.$$eval('table.rows thead th', (ths) => ths.map((th) => th.getBoundingClientRect().top));
    expect(new Set(heads.map(Math.round)).size).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}export-a4-landscape.png`, fullPage: false });
    await page.locator('table.rows').scrollIntoViewIfNeeded();
    await page.evaluate(() => document.querySelector('table.rows')!.scrollIntoView());
    await page.screenshot({ path: `${ARTIFACTS}export-a4-landscape-rows.png`, fullPage: false });
    // The PDF Chromium makes is A4 landscape (the page size comes from the report's @page rule).
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
    expect(box).not.toBeNull();
    expect(Math.round(Number(box![1]))).toBe(842);
    expect(Math.round(Number(box![2]))).toBe(595);
  });
});
