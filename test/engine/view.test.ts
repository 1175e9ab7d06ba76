import { describe, expect, it } from 'vitest';
import { compare, comparisonView } from '../../engine/index.ts';
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

  it('keeps every change\'s kind, spans and pairing, and its class unless it is plain wording', () => {
    const paragraphDiffs = full.diffs.filter((d) => d.level === 'paragraph');
    view.diffs.forEach((d, i) => {
      const src = paragraphDiffs[i]!;
      expect(d.changes).toHaveLength(src.changes.length);
      d.changes.forEach((ch, k) => {
        const s = src.changes[k]!;
        expect(ch).toEqual({
          added: s.added,
          removed: s.removed,
          ...(s.a ? { a: s.a } : {}),
          ...(s.b ? { b: s.b } : {}),
          ...(s.pair !== undefined ? { pair: s.pair } : {}),
          ...(s.class && s.class !== 'wording' ? { class: s.class } : {}),
        });
      });
    });
  });
});
