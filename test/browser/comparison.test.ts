/** The comparison view in real Chromium: the seed event's columns, rows, highlights and evidence. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ARTIFACTS, axeViolations, startHarness, type Harness } from './harness.ts';
import { buildModel, reworded } from '../../web/src/model/comparison.ts';
import type { ComparisonView } from '../../engine/types.ts';

let h: Harness;
let page: Page;
let seed: {
  articles: { id: string; paragraphs: unknown[] }[];
  alignment: { rows: { missing: string[]; members: { article: string; paragraphs: number[] }[] }[] };
  findings: { id: string; spans: { article: string; field?: string }[]; evidence: { role: string; article: string; field?: string }[] }[];
};

// The Chromium found by the global setup (test/setup/browser.ts); without one the file skips.
const chromium = inject('chromium');

describe.skipIf(chromium === null)('the comparison view (Chromium)', () => {
  beforeAll(async () => {
    h = await startHarness(chromium!);
    seed = await (await fetch(`${h.server.base}/api/seeds/un-security-council-ukraine-2025/comparison`)).json();
    page = await h.page();
    // Reduced motion: scrolling is instant (and the reduced-motion styles are exercised).
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${h.server.base}/seed/un-security-council-ukraine-2025`);
    await page.waitForSelector('.grid .cell.head');
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('the aligned view of the seed event', () => {
    it('shows one column per article, one row per alignment row, highlights and gaps', async () => {
      expect(await page.locator('.grid .cell.head').count()).toBe(seed.articles.length);
      expect(await page.locator('.grid .grid-row[data-row]').count()).toBe(seed.alignment.rows.length);
      expect(await page.locator('.grid mark.hl.diff, .grid mark.hl.sub').count()).toBeGreaterThan(20);
      const gaps = seed.alignment.rows.reduce((n, r) => n + r.missing.length, 0);
      expect(await page.locator('.grid .cell.gap').count()).toBe(gaps);
      await expect.poll(() => page.locator('.grid .cell.gap').first().textContent()).toMatch(/not in /);
      await page.screenshot({ path: `${ARTIFACTS}comparison-aligned.png` });
    });

    it('shows the counterpart wording when a substitution gets focus', async () => {
      const sub = page.locator('.grid mark.hl.sub').first();
      await sub.focus();
      const tip = page.locator('.floating-tip');
      await expect.poll(() => tip.isVisible()).toBe(true);
      expect((await tip.textContent())?.length ?? 0).toBeGreaterThan(3);
      // The words stay in the mark for screen readers.
      expect((await sub.locator('.tip').textContent())?.length ?? 0).toBeGreaterThan(3);
      // The counterpart wording in another column is marked while the substitution has focus.
      await expect.poll(() => page.locator('.grid mark.paired').count()).toBeGreaterThan(0);
      const sameColumn = await page.evaluate(() => {
        const col = (el: Element) => { const cell = el.closest('.cell')!; return [...cell.parentElement!.children].indexOf(cell); };
        const focused = document.activeElement!;
        return [...document.querySelectorAll('.grid mark.paired')].some((p) => col(p) === col(focused));
      });
      expect(sameColumn).toBe(false);
    });

    it('highlights a selected finding\'s evidence in every column it concerns', async () => {
      // A finding with body evidence in at least two articles (an omission or a substitution).
      const f = seed.findings.find((x) => new Set(x.spans.filter((s) => !s.field).map((s) => s.article)).size >= 2)!;
      await page.locator(`[data-finding="${f.id}"]`).click();
      await expect.poll(() => page.locator('.grid [data-evidence="1"]').count()).toBeGreaterThan(0);
      const columns = await page.evaluate(() => {
        const heads = [...document.querySelectorAll('.grid .cell.head')];
        const cols = new Set<number>();
        for (const ev of document.querySelectorAll('.grid [data-evidence="1"]')) {
          const cell = ev.closest('.cell')!;
          const row = cell.parentElement!;
          cols.add([...row.children].indexOf(cell));
        }
        return { n: heads.length, cols: [...cols] };
      });
      // Flagged and counterpart words alike (the finding's typed evidence).
      const expected = new Set(f.evidence.filter((s) => !s.field).map((s) => seed.articles.findIndex((a) => a.id === s.article)));
      expect(new Set(columns.cols)).toEqual(expected);
      expect(await page.locator(`[data-finding="${f.id}"]`).getAttribute('aria-pressed')).toBe('true');
      await page.screenshot({ path: `${ARTIFACTS}comparison-evidence.png` });
    });

    it('steps through findings with j and k', async () => {
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('j');
      const first = await page.locator('.finding[aria-pressed="true"]').getAttribute('data-finding');
      await page.keyboard.press('j');
      const second = await page.locator('.finding[aria-pressed="true"]').getAttribute('data-finding');
      expect(second).not.toBe(first);
      await page.keyboard.press('k');
      expect(await page.locator('.finding[aria-pressed="true"]').getAttribute('data-finding')).toBe(first);
      await page.keyboard.press('?');
      await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    });

    it('filters findings by family', async () => {
      await page.getByLabel('Family').selectOption('coverage');
      const rules = await page.locator('.finding .rule').allTextContents();
      expect(rules.length).toBeGreaterThan(0);
      expect(rules.every((r) => r.startsWith('coverage/'))).toBe(true);
      await page.getByLabel('Family').selectOption('');
    });

    it('switches to each article\'s own order and back', async () => {
      await page.getByRole('button', { name: "Each article's own order" }).click();
      const paras = await page.locator('.grid.own .cell[role="cell"] p').count();
      expect(paras).toBe(seed.articles.reduce((n, a) => n + ((a as unknown as { paragraphs: unknown[] }).paragraphs.length), 0));
      await page.getByRole('button', { name: "Each article's own order" }).click();
      await page.waitForSelector('.grid .grid-row[data-row]');
    });
  });

  describe('reading the aligned view', () => {
    it('keeps the outlet headers in view while the passages scroll', async () => {
      const grid = page.locator('.grid').first();
      await grid.evaluate((el) => el.scrollTo(0, 1500));
      await expect.poll(() => grid.evaluate((el) => el.scrollTop)).toBeGreaterThan(1000);
      const gap = await page.evaluate(() => {
        const g = document.querySelector('.grid')!.getBoundingClientRect();
        const h = document.querySelector('.grid .cell.head')!.getBoundingClientRect();
        return Math.abs(h.top - g.top);
      });
      expect(gap).toBeLessThan(3);
      await page.screenshot({ path: `${ARTIFACTS}comparison-sticky-headers.png` });
      await grid.evaluate((el) => el.scrollTo(0, 0));
    });

    it('keeps a substitution\'s tooltip inside the window, in the last column too', async () => {
      const last = seed.articles.length - 1;
      const inLast = page.locator(`.grid .grid-row[data-row] > .cell:nth-child(${last + 1}) mark.hl.sub`).first();
      const target = (await inLast.count()) > 0 ? inLast : page.locator('.grid mark.hl.sub').last();
      await target.scrollIntoViewIfNeeded();
      await target.focus();
      const tip = page.locator('.floating-tip');
      await expect.poll(() => tip.isVisible()).toBe(true);
      const box = await tip.evaluate((el) => { const r = el.getBoundingClientRect(); return { l: r.left, r: r.right, t: r.top, b: r.bottom, w: innerWidth, h: innerHeight }; });
      expect(box.l).toBeGreaterThanOrEqual(0);
      expect(box.r).toBeLessThanOrEqual(box.w);
      expect(box.t).toBeGreaterThanOrEqual(0);
      expect(box.b).toBeLessThanOrEqual(box.h);
      await page.screenshot({ path: `${ARTIFACTS}comparison-tooltip.png` });
      await page.locator('body').click({ position: { x: 5, y: 5 } });
    });

    it('says so where a passage is reworded, instead of leaving it unmarked', async () => {
      const view = buildModel(seed as unknown as ComparisonView);
      let expected = 0;
      for (const row of seed.alignment.rows) for (const m of row.members) for (const p of m.paragraphs) if (reworded(view, m.article, p)) expected++;
      expect(await page.locator('.grid .grid-row[data-row] .reworded').count()).toBe(expected);
      // No word marks inside a reworded passage.
      expect(await page.locator('.grid .grid-row[data-row] p:has(.reworded) mark.hl.diff').count()).toBe(0);
    });

    it('marks each headline\'s own words in the headline strip', async () => {
      expect(await page.locator('.grid .cell.head mark.headline-own').count()).toBeGreaterThan(seed.articles.length);
      await page.locator('.grid').first().evaluate((el) => el.scrollTo(0, 0));
      await page.screenshot({ path: `${ARTIFACTS}comparison-headlines.png` });
    });

    it('labels the legend clearly and opens with a passage most outlets share', async () => {
      expect(await page.locator('.legend').innerText()).toContain('boxed evidence of the selected finding');
      const first = Number(await page.locator('.grid .grid-row[data-row]').first().getAttribute('data-row'));
      expect(seed.alignment.rows[first]!.members.length).toBeGreaterThanOrEqual(Math.ceil(seed.articles.length / 2));
    });
  });

  describe('the pair view and the overviews', () => {
    it('shows two articles side by side in one scroller', async () => {
      await page.getByRole('tab', { name: 'Pair' }).click();
      await page.waitForSelector('.pair-grid');
      expect(await page.locator('.pair-grid .cell.head').count()).toBe(2);
      expect(await page.locator('.pair-grid [data-similarity]').count()).toBeGreaterThan(3);
      await page.getByLabel('Right').selectOption('kyiv');
      await expect.poll(() => page.locator('.pair-grid .cell.head').nth(1).textContent()).toContain('Dnipro');
      await page.screenshot({ path: `${ARTIFACTS}comparison-pair.png` });
      // Each paragraph of each side once, in its own order.
      const sides = await page.evaluate(() => {
        const rows = [...document.querySelectorAll('.pair-grid .grid-row[role="row"]:not(.head)')];
        const nums = (attr: string) => rows.flatMap((r) => (r.getAttribute(attr) ?? '').split(' ').filter(Boolean).map(Number));
        return { a: nums('data-pair-a'), b: nums('data-pair-b') };
      });
      const left = await page.getByLabel('Left').inputValue();
      const count = (id: string) => seed.articles.find((x) => x.id === id)!.paragraphs.length;
      expect(sides.a).toEqual(Array.from({ length: count(left) }, (_, i) => i));
      expect(sides.b).toEqual(Array.from({ length: count('kyiv') }, (_, i) => i));
      // The headers stay in view while the pair scrolls.
      await page.locator('.pair-scroll').evaluate((el) => el.scrollTo(0, 1200));
      const gap = await page.evaluate(() => Math.abs(document.querySelector('.pair-grid .cell.head')!.getBoundingClientRect().top - document.querySelector('.pair-scroll')!.getBoundingClientRect().top));
      expect(gap).toBeLessThan(3);
    });

    it('draws the coverage map, share of voice, frames and term contrasts', async () => {
      await page.getByRole('tab', { name: 'Overviews' }).click();
      await page.waitForSelector('.coverage');
      expect(await page.locator('.coverage tbody tr').count()).toBe(seed.alignment.rows.length);
      expect(await page.locator('.coverage td.missing').count()).toBe(seed.alignment.rows.reduce((n, r) => n + r.missing.length, 0));
      // Shares carry their unit; a passage one outlet alone carries says so rather than "0".
      expect(await page.locator('.coverage td.only').count()).toBe(seed.alignment.rows.filter((r) => r.members.length === 1).length);
      const shares = await page.locator('.coverage td:not(.missing):not(.only)').allTextContents();
      expect(shares.length).toBeGreaterThan(0);
      expect(shares.every((t) => /^\d+%$/.test(t))).toBe(true);
      expect(await page.locator('.bars tbody tr').count()).toBe(seed.articles.length);
      expect(await page.locator('.frames tbody tr').count()).toBeGreaterThan(2);
      await page.screenshot({ path: `${ARTIFACTS}comparison-overviews.png`, fullPage: true });
      await page.getByRole('tab', { name: 'Aligned' }).click();
    });

    it('has no serious or critical accessibility violations', async () => {
      const violations = await axeViolations(page);
      expect(violations).toEqual([]);
    });

    it('is usable at tablet width', async () => {
      const tablet = await h.page({ width: 820, height: 1100 });
      await tablet.goto(`${h.server.base}/seed/un-security-council-ukraine-2025`);
      await tablet.waitForSelector('.grid .cell.head');
      const overflow = await tablet.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(1);
      await tablet.screenshot({ path: `${ARTIFACTS}comparison-tablet.png` });
      await tablet.context().close();
    });
  });

  describe('marks drawn as rows come near the window', () => {
    it('shows far rows as text first, marks them in idle time, and marks every row at once for n/p', async () => {
      const fresh = await h.page({ width: 1400, height: 700 });
      await fresh.goto(`${h.server.base}/seed/un-security-council-ukraine-2025`);
      await fresh.waitForSelector('.grid .grid-row[data-row]');
      // Every row and every word is there from the start (readable, searchable) ...
      expect(await fresh.locator('.grid .grid-row[data-row]').count()).toBe(seed.alignment.rows.length);
      const text = (await fresh.locator('.grid').textContent()) ?? '';
      for (const a of seed.articles) expect(text).toContain((a as unknown as { text: string }).text.slice(0, 60));
      // ... and in idle time every row gets its marks, the same marks as when all are drawn at once.
      await fresh.waitForSelector('.grid[data-all-marked="1"]', { timeout: 15_000 });
      const idleMarks = await fresh.locator('.grid mark.hl').count();
      const other = await h.page({ width: 1400, height: 700 });
      await other.goto(`${h.server.base}/seed/un-security-council-ukraine-2025`);
      await other.waitForSelector('.grid .grid-row[data-row]');
      await other.keyboard.press('n');
      await other.waitForSelector('.grid[data-all-marked="1"]', { timeout: 5_000 });
      await expect.poll(() => other.locator('.grid [data-diff].current').count()).toBe(1);
      expect(await other.locator('.grid mark.hl').count()).toBe(idleMarks);
      expect(idleMarks).toBeGreaterThan(50);
      await fresh.context().close();
      await other.context().close();
    });
  });
});
