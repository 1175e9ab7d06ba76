/**
 * Every page and view state, scanned by axe-core (WCAG 2.1 A and AA): no serious or critical
 * violation anywhere, desktop and phone widths. Each state is screenshot to test/artifacts/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ARTIFACTS, axeViolations, startHarness, type Harness } from './harness.ts';

const chromium = inject('chromium');
let h: Harness;
let saved: { id: string; deleteToken: string };
let batch = '';

const pair = [
  { id: 'a', outlet: 'Harbor Daily', paragraphs: ['The council approved the harbour plan on Monday after a long debate, officials said.', 'Protesters slammed the decision outside the hall.', 'Police said 40 people were arrested.'] },
  { id: 'b', outlet: 'Meridian Wire', paragraphs: ['The council approved the harbour plan on Monday after a long debate, officials said.', 'Protesters criticised the decision outside the hall.', 'Police said 14 people were arrested.'] },
];

/** Loads a path (as the owner of the saved comparison: its token in local storage), waits for `ready`, and scans. */
async function scan(path: string, ready: string, name: string, viewport?: { width: number; height: number }, act?: (p: Page) => Promise<void>): Promise<void> {
  const page = await h.page(viewport);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`${h.server.base}/`);
  await page.evaluate(([id, token]) => localStorage.setItem('parallax.savedComparisons', JSON.stringify([{ id, title: 'Harbour plan vote', outlets: ['Harbor Daily', 'Meridian Wire'], createdAt: '2026-12-01T00:00:00Z', deleteToken: token }])), [saved.id, saved.deleteToken]);
  await page.goto(`${h.server.base}${path}`);
  await page.waitForSelector(ready);
  if (act) await act(page);
  await page.screenshot({ path: `${ARTIFACTS}a11y-${name}.png` });
  expect(await axeViolations(page), name).toEqual([]);
  await page.context().close();
}

describe.skipIf(chromium === null)('accessibility of every page (Chromium, axe-core)', () => {
  beforeAll(async () => {
    h = await startHarness(chromium!);
    saved = await (await fetch(`${h.server.base}/api/compare`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ save: true, title: 'Harbour plan vote', articles: pair, options: { framing: { minSalience: 0 } } }) })).json();
    const b = await (await fetch(`${h.server.base}/api/batches`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: `${JSON.stringify({ id: 'one', articles: pair })}\n{"id":"bad","articles":[]}\n` })).json();
    batch = b.id;
    for (let i = 0; i < 100; i++) {
      if ((await (await fetch(`${h.server.base}/api/batches/${batch}`)).json()).status === 'done') break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  it('home, with this browser\u2019s own comparisons listed', () => scan('/', '[data-own]', 'home'));
  it('home on a phone', () => scan('/', '[data-own]', 'home-phone', { width: 390, height: 844 }));
  it('new comparison, with a validation error shown', () => scan('/new', '#event-title', 'new-errors', undefined, async (p) => {
    await p.click('button[type="submit"]');
    await p.waitForSelector('.problem .error, .card .error, [role="alert"] .error');
  }));
  it('batch upload', () => scan('/batch', '#batch-file', 'batch-upload'));
  it('a finished batch with a failed item and the item list', () => scan(`/batch?id=${batch}`, '.items-table', 'batch-done'));
  it('a batch item in the comparison view', () => scan(`/batch/${batch}/items/0`, '.grid .cell.head', 'batch-item'));
  it('not found', () => scan('/no/such/page', 'h1', 'not-found'));
  it('the aligned view with a finding selected and its mark controls', () => scan(`/c/${saved.id}`, '.finding-list [data-finding]', 'aligned-selected', undefined, async (p) => {
    await p.locator('.finding-list [data-finding]').first().click();
    await p.waitForSelector('[data-mark-controls]');
  }));
  it('the pair view', () => scan(`/c/${saved.id}`, '.grid .cell.head', 'pair', undefined, async (p) => {
    await p.click('#tab-pair');
    await p.waitForSelector('#panel-pair');
  }));
  it('the overviews', () => scan(`/c/${saved.id}`, '.grid .cell.head', 'overviews', undefined, async (p) => {
    await p.click('#tab-overviews');
    await p.waitForSelector('#panel-overviews');
  }));
  it('the edit dialog', () => scan(`/c/${saved.id}`, '.grid .cell.head', 'edit-dialog', undefined, async (p) => {
    await p.click('text=Edit and re-run');
    await p.waitForSelector('.edit-dialog');
  }));
  it('the keyboard help', () => scan(`/c/${saved.id}`, '.grid .cell.head', 'help', undefined, async (p) => {
    await p.click('text=Keyboard help');
    await p.waitForSelector('#help-h');
  }));
  it('a seed event on a tablet', () => scan('/seed/un-security-council-ukraine-2025', '.grid .cell.head', 'seed-tablet', { width: 820, height: 1180 }));
  it('a seed event on a phone', () => scan('/seed/un-security-council-ukraine-2025', '.grid .cell.head', 'seed-phone', { width: 390, height: 844 }));
});
