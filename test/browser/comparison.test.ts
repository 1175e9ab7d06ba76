/** The comparison view in real Chromium: the seed event's columns, rows, highlights and evidence. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ARTIFACTS, axeViolations, startHarness, type Harness } from './harness.ts';

let h: Harness;
let page: Page;
let seed: { articles: { id: string }[]; alignment: { rows: { missing: string[] }[] }; findings: { id: string; spans: { article: string; field?: string }[] }[] };

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
      const tip = sub.locator('.tip');
      await expect.poll(() => tip.isVisible()).toBe(true);
      expect((await tip.textContent())?.length ?? 0).toBeGreaterThan(3);
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
      const expected = new Set(f.spans.filter((s) => !s.field).map((s) => seed.articles.findIndex((a) => a.id === s.article)));
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

  describe('the pair view and the overviews', () => {
    it('shows two articles side by side in one scroller', async () => {
      await page.getByRole('tab', { name: 'Pair' }).click();
      await page.waitForSelector('.pair-grid');
      expect(await page.locator('.pair-grid .cell.head').count()).toBe(2);
      expect(await page.locator('.pair-grid [data-similarity]').count()).toBeGreaterThan(3);
      await page.getByLabel('Right').selectOption('kyiv');
      await expect.poll(() => page.locator('.pair-grid .cell.head').nth(1).textContent()).toContain('Dnipro');
      await page.screenshot({ path: `${ARTIFACTS}comparison-pair.png` });
    });

    it('draws the coverage map, share of voice, frames and term contrasts', async () => {
      await page.getByRole('tab', { name: 'Overviews' }).click();
      await page.waitForSelector('.coverage');
      expect(await page.locator('.coverage tbody tr').count()).toBe(seed.alignment.rows.length);
      expect(await page.locator('.coverage td.missing').count()).toBe(seed.alignment.rows.reduce((n, r) => n + r.missing.length, 0));
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
});
