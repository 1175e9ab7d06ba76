import diffSequencesModule from '@jest/diff-sequences';
import { foldTypography } from '../text/normalize.ts';
import { lcsRuns, type Runs } from './lcs.ts';
import type { Token } from '../text/tokenize.ts';
import type { ChangeClass, DiffChange, PassageDiff, Span } from '../types.ts';

/** One side of a diff: a passage of an article and its word tokens. */
export interface DiffSide {
  text: string;
  span: Span;
  /** Word tokens; the passage's are `tokens[offset, offset + length)` (all of them by default). */
  tokens: readonly Token[];
  /** Index of the passage's first token in `tokens` (default 0), so callers need not copy arrays. */
  offset?: number;
  /** Number of the passage's tokens (default: the rest of `tokens`). */
  length?: number;
  /**
   * Interned ids of the tokens' diff forms (equal forms, equal ids across both sides), when the
   * caller has them already; otherwise they are interned here.
   */
  ids?: Int32Array;
}

type DiffSequences = (aLength: number, bLength: number, isCommon: (i: number, j: number) => boolean, found: (n: number, i: number, j: number) => void) => void;
/**
 * The package's ESM entry exports the function as default, its CJS typings describe the module
 * object; accept either shape.
 */
const diffSequences: DiffSequences =
  typeof diffSequencesModule === 'function' ? (diffSequencesModule as DiffSequences) : (diffSequencesModule as unknown as { default: DiffSequences }).default;

/** Thrown from inside the diff core when the comparison budget is spent. */
const BUDGET_SPENT = Symbol('diff budget spent');

/**
 * Largest passage pair (tokens A x tokens B) diffed with the bit-parallel LCS (`lcs.ts`), whose
 * result is the plain LCS table's. Beyond it Myers' algorithm takes over: its cost grows with the
 * differences, not the product, and it stops at the comparison budget. Kept where the plain table
 * had it (whose memory grew with the square), so large diffs come out as before.
 */
const TABLE_DIFF_MAX_CELLS = 250_000;


/**
 * Common-subsequence runs of two token-id arrays: a longest common subsequence by dynamic
 * programming for passage-sized inputs, else Myers' algorithm (`@jest/diff-sequences`) bounded by
 * `maxComparisons` calls of the equality test. Returns null when the budget runs out.
 */
function commonRuns(a: Int32Array, b: Int32Array, maxComparisons: number): Runs | null {
  // Common prefix and suffix need no search.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const n = a.length - pre - suf;
  const m = b.length - pre - suf;
  const runs: Runs = [];
  if (pre > 0) runs.push([pre, 0, 0]);
  if (n > 0 && m > 0) {
    // The table costs n x m comparisons, known in advance; Myers may need far fewer on similar text.
    const cells = n * m;
    const inner = cells <= TABLE_DIFF_MAX_CELLS && cells <= maxComparisons ? lcsRuns(a, b, pre, n, m) : myersRuns(a, b, pre, n, m, maxComparisons);
    if (inner === null) return null;
    runs.push(...inner);
  }
  if (suf > 0) runs.push([suf, a.length - suf, b.length - suf]);
  return runs;
}

/** Myers' algorithm on the middle part, bounded by `maxComparisons`; null when it runs out. */
function myersRuns(a: Int32Array, b: Int32Array, off: number, n: number, m: number, maxComparisons: number): Runs | null {
  const runs: Runs = [];
  let comparisons = 0;
  try {
    diffSequences(
      n,
      m,
      (i, j) => {
        if (++comparisons > maxComparisons) throw BUDGET_SPENT;
        return a[off + i] === b[off + j];
      },
      (k, i, j) => {
        runs.push([k, off + i, off + j]);
      },
    );
  } catch (e) {
    if (e === BUDGET_SPENT) return null;
    throw e;
  }
  return runs;
}

/** Half-open region of side `s` that tokens `[from, to)` own: each token owns the gap after it. */
function region(s: DiffSide, from: number, to: number): Span {
  const o = s.offset ?? 0;
  const n = s.length ?? s.tokens.length - o;
  const start = from === 0 ? s.span.start : s.tokens[o + from]!.start;
  const end = to >= n ? s.span.end : s.tokens[o + to]!.start;
  return { start, end };
}

/** Letters and digits only, lower-cased: what is left when punctuation and spacing are ignored. */
function bare(s: string): string {
  return foldTypography(s).toLowerCase().replace(/[^\p{L}\p{M}\p{N}]+/gu, '');
}

/**
 * Most characters two runs may differ in length and still be the same words set differently
 * (`well-known` / `well known`, `U.S.-led` / `US led`): a cheap test before the full one.
 */
const MAX_PUNCTUATION_LENGTH_GAP = 4;

/** True when two runs hold the same letters and digits, differing only in punctuation and spacing. */
function samePunctuationAside(a: string, b: string): boolean {
  return Math.abs(a.trim().length - b.trim().length) <= MAX_PUNCTUATION_LENGTH_GAP && bare(a) === bare(b);
}

/** How two runs that the diff pairs up differ: not at all (undefined), or only in style. */
function styleClass(a: string, b: string): ChangeClass | undefined {
  const ta = a.trim();
  const tb = b.trim();
  if (ta === tb) return undefined;
  const fa = foldTypography(ta);
  const fb = foldTypography(tb);
  if (fa === fb) return 'typography';
  if (fa.toLowerCase() === fb.toLowerCase()) return 'case';
  if (samePunctuationAside(ta, tb)) return 'punctuation';
  return 'wording';
}

/**
 * Word-level diff of two passages. Tokens are compared by folded form (so quote style and case
 * never count as rewording); the result is a list of jsdiff-shaped change objects with their
 * spans in both articles. A removed run directly followed by an added run is a paired
 * substitution. The spans of changes with an `a` side tile side A's passage exactly, and likewise
 * for B. When the cost budget is spent the passages are reported as `rewritten`.
 */
export function diffPassages(
  level: PassageDiff['level'],
  a: DiffSide & { article: string; index: number },
  b: DiffSide & { article: string; index: number },
  maxComparisons: number,
): PassageDiff {
  // Tokens are compared by their diff form (typography folded, lower-cased): case and quote
  // style are style differences, classified below, not wording.
  let ia = a.ids;
  let ib = b.ids;
  if (!ia || !ib) {
    const interned = new Map<string, number>();
    const ids = (s: DiffSide): Int32Array =>
      Int32Array.from(s.tokens.slice(s.offset ?? 0, (s.offset ?? 0) + (s.length ?? s.tokens.length - (s.offset ?? 0))), (t) => {
        let id = interned.get(t.form);
        if (id === undefined) interned.set(t.form, (id = interned.size));
        return id;
      });
    ia = ids(a);
    ib = ids(b);
  }
  const base = {
    level,
    a: { article: a.article, index: a.index, span: { ...a.span } },
    b: { article: b.article, index: b.index, span: { ...b.span } },
  };
  const runs = commonRuns(ia, ib, maxComparisons);
  if (runs === null) {
    return {
      ...base,
      status: 'rewritten',
      similarity: 0,
      counts: { common: 0, removed: ia.length, added: ib.length, substitutions: 1, styleOnly: 0 },
      changes: [
        { value: a.text.slice(a.span.start, a.span.end), count: ia.length, added: false, removed: true, a: { ...a.span }, pair: 0, class: 'wording' },
        { value: b.text.slice(b.span.start, b.span.end), count: ib.length, added: true, removed: false, b: { ...b.span }, pair: 0, class: 'wording' },
      ],
    };
  }
  const changes: DiffChange[] = [];
  const counts = { common: 0, removed: 0, added: 0, substitutions: 0, styleOnly: 0 };
  let i = 0;
  let j = 0;
  const emitGap = (i1: number, j1: number): void => {
    // A side without any word token still owns its (punctuation-only) text.
    const hasA = i1 > i || (ia.length === 0 && a.span.end > a.span.start);
    const hasB = j1 > j || (ib.length === 0 && b.span.end > b.span.start);
    if (hasA && hasB) {
      const ra = region(a, i, i1);
      const rb = region(b, j, j1);
      const va = a.text.slice(ra.start, ra.end);
      const vb = b.text.slice(rb.start, rb.end);
      const cls = samePunctuationAside(va, vb) ? 'punctuation' : 'wording';
      const pair = counts.substitutions++;
      if (cls !== 'wording') counts.styleOnly++;
      changes.push({ value: va, count: i1 - i, added: false, removed: true, a: ra, pair, class: cls });
      changes.push({ value: vb, count: j1 - j, added: true, removed: false, b: rb, pair, class: cls });
    } else if (hasA) {
      const ra = region(a, i, i1);
      changes.push({ value: a.text.slice(ra.start, ra.end), count: i1 - i, added: false, removed: true, a: ra, class: 'wording' });
    } else if (hasB) {
      const rb = region(b, j, j1);
      changes.push({ value: b.text.slice(rb.start, rb.end), count: j1 - j, added: true, removed: false, b: rb, class: 'wording' });
    }
    counts.removed += i1 - i;
    counts.added += j1 - j;
  };
  for (const [n, ci, cj] of runs) {
    emitGap(ci, cj);
    const ra = region(a, ci, ci + n);
    const rb = region(b, cj, cj + n);
    const vb = b.text.slice(rb.start, rb.end);
    const change: DiffChange = { value: vb, count: n, added: false, removed: false, a: ra, b: rb };
    // Compare the words themselves and what lies between them, not the gap after the last one
    // (it borders a change, or the passage end, and differs for that reason alone).
    const cls = styleClass(
      a.text.slice(a.tokens[(a.offset ?? 0) + ci]!.start, a.tokens[(a.offset ?? 0) + ci + n - 1]!.end),
      b.text.slice(b.tokens[(b.offset ?? 0) + cj]!.start, b.tokens[(b.offset ?? 0) + cj + n - 1]!.end),
    );
    if (cls !== undefined) {
      // Same words, different surface: only case, quote style or punctuation differs.
      change.class = cls === 'wording' ? 'punctuation' : cls;
      counts.styleOnly++;
    }
    changes.push(change);
    counts.common += n;
    i = ci + n;
    j = cj + n;
  }
  emitGap(ia.length, ib.length);
  const total = ia.length + ib.length;
  return { ...base, status: 'ok', similarity: total === 0 ? 1 : Math.round((20_000 * counts.common) / total) / 10_000, counts, changes };
}
