import { describe, expect, it } from 'vitest';
import { compare, comparisonView } from '../../engine/index.ts';
import { PACKED, toView, unpackChanges } from '../../engine/view.ts';
import { readEventFolder } from '../../server/ingest/files.ts';

describe('comparisonView (what the browser reads)', () => {
  const full = compare(readEventFolder(new URL('../../seeds/un-security-council-ukraine-2025', import.meta.url).pathname).request);
  const view = comparisonView(full);

  it('keeps rows, paragraph diffs, quotes and findings, and leaves out link lists and sentence diffs', () => {
    expect(view.alignment).toEqual({ rows: full.alignment.rows });
    expect(view.diffs.every((d) => d.level === 'paragraph')).toBe(true);
    expect(view.diffs).toHaveLength(full.diffs.filter((d) => d.level === 'paragraph').length);
    expect(view.findings).toEqual(full.findings);
    expect(view.quotes).toEqual(full.quotes);
    expect(view.review).toEqual(full.review);
    expect(JSON.stringify(view).length).toBeLessThan(JSON.stringify(full).length);
  });

  it('packs every change: its kind (common, removed or added; wording or style only) and its spans', () => {
    const paragraphDiffs = full.diffs.filter((d) => d.level === 'paragraph');
    view.diffs.forEach((d, i) => {
      const src = paragraphDiffs[i]!.changes;
      const back = unpackChanges(d.packed);
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
  });

  it('is made of a full comparison by toView, and left alone when it is one already', () => {
    expect(toView(full)).toEqual(view);
    expect(toView(view)).toBe(view);
    expect(toView(JSON.parse(JSON.stringify({ ...full, marks: [] })) as typeof full)).toEqual(view);
    // A view saved before changes were packed (changes as objects) is packed when read.
    const old = { ...view, diffs: full.diffs.filter((d) => d.level === 'paragraph').map((d) => ({ ...d, changes: d.changes.map(({ value: _v, count: _c, ...ch }) => ch) })) };
    expect(toView(old as unknown as typeof view)).toEqual(view);
  });
});
