import type { Comparison, ComparisonView, DiffChange, Span, ViewDiff, WordChoice } from './types.ts';

/**
 * The kind codes of packed changes (`ViewDiff.steps`): a common stretch has a span in a and one in
 * b, a removed one a span in a, an added one a span in b. "Style" is a change of case, typography
 * or punctuation only.
 */
export const PACKED = { common: 0, removedWording: 1, removedStyle: 2, addedWording: 3, addedStyle: 4 } as const;

/**
 * Packs a diff's changes into small numbers: per change its kind, then for each side it touches
 * (a first) the distance from the end of that side's previous change to its start, and its length.
 * Each side's cursor starts at 0, so the first distance is the paragraph's offset in its article.
 * Relative offsets are one or two digits where absolute ones are four or five: the UI's JSON is
 * about a third smaller.
 */
export function packSteps(changes: readonly DiffChange[]): number[] {
  const out: number[] = [];
  let curA = 0;
  let curB = 0;
  for (const ch of changes) {
    const style = ch.class !== undefined && ch.class !== 'wording';
    if (ch.removed && ch.a) {
      out.push(style ? PACKED.removedStyle : PACKED.removedWording, ch.a.start - curA, ch.a.end - ch.a.start);
      curA = ch.a.end;
    } else if (ch.added && ch.b) {
      out.push(style ? PACKED.addedStyle : PACKED.addedWording, ch.b.start - curB, ch.b.end - ch.b.start);
      curB = ch.b.end;
    } else if (!ch.added && !ch.removed && ch.a && ch.b) {
      out.push(PACKED.common, ch.a.start - curA, ch.a.end - ch.a.start, ch.b.start - curB, ch.b.end - ch.b.start);
      curA = ch.a.end;
      curB = ch.b.end;
    }
  }
  return out;
}

/** One packed change, decoded: absolute offsets into the articles' text. */
export interface PackedChange {
  kind: (typeof PACKED)[keyof typeof PACKED];
  a?: Span;
  b?: Span;
}

/**
 * Decodes packed changes into absolute spans, calling `each` per change in order (no objects are
 * made: the UI walks tens of thousands of changes on opening a large comparison).
 */
export function walkSteps(steps: readonly number[], each: (kind: number, aStart: number, aEnd: number, bStart: number, bEnd: number) => void): void {
  let curA = 0;
  let curB = 0;
  for (let i = 0; i < steps.length;) {
    const kind = steps[i]!;
    if (kind === PACKED.common) {
      const as = curA + steps[i + 1]!;
      const bs = curB + steps[i + 3]!;
      curA = as + steps[i + 2]!;
      curB = bs + steps[i + 4]!;
      each(kind, as, curA, bs, curB);
      i += 5;
    } else if (kind === PACKED.removedWording || kind === PACKED.removedStyle) {
      const as = curA + steps[i + 1]!;
      curA = as + steps[i + 2]!;
      each(kind, as, curA, -1, -1);
      i += 3;
    } else {
      const bs = curB + steps[i + 1]!;
      curB = bs + steps[i + 2]!;
      each(kind, -1, -1, bs, curB);
      i += 3;
    }
  }
}

/** Decodes packed changes into objects (for tests and tools; the UI uses `walkSteps`). */
export function unpackSteps(steps: readonly number[]): PackedChange[] {
  const out: PackedChange[] = [];
  walkSteps(steps, (kind, as, ae, bs, be) => {
    const k = kind as PackedChange['kind'];
    if (k === PACKED.common) out.push({ kind: k, a: { start: as, end: ae }, b: { start: bs, end: be } });
    else if (as >= 0) out.push({ kind: k, a: { start: as, end: ae } });
    else out.push({ kind: k, b: { start: bs, end: be } });
  });
  return out;
}

/**
 * Packs word choices as six numbers each: the removed side's article (its index in `articles`),
 * start and end, then the added side's. Choices naming an unknown article are left out.
 */
export function packChoices(choices: readonly Pick<WordChoice, 'a' | 'b'>[], articleIds: readonly string[]): number[] {
  const index = new Map(articleIds.map((id, i) => [id, i]));
  const out: number[] = [];
  for (const w of choices) {
    const a = index.get(w.a.article);
    const b = index.get(w.b.article);
    if (a === undefined || b === undefined) continue;
    out.push(a, w.a.start, w.a.end, b, w.b.start, w.b.end);
  }
  return out;
}

function viewDiff(d: { a: { article: string; index: number }; b: { article: string; index: number }; status: ViewDiff['status']; similarity: number }, steps: number[]): ViewDiff {
  return { a: { article: d.a.article, index: d.a.index }, b: { article: d.b.article, index: d.b.index }, status: d.status, similarity: d.similarity, steps };
}

/**
 * The comparison as the browser UI needs it (`?view=ui`): the UI shows paragraphs, so the
 * sentence-level diffs and the link lists are left out (rows and paragraph diffs carry what it
 * draws), each diff's changes are packed into small numbers (their text is the article's text
 * there), and so are the word choices. On 12 articles x 3,000 words it is about a tenth of the
 * full JSON.
 */
export function comparisonView(c: Comparison): ComparisonView {
  const { alignment, diffs, marks: _marks, wordChoices, ...rest } = c;
  return {
    ...rest,
    alignment: { rows: alignment.rows },
    diffs: diffs.filter((d) => d.level === 'paragraph').map((d) => viewDiff(d, packSteps(d.changes))),
    choices: packChoices(wordChoices, c.articles.map((a) => a.id)),
  };
}

/** A view as saved by earlier versions: changes as objects, or packed with absolute offsets; word choices as objects. */
type OldView = Omit<ComparisonView, 'diffs' | 'choices'> & {
  diffs: Array<Omit<ViewDiff, 'steps'> & { steps?: number[]; packed?: number[]; changes?: DiffChange[] }>;
  choices?: number[];
  wordChoices?: WordChoice[];
};

/** Changes packed with absolute offsets (`[kind, start, end(, start, end)]`, views saved before steps), as objects. */
function absoluteChanges(packed: readonly number[]): DiffChange[] {
  const out: DiffChange[] = [];
  for (let i = 0; i < packed.length;) {
    const kind = packed[i]!;
    const style = kind === PACKED.removedStyle || kind === PACKED.addedStyle;
    const span = { start: packed[i + 1]!, end: packed[i + 2]! };
    if (kind === PACKED.common) {
      out.push({ value: '', count: 0, added: false, removed: false, a: span, b: { start: packed[i + 3]!, end: packed[i + 4]! } });
      i += 5;
      continue;
    }
    const removed = kind === PACKED.removedWording || kind === PACKED.removedStyle;
    out.push({ value: '', count: 0, added: !removed, removed, ...(removed ? { a: span } : { b: span }), ...(style ? { class: 'punctuation' as const } : {}) });
    i += 3;
  }
  return out;
}

/**
 * A full comparison or its view: the view either way. A view is returned as it is, unless it was
 * saved in an older form (changes as objects or with absolute offsets, word choices as objects):
 * that is converted now.
 */
export function toView(c: Comparison | ComparisonView): ComparisonView {
  if ('paragraphLinks' in c.alignment) return comparisonView(c as Comparison);
  const v = c as unknown as OldView;
  if (Array.isArray(v.choices) && v.diffs.every((d) => Array.isArray(d.steps))) return c as ComparisonView;
  const { wordChoices, choices, ...rest } = v;
  return {
    ...rest,
    diffs: v.diffs.map((d) => viewDiff(d, d.steps ?? packSteps(d.changes ?? absoluteChanges(d.packed ?? [])))),
    choices: choices ?? packChoices(wordChoices ?? [], v.articles.map((a) => a.id)),
  };
}
