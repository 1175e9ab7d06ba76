import type { Comparison, ComparisonView, DiffChange, Span } from './types.ts';

/**
 * The kind codes of packed changes (`ViewDiff.packed`), each followed by its offsets:
 * a common stretch by its span in a then in b, a removed one by its span in a, an added one by
 * its span in b. "Style" is a change of case, typography or punctuation only.
 */
export const PACKED = { common: 0, removedWording: 1, removedStyle: 2, addedWording: 3, addedStyle: 4 } as const;

/** Packs a diff's changes into numbers: `[kind, start, end(, start, end)]` per change. */
export function packChanges(changes: readonly DiffChange[]): number[] {
  const out: number[] = [];
  for (const ch of changes) {
    const style = ch.class !== undefined && ch.class !== 'wording';
    if (ch.removed && ch.a) out.push(style ? PACKED.removedStyle : PACKED.removedWording, ch.a.start, ch.a.end);
    else if (ch.added && ch.b) out.push(style ? PACKED.addedStyle : PACKED.addedWording, ch.b.start, ch.b.end);
    else if (!ch.added && !ch.removed && ch.a && ch.b) out.push(PACKED.common, ch.a.start, ch.a.end, ch.b.start, ch.b.end);
  }
  return out;
}

/** One packed change, decoded. */
export interface PackedChange {
  kind: (typeof PACKED)[keyof typeof PACKED];
  a?: Span;
  b?: Span;
}

/** Decodes packed changes (the UI reads the numbers directly; this is for tests and tools). */
export function unpackChanges(packed: readonly number[]): PackedChange[] {
  const out: PackedChange[] = [];
  for (let i = 0; i < packed.length;) {
    const kind = packed[i] as PackedChange['kind'];
    if (kind === PACKED.common) {
      out.push({ kind, a: { start: packed[i + 1]!, end: packed[i + 2]! }, b: { start: packed[i + 3]!, end: packed[i + 4]! } });
      i += 5;
    } else {
      const span = { start: packed[i + 1]!, end: packed[i + 2]! };
      out.push(kind === PACKED.removedWording || kind === PACKED.removedStyle ? { kind, a: span } : { kind, b: span });
      i += 3;
    }
  }
  return out;
}

/**
 * The comparison as the browser UI needs it (`?view=ui`): the UI shows paragraphs, so the
 * sentence-level diffs and the link lists are left out (rows and paragraph diffs carry what it
 * draws), and each diff's changes are packed into numbers (their text is the article's text
 * there). On 12 articles x 3,000 words it is about a sixth of the full JSON.
 */
export function comparisonView(c: Comparison): ComparisonView {
  const { alignment, diffs, marks: _marks, ...rest } = c;
  return {
    ...rest,
    alignment: { rows: alignment.rows },
    diffs: diffs
      .filter((d) => d.level === 'paragraph')
      .map(({ changes, ...d }) => ({ ...d, packed: packChanges(changes) })),
  };
}

/**
 * A full comparison or its view: the view either way. A view is returned as it is, unless it was
 * saved before changes were packed (its diffs carry `changes` objects): those are packed now.
 */
export function toView(c: Comparison | ComparisonView): ComparisonView {
  if ('paragraphLinks' in c.alignment) return comparisonView(c as Comparison);
  const v = c as ComparisonView;
  if (v.diffs.every((d) => Array.isArray(d.packed))) return v;
  type OldDiff = Omit<ComparisonView['diffs'][number], 'packed'> & { packed?: number[]; changes?: DiffChange[] };
  return {
    ...v,
    diffs: (v.diffs as OldDiff[]).map(({ changes, packed, ...d }) => ({ ...d, packed: packed ?? packChanges(changes ?? []) })),
  };
}
