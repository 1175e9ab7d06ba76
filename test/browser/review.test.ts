/**
 * The editor's review workflow in real Chromium: confirm and dismiss findings with notes, marks
 * that survive a reload and travel with the edit link, an edit that re-runs the comparison keeping
 * its marks, and exports that carry them. Screenshots go to test/artifacts/.
 */
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ARTIFACTS, axeViolations, startHarness, type Harness } from './harness.ts';

const chromium = inject('chromium');

let h: Harness;
let saved: { id: string; deleteToken: string; comparison: { findings: { id: string; key: string; actual?: string; reason: string }[] } };

const articles = [
  { id: 'a', outlet: 'Harbor Daily', title: 'Council backs harbour plan as protesters rage', paragraphs: ['The council approved the harbour plan on Monday after a long debate, officials said.', 'Protesters slammed the decision outside the hall.', 'Police said 40 people were arrested.', 'The mayor did not comment.'] },
  { id: 'b', outlet: 'Meridian Wire', title: 'Council approves harbour plan', paragraphs: ['The council approved the harbour plan on Monday after a long debate, officials said.', 'Protesters criticised the decision outside the hall.', 'Police said 14 people were arrested.', 'The vote was 7 to 2.'] },
];

/** Opens the comparison with this browser holding its token (as the browser that saved it does). */
async function openAsOwner(): Promise<Page> {
  const page = await h.page();
  await page.goto(`${h.server.base}/`);
  await page.evaluate(([id, token]) => localStorage.setItem('parallax.savedComparisons', JSON.stringify([{ id, title: 'Harbour plan vote', outlets: ['Harbor Daily', 'Meridian Wire'], createdAt: new Date().toISOString(), deleteToken: token }])), [saved.id, saved.deleteToken]);
  await page.goto(`${h.server.base}/c/${saved.id}`);
  await page.waitForSelector('.finding-list [data-finding]');
  return page;
}

describe.skipIf(chromium === null)('reviewing a saved comparison (Chromium)', () => {
  beforeAll(async () => {
    h = await startHarness(chromium!);
    const res = await fetch(`${h.server.base}/api/compare`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ save: true, title: 'Harbour plan vote', articles, options: { framing: { minSalience: 0 } } }) });
    saved = await res.json();
    expect(saved.comparison.findings.length).toBeGreaterThanOrEqual(2);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('titles the comparison by the event and names outlets, never ids', async () => {
    const page = await openAsOwner();
    expect(await page.locator('.cmp-head h1').textContent()).toBe('Harbour plan vote');
    expect(await page.title()).toBe('Harbour plan vote · Parallax');
    const heads = await page.locator('.grid .cell.head').allTextContents();
    expect(heads.join(' ')).toContain('Harbor Daily');
    expect(heads.join(' ')).not.toMatch(/\b(a|b)\b/);
  });

  it('confirms and dismisses findings with notes; dismissed ones leave the list until asked for; marks survive a reload', async () => {
    const page = await openAsOwner();
    const [first, second] = saved.comparison.findings;
    await page.click(`[data-finding="${first!.id}"]`);
    await page.fill(`[data-mark-controls="${first!.key}"] textarea`, 'Checked against both transcripts.');
    await page.click(`[data-mark-controls="${first!.key}"] button:has-text("Confirm")`);
    await expect.poll(() => page.locator(`li[data-key="${first!.key}"] [data-mark="confirmed"]`).textContent()).toBe('✓ Confirmed: Checked against both transcripts.');
    await page.click(`[data-finding="${second!.id}"]`);
    await page.click(`[data-mark-controls="${second!.key}"] button:has-text("Dismiss")`);
    await expect.poll(() => page.locator(`li[data-key="${second!.key}"]`).count()).toBe(0);
    expect(await page.locator('[data-review-progress]').textContent()).toMatch(/^1 confirmed, 1 dismissed, \d+ to review$/);
    await page.screenshot({ path: `${ARTIFACTS}review-marks.png` });
    await page.check('text=Show dismissed');
    await expect.poll(() => page.locator(`li[data-key="${second!.key}"] [data-mark="dismissed"]`).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    // Reload: the marks come back from the server.
    await page.reload();
    await page.waitForSelector(`li[data-key="${first!.key}"] [data-mark="confirmed"]`);
    expect(await page.locator(`li[data-key="${second!.key}"]`).count()).toBe(0);
  });

  it('carries the marks with the edit link to another browser, and shows none to one without it', async () => {
    const [first] = saved.comparison.findings;
    const stranger = await h.page();
    await stranger.goto(`${h.server.base}/c/${saved.id}`);
    await stranger.waitForSelector('.finding-list [data-finding]');
    expect(await stranger.locator('[data-mark]').count()).toBe(0);
    expect(await stranger.locator('text=Copy edit link').count()).toBe(0);

    const editor = await h.page();
    await editor.goto(`${h.server.base}/c/${saved.id}#edit=${saved.deleteToken}`);
    await editor.waitForSelector(`li[data-key="${first!.key}"] [data-mark="confirmed"]`);
    // The token leaves the address bar at once, and this browser now lists the comparison as its own.
    expect(new URL(editor.url()).hash).toBe('');
    const own = await editor.evaluate(() => localStorage.getItem('parallax.savedComparisons'));
    expect(own).toContain(saved.id);
  });

  it('edits an article and the title, re-runs, and keeps the marks of findings that still exist', async () => {
    const page = await openAsOwner();
    // Marked by the test above: the first finding confirmed (with a note), the second dismissed.
    const [first, second] = saved.comparison.findings;
    await page.waitForSelector(`li[data-key="${first!.key}"] [data-mark="confirmed"]`);
    await page.click('text=Edit and re-run');
    await page.fill('#edit-title', 'Harbour plan approved');
    await page.fill('#edit-outlet-1', 'Meridian Wire Service');
    const text = await page.inputValue('#edit-text-0');
    await page.fill('#edit-text-0', text.replace('The mayor did not comment.', 'The mayor declined to comment on Tuesday.'));
    await page.screenshot({ path: `${ARTIFACTS}review-edit.png` });
    await page.click('.edit-dialog button[type="submit"]');
    await expect.poll(() => page.locator('.cmp-head h1').textContent()).toBe('Harbour plan approved');
    expect((await page.locator('.grid .cell.head').allTextContents()).join(' ')).toContain('Meridian Wire Service');
    await page.waitForSelector(`li[data-key="${first!.key}"] [data-mark="confirmed"]`);
    expect(await page.locator(`li[data-key="${second!.key}"]`).count()).toBe(0);
    expect(await page.locator('[data-notice]').textContent()).toBe('Re-run. 2 marks still on findings.');
    expect(await page.locator('.grid').textContent()).toContain('declined to comment on Tuesday');
    await page.screenshot({ path: `${ARTIFACTS}review-rerun.png` });
  });

  it('exports with the marks from the browser that holds the token', async () => {
    const page = await openAsOwner();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="md"]')]);
    const md = readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toBe(`parallax-${saved.id}.md`);
    expect(md).toContain('**Confirmed** by the reviewer: Checked against both transcripts.');
    expect(md).toMatch(/^# Harbour plan approved/);
  });
});
