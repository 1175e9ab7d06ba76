import { describe, expect, it } from 'vitest';
import { compare, comparisonView } from '../../engine/index.ts';
import { PACKED, toView, unpackSteps } from '../../engine/view.ts';
import { readEventFolder } from '../../server/ingest/files.ts';

describe('comparisonView (what the browser reads)', () => {
  const full = compare(readEventFolder(new URL('../../seeds/un-security-council-ukraine-2025', import.meta.url).pathname).request);
  const view = comparisonView(full);

  it('keeps rows, paragraph diffs, quotes and findings, and leaves out link lists and sentence diffs', () => {
    expect(view.alignment).toEqual({ rows: full.alignment.rows });
    const paragraphDiffs = full.diffs.filter((d) => d.level === 'paragraph');
    expect(view.diffs.map((d) => [d.a, d.b, d.status, d.similarity])).toEqual(paragraphDiffs.map((d) => [{ article: d.a.article, index: d.a.index }, { article: d.b.article, index: d.b.index }, d.status, d.similarity]));
    expect(view.findings).toEqual(full.findings);
    expect(view.quotes).toEqual(full.quotes);
    expect(view.review).toEqual(full.review);
    expect(JSON.stringify(view).length).toBeLessThan(JSON.stringify(full).length);
  });

  it('packs every change: its kind (common, removed or added; wording or style only) and its spans', () => {
    const paragraphDiffs = full.diffs.filter((d) => d.level === 'paragraph');
    view.diffs.forEach((d, i) => {
      const src = paragraphDiffs[i]!.changes;
      const back = unpackSteps(d.steps);
      expect(back).toHaveLength(src.length);
      back.forEach((ch, k) => {
        const s = src[k]!;
        const style = s.class !== undefined && s.class !== 'wording';
        if (!s.added && !s.removed) expect(ch).toEqual({ kind: PACKED.common, a: s.a, b: s.b });
        else if (s.removed) expect(ch).toEqual({ kind: style ? PACKED.removedStyle : PACKED.removedWording, a: s.a });
        else expect(ch).toEqual({ kind: style ? PACKED.addedStyle : PACKED.addedWording, b: s.b });
      });
    });
    expect(JSON.stringify(view).length).toBeLessThan(JSON.stringify(full).length / 3);
    // Relative offsets: small numbers, though the article offsets run into the thousands.
    const steps = view.diffs.flatMap((d) => d.steps);
    expect(steps.filter((x) => x > 999).length).toBeLessThan(steps.length / 50);
  });

  it('packs every word choice as six numbers: article index, start and end of each side', () => {
    const ids = full.articles.map((a) => a.id);
    expect(view.choices).toHaveLength(full.wordChoices.length * 6);
    full.wordChoices.forEach((w, i) => {
      expect(view.choices.slice(i * 6, i * 6 + 6)).toEqual([ids.indexOf(w.a.article), w.a.start, w.a.end, ids.indexOf(w.b.article), w.b.start, w.b.end]);
    });
  });

  it('is made of a full comparison by toView, and left alone when it is one already', () => {
    expect(toView(full)).toEqual(view);
    expect(toView(view)).toBe(view);
    expect(toView(JSON.parse(JSON.stringify({ ...full, marks: [] })) as typeof full)).toEqual(view);
    const paragraphDiffs = full.diffs.filter((d) => d.level === 'paragraph');
    // A view saved before changes were packed (changes as objects, word choices as objects) is converted when read.
    const { choices: _c, ...noChoices } = view;
    const objects = { ...noChoices, wordChoices: full.wordChoices, diffs: paragraphDiffs.map((d) => ({ ...d, changes: d.changes.map(({ value: _v, count: _n, ...ch }) => ch) })) };
    expect(toView(objects as unknown as typeof view)).toEqual(view);
    // So is one saved with absolute packed offsets ([kind, start, end(, start, end)]).
    const absolute = (changes: (typeof paragraphDiffs)[number]['changes']): number[] => changes.flatMap((ch) => {
      const style = ch.class !== undefined && ch.class !== 'wording';
      if (ch.removed) return [style ? PACKED.removedStyle : PACKED.removedWording, ch.a!.start, ch.a!.end];
      if (ch.added) return [style ? PACKED.addedStyle : PACKED.addedWording, ch.b!.start, ch.b!.end];
      return [PACKED.common, ch.a!.start, ch.a!.end, ch.b!.start, ch.b!.end];
    });
    const packedOld = { ...noChoices, wordChoices: full.wordChoices, diffs: paragraphDiffs.map(({ changes, ...d }) => ({ ...d, packed: absolute(changes) })) };
    expect(toView(packedOld as unknown as typeof view)).toEqual(view);
  });
});
