/** The provenance view in real Chromium: the seed's rewrite traced to the other articles of its event. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ARTIFACTS, axeViolations, startHarness, type Harness } from './harness.ts';

const chromium = inject('chromium');
let h: Harness;
let prov: { derived: string; sentences: { sentence: number; support: string; sources: { article: string }[]; changes?: { reason: string }[] }[]; summary: { unsupported: number[] } };

describe.skipIf(chromium === null)('the provenance view (Chromium)', () => {
  beforeAll(async () => {
    h = await startHarness(chromium!);
    prov = (await (await fetch(`${h.server.base}/api/seeds/un-security-council-ukraine-2025/comparison`)).json()).provenance;
    expect(prov.derived).toBe('original');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('marks every sentence of the rewrite by its support, shows a sentence\u2019s sources word by word, and lists the unsupported', async () => {
    const page = await h.page();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${h.server.base}/seed/un-security-council-ukraine-2025`);
    await page.click('#tab-provenance');
    await page.waitForSelector('.prov-sentence');
    expect(await page.locator('.prov-sentence').count()).toBe(prov.sentences.length);
    const supports = await page.locator('.prov-sentence').evaluateAll((els) => els.map((e) => e.getAttribute('data-support')));
    expect(supports).toEqual(prov.sentences.map((s) => s.support));
    // Not by colour alone: each sentence says its support to screen readers and shows a symbol.
    expect(await page.locator('.prov-sentence .visually-hidden').first().textContent()).toMatch(/^(verbatim|paraphrase|partial|no source): $/);
    const withSource = prov.sentences.find((s) => s.sources.length > 0)!;
    await page.click(`.prov-sentence[data-sentence="${withSource.sentence}"]`);
    await page.waitForSelector('.prov-source');
    expect(await page.locator('.prov-source').count()).toBe(withSource.sources.length);
    expect(await page.locator('.prov-source').first().getAttribute('data-source')).toBe(withSource.sources[0]!.article);
    expect(await page.locator('.prov-source mark').count()).toBeGreaterThan(0);
    expect(await page.locator('.unsupported-list li').count()).toBe(prov.summary.unsupported.length);
    // Every change the rewrite made is listed, ranked; a sentence with one shows its changes beside it.
    const changes = prov.sentences.flatMap((s) => s.changes ?? []);
    expect(await page.locator('.changes-list li').count()).toBe(changes.length);
    const changed = prov.sentences.find((s) => s.changes?.length);
    if (changed) {
      await page.click(`.prov-sentence[data-sentence="${changed.sentence}"]`);
      await expect.poll(() => page.locator('.prov-changes li').count()).toBe(changed.changes!.length);
      expect(await page.locator('.prov-changes li').first().textContent()).toContain(changed.changes![0]!.reason);
    }
    await page.screenshot({ path: `${ARTIFACTS}provenance.png` });
    if (prov.summary.unsupported.length > 0) {
      await page.locator('.unsupported-list button').first().click();
      await expect.poll(() => page.locator('.prov-sources h3').textContent()).toMatch(/: no source$/);
    }
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('traces a pasted rewrite marked on the new comparison page', async () => {
    const page = await h.page();
    await page.goto(`${h.server.base}/new`);
    const cards = page.locator('.article-card');
    await cards.nth(0).locator('textarea').fill('The council approved the harbour plan on Monday after a long debate.\n\nCritics fear the project will be mired in corruption.');
    await cards.nth(1).locator('textarea').fill('The city council approved the harbour plan on Monday after a long and heated debate.\n\nThe vote was seven to two.');
    await cards.nth(0).getByLabel('A rewrite: trace it to the other articles, sentence by sentence').check();
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/\/c\/[A-Za-z0-9_-]+$/);
    await page.click('#tab-provenance');
    await page.waitForSelector('.prov-sentence');
    expect(await page.locator('.prov-sentence').evaluateAll((els) => els.map((e) => e.getAttribute('data-support')))).toEqual([expect.stringMatching(/^(verbatim|paraphrase)$/), 'none']);
    await page.context().close();
  });
});
