/** Home, new comparison (pasted text, URLs with one failing) and batch pages in real Chromium. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ARTIFACTS, axeViolations, startHarness, type Harness } from './harness.ts';

let h: Harness;
let pages: Server;
let pagesBase = '';

const article = (outlet: string, verb: string) => `<!doctype html><html lang="en"><head><title>Council ${verb} truce plan | ${outlet}</title>
<meta property="og:site_name" content="${outlet}"></head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Council ${verb} truce plan</h1>
<p>The security council ${verb} a plan for a truce on Monday, after a long debate between its fifteen members in New York.</p>
<p>Ten members voted in favour and five abstained, including France and the United Kingdom, diplomats said afterwards.</p>
<p>The text calls for a swift end to the fighting and a lasting peace, but it does not say who started the war.</p></article></body></html>`;

// The Chromium found by the global setup (test/setup/browser.ts); without one the file skips.
const chromium = inject('chromium');

describe.skipIf(chromium === null)('the home, new comparison and batch pages (Chromium)', () => {
  beforeAll(async () => {
    h = await startHarness(chromium!);
    pages = createServer((req, res) => {
      if (req.url === '/wire') return void res.writeHead(200, { 'content-type': 'text/html' }).end(article('Wire Service', 'backs'));
      if (req.url === '/paper') return void res.writeHead(200, { 'content-type': 'text/html' }).end(article('Daily Paper', 'adopts'));
      res.writeHead(404, { 'content-type': 'text/plain' }).end('gone');
    });
    await new Promise<void>((r) => pages.listen(0, '127.0.0.1', r));
    pagesBase = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await h?.close();
    await new Promise<void>((r) => pages.close(() => r()));
  });

  async function fresh(path: string): Promise<Page> {
    const page = await h.page();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${h.server.base}${path}`);
    return page;
  }

  describe('page headers', () => {
    it('name the app\'s script and style, and a comparison page\'s data, for the browser to fetch early', async () => {
      const link = (await fetch(`${h.server.base}/c/someId_1`)).headers.get('link') ?? '';
      expect(link).toMatch(/<\/assets\/index-[\w-]+\.js>; rel=modulepreload; crossorigin/);
      expect(link).toMatch(/<\/assets\/index-[\w-]+\.css>; rel=preload; as=style; crossorigin/);
      expect(link).toContain('</api/comparisons/someId_1?view=ui>; rel=preload; as=fetch; crossorigin=anonymous');
      expect((await fetch(`${h.server.base}/seed/un-security-council-ukraine-2025`)).headers.get('link')).toContain('</api/seeds/un-security-council-ukraine-2025/comparison?view=ui>');
      expect((await fetch(`${h.server.base}/new`)).headers.get('link')).not.toContain('as=fetch');
    });
  });

  describe('home', () => {
    it('lists the seed events and links to a new comparison', async () => {
      const page = await fresh('/');
      await page.getByRole('heading', { name: 'Sample events' }).waitFor();
      await expect.poll(() => page.locator('a[href^="/seed/"]').count()).toBe(3);
      await page.screenshot({ path: `${ARTIFACTS}home.png`, fullPage: true });
      expect(await axeViolations(page)).toEqual([]);
      await page.locator('main').getByRole('link', { name: 'New comparison' }).first().click();
      await page.getByRole('heading', { name: 'New comparison' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/new');
      await page.context().close();
    });
  });

  describe('new comparison', () => {
    it('compares pasted text and opens the saved comparison at its permalink', async () => {
      const page = await fresh('/new');
      const card = (n: number) => page.getByRole('group', { name: `Article ${n}`, exact: true });
      await card(1).getByLabel('Outlet').fill('Wire Service');
      await card(1).getByLabel('Text').fill('The security council voted 10 to 0 on Monday for the resolution.\n\nFive members abstained, including France and the United Kingdom.');
      await card(2).getByLabel('Outlet').fill('Daily Paper');
      await card(2).getByLabel('Text').fill('On Monday the council backed the resolution by 10 votes to 0.\n\nFrance and Britain were among the five members that abstained.');
      // The paragraph count shows before comparing.
      await expect.poll(() => card(1).locator('.paste-count').getAttribute('data-paragraphs')).toBe('2');
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: `${ARTIFACTS}new-comparison.png`, fullPage: true });
      await page.getByRole('button', { name: 'Compare' }).click();
      await page.waitForURL(/\/c\/[A-Za-z0-9_-]{22}$/);
      await page.waitForSelector('.grid .cell.head');
      expect(await page.locator('.grid .cell.head .outlet').allTextContents()).toEqual(['Wire Service', 'Daily Paper']);
      // The permalink opens the same comparison in a new page.
      const again = await fresh(new URL(page.url()).pathname);
      await again.waitForSelector('.grid .cell.head');
      expect(await again.locator('.grid .grid-row[data-row]').count()).toBe(await page.locator('.grid .grid-row[data-row]').count());
      await again.context().close();
      // This browser lists it as its own (private, so the public list does not), and deletes it.
      const id = new URL(page.url()).pathname.split('/').pop()!;
      await page.goto(`${h.server.base}/`);
      const mine = page.locator(`[data-own="${id}"]`);
      await expect.poll(() => mine.count()).toBe(1);
      expect((await (await fetch(`${h.server.base}/api/comparisons`)).json()).items.map((x: { id: string }) => x.id)).not.toContain(id);
      await page.screenshot({ path: `${ARTIFACTS}home-own-comparisons.png`, fullPage: true });
      page.once('dialog', (d) => void d.accept());
      await mine.getByRole('button', { name: 'Delete' }).click();
      await expect.poll(() => page.locator(`[data-own="${id}"]`).count()).toBe(0);
      expect((await fetch(`${h.server.base}/api/comparisons/${id}`)).status).toBe(404);
      await page.context().close();
    });

    it('re-flows hard-wrapped pasted text into its paragraphs and says so', async () => {
      const page = await fresh('/new');
      const card = (n: number) => page.getByRole('group', { name: `Article ${n}`, exact: true });
      const wrapped = [
        'The security council voted ten to nothing on Monday for the\nresolution, after a week of talks between its fifteen\nmembers in New York.',
        'Five members abstained, including France and the United\nKingdom, whose amendments to call the war an invasion\nwere vetoed by Russia.',
      ].join('\n\n');
      await card(1).getByLabel('Text').fill(wrapped);
      const count = card(1).locator('.paste-count');
      await expect.poll(() => count.getAttribute('data-paragraphs')).toBe('2');
      expect(await count.textContent()).toContain('6 lines were joined into paragraphs');
      await page.screenshot({ path: `${ARTIFACTS}new-comparison-reflow.png`, fullPage: true });
      await page.context().close();
    });

    it('fetches URLs with per-article status, keeps the others when one fails, and compares them', async () => {
      const page = await fresh('/new');
      await page.getByRole('button', { name: 'Add article' }).click();
      const card = (n: number) => page.getByRole('group', { name: `Article ${n}`, exact: true });
      await card(1).getByLabel('URL').fill(`${pagesBase}/wire`);
      await card(2).getByLabel('URL').fill(`${pagesBase}/missing`);
      await card(3).getByLabel('URL').fill(`${pagesBase}/paper`);
      await page.getByRole('button', { name: 'Compare' }).click();
      await expect.poll(() => card(2).getByRole('status').textContent(), { timeout: 15_000 }).toMatch(/Could not fetch/);
      await expect.poll(() => card(1).getByRole('status').textContent()).toMatch(/Fetched: Council backs truce plan/);
      // What was typed is still there.
      expect(await card(2).getByLabel('URL').inputValue()).toBe(`${pagesBase}/missing`);
      await page.screenshot({ path: `${ARTIFACTS}new-comparison-failed-url.png`, fullPage: true });
      // Two articles remain, so the comparison goes ahead; the page says what was left out.
      await page.getByRole('link', { name: 'Open the comparison' }).click();
      await page.waitForSelector('.grid .cell.head');
      expect(await page.locator('.grid .cell.head .outlet').allTextContents()).toEqual(['Wire Service', 'Daily Paper']);
      await page.context().close();
    });
  });

  describe('batch', () => {
    it('uploads a JSONL file, shows progress to the end and downloads the results in order', async () => {
      const page = await fresh('/batch');
      const pair = (tag: string) => [
        { id: 'wire', text: `The council voted 10 to 0 on Monday for the resolution ${tag}.` },
        { id: 'daily', text: `On Monday the council backed the resolution ${tag} by 10 votes to 0.` },
      ];
      const lines = [
        JSON.stringify({ id: 'first', articles: pair('one') }),
        '',
        JSON.stringify({ id: 'broken', articles: [{ text: 'only one' }] }),
        JSON.stringify({ id: 'third', articles: pair('three') }),
      ].join('\n');
      await page.getByLabel('JSONL file').setInputFiles({ name: 'requests.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines) });
      await expect.poll(() => page.getByText('3 requests').count()).toBeGreaterThan(0);
      await page.getByRole('button', { name: 'Start batch' }).click();
      await page.waitForURL(/\/batch\?id=/);
      await expect.poll(() => page.locator('#batch-announce').textContent(), { timeout: 20_000 }).toMatch(/Batch done: 2 compared, 1 failed/);
      // The failed item is listed with its reason, by its line in the file (the blank line counted).
      const failed = page.locator('.failed-list li');
      await expect.poll(() => failed.count()).toBe(1);
      expect(await failed.first().textContent()).toMatch(/^Line 3 \(id broken\): /);
      await page.screenshot({ path: `${ARTIFACTS}batch.png`, fullPage: true });
      expect(await axeViolations(page)).toEqual([]);
      const href = await page.getByRole('link', { name: 'Download results' }).getAttribute('href');
      const rows = (await (await fetch(`${h.server.base}${href}`)).text()).trim().split('\n').map((l) => JSON.parse(l));
      expect(rows.map((r) => r.id)).toEqual(['first', 'broken', 'third']);
      expect(rows[1].error).toMatchObject({ code: 'validation-failed', details: { errors: [{ pointer: '/articles' }] } });
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download results' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^parallax-batch-.*\.jsonl$/);
      // Every item is listed; a finished one opens in the comparison view, with its exports and a way back.
      await expect.poll(() => page.locator('.items-table tbody tr').count()).toBe(3);
      expect(await page.locator('.items-table tbody tr').allTextContents()).toEqual(['Open item 11firstcompared', 'Item 23brokenfailed', 'Open item 34thirdcompared']);
      await page.getByRole('link', { name: 'Open item 3' }).click();
      await page.waitForURL(/\/batch\/[^/]+\/items\/2$/);
      await page.waitForSelector('.grid .cell.head');
      expect(await page.locator('.grid .cell.head').count()).toBe(2);
      expect(await page.locator('.grid').textContent()).toContain('resolution three');
      expect(await page.locator('[data-export="json"]').getAttribute('href')).toMatch(/^\/api\/batches\/[^/]+\/items\/2\/export\?format=json$/);
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: `${ARTIFACTS}batch-item.png` });
      await page.getByRole('link', { name: /← Batch/ }).click();
      await page.waitForSelector('.items-table');
      await page.context().close();
    });
  });
});
