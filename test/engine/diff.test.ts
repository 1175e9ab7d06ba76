import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lcsRuns } from '../../engine/diff/lcs.ts';
import { diffPassages, type DiffSide } from '../../engine/diff/word-diff.ts';
import { tokenize, type PassageDiff, type Span } from '../../engine/index.ts';

function side(text: string, article: string): DiffSide & { article: string; index: number } {
  return { article, index: 0, text, span: { start: 0, end: text.length }, tokens: tokenize(text) };
}

function diff(a: string, b: string, maxComparisons = 1_000_000): PassageDiff {
  return diffPassages('sentence', side(a, 'a'), side(b, 'b'), maxComparisons);
}

/** Compact view: `=common`, `-removed`, `+added`, `~` marks a style-only change, `|` pairs substitutions. */
function compact(d: PassageDiff): string[] {
  return d.changes.map((c) => `${c.added ? '+' : c.removed ? '-' : '='}${c.pair !== undefined ? `${c.pair}|` : ''}${c.class && c.class !== 'wording' ? `~${c.class}:` : ''}${c.value.trim()}`);
}

/** Asserts the invariants every diff must keep. */
function checkInvariants(a: string, b: string, d: PassageDiff): void {
  const tiles = (spans: Span[], length: number): void => {
    if (length === 0) return;
    expect(spans[0]!.start).toBe(0);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBe(spans[i - 1]!.end);
    expect(spans[spans.length - 1]!.end).toBe(length);
  };
  const aSpans = d.changes.filter((c) => c.a).map((c) => c.a!);
  const bSpans = d.changes.filter((c) => c.b).map((c) => c.b!);
  for (const s of [...aSpans]) expect(s.start >= 0 && s.end <= a.length && s.start <= s.end).toBe(true);
  for (const s of [...bSpans]) expect(s.start >= 0 && s.end <= b.length && s.start <= s.end).toBe(true);
  tiles(aSpans, a.length);
  tiles(bSpans, b.length);
  for (const c of d.changes) {
    if (c.removed) expect(c.value).toBe(a.slice(c.a!.start, c.a!.end));
    if (c.added) expect(c.value).toBe(b.slice(c.b!.start, c.b!.end));
    if (!c.added && !c.removed) {
      // Common runs hold the same words on both sides (compared as the diff compares them).
      const wa = tokenize(a.slice(c.a!.start, c.a!.end)).map((t) => t.key);
      const wb = tokenize(b.slice(c.b!.start, c.b!.end)).map((t) => t.key);
      expect(wa).toEqual(wb);
      expect(c.value).toBe(b.slice(c.b!.start, c.b!.end));
    }
  }
  const counted = d.changes.filter((c) => !c.added).reduce((n, c) => n + c.count, 0);
  if (d.status === 'ok') expect(counted).toBe(tokenize(a).length);
}

describe('word diff', () => {
  it('pairs a removed run facing an added run as a substitution', () => {
    const d = diff('Russia’s invasion of Ukraine entered its fourth year.', "Russia's war in Ukraine entered its fourth year.");
    expect(compact(d)).toEqual(['=~typography:Russia\'s', '-0|invasion of', '+0|war in', '=Ukraine entered its fourth year.']);
    expect(d.counts).toMatchObject({ substitutions: 1, removed: 2, added: 2, common: 6 });
    expect(d.status).toBe('ok');
  });

  it('reports insertions and deletions with one-sided spans', () => {
    const d = diff('The council adopted the text.', 'The council quickly adopted the text on Monday.');
    expect(compact(d)).toEqual(['=The council', '+quickly', '=adopted the text', '+on Monday.']);
    const ins = d.changes.find((c) => c.added)!;
    expect(ins.a).toBeUndefined();
    expect(ins.b).toEqual({ start: 12, end: 20 });
  });

  it('classifies case, quote-style and punctuation-only differences as such', () => {
    const c = diff('The “Security Council” voted.', 'The "security council" voted.');
    expect(c.changes).toHaveLength(1);
    expect(c.changes[0]!.class).toBe('case');
    const q = diff('He called it a “deal”.', 'He called it a "deal".');
    expect(q.changes[0]!.class).toBe('typography');
    const p = diff('well-known envoy', 'well known envoy');
    expect(p.changes.filter((x) => x.class === 'wording')).toHaveLength(0);
    expect(p.changes.some((x) => x.class === 'punctuation')).toBe(true);
    const none = diff('Same words here.', 'Same words here.');
    expect(none.changes).toHaveLength(1);
    expect(none.changes[0]!.class).toBeUndefined();
    expect(none.similarity).toBe(1);
  });

  it('gives up gracefully beyond its budget: one removed run facing one added run', () => {
    const a = Array.from({ length: 300 }, (_, i) => `alpha${i}`).join(' ');
    const b = Array.from({ length: 300 }, (_, i) => `beta${i}`).join(' ');
    const d = diff(a, b, 1_000);
    expect(d.status).toBe('rewritten');
    expect(compact(d).map((s) => s.slice(0, 3))).toEqual(['-0|', '+0|']);
    checkInvariants(a, b, d);
    // The same pair diffs fine with a normal budget.
    expect(diff(a, b).status).toBe('ok');
  });

  it('handles passages without words and non-Latin scripts', () => {
    checkInvariants('—', 'A word.', diff('—', 'A word.'));
    const d = diff('Зеленський заявив про мир.', 'Зеленський говорив про мир.');
    expect(compact(d)).toEqual(['=Зеленський', '-0|заявив', '+0|говорив', '=про мир.']);
  });

  it('finds a longest common subsequence, whichever core (bit-parallel table or Myers) runs', () => {
    const lcs = (x: string[], y: string[]): number => {
      const t = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
      for (let i = x.length - 1; i >= 0; i--) for (let j = y.length - 1; j >= 0; j--) t[i]![j] = x[i] === y[j] ? t[i + 1]![j + 1]! + 1 : Math.max(t[i + 1]![j]!, t[i]![j + 1]!);
      return t[0]![0]!;
    };
    const words = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'war', 'peace', 'vote'), { maxLength: 40 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(words, words, (a, b) => {
        const expected = lcs(tokenize(a).map((t) => t.form), tokenize(b).map((t) => t.form));
        // A budget below the table size forces Myers; a large one lets the table run.
        expect(diff(a, b, 1e9).counts.common).toBe(expected);
        const myers = diff(a, b, 1_500);
        if (myers.status === 'ok') expect(myers.counts.common).toBe(expected);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('bit-parallel LCS gives the plain suffix table\'s path, ties broken deletion first (property)', () => {
    // Reference: the textbook table over suffixes, traced forward; on a tie, advance in a.
    const reference = (a: Int32Array, b: Int32Array, off: number, n: number, m: number): Array<[number, number, number]> => {
      const t = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
      for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) t[i]![j] = a[off + i] === b[off + j] ? t[i + 1]![j + 1]! + 1 : Math.max(t[i + 1]![j]!, t[i]![j + 1]!);
      const runs: Array<[number, number, number]> = [];
      let i = 0;
      let j = 0;
      while (i < n && j < m) {
        if (a[off + i] === b[off + j]) {
          const last = runs[runs.length - 1];
          if (last && last[1] + last[0] === off + i && last[2] + last[0] === off + j) last[0]++;
          else runs.push([1, off + i, off + j]);
          i++;
          j++;
        } else if (t[i + 1]![j]! >= t[i]![j + 1]!) i++;
        else j++;
      }
      return runs;
    };
    // Sides past 32 and 64 tokens exercise the carries between words of the bit vectors.
    const side = fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 140 });
    fc.assert(
      fc.property(side, side, fc.integer({ min: 0, max: 3 }), (xs, ys, off) => {
        const pad = new Array<number>(off).fill(99);
        const a = Int32Array.from([...pad, ...xs, ...pad]);
        const b = Int32Array.from([...pad, ...ys, ...pad]);
        expect(lcsRuns(a, b, off, xs.length, ys.length)).toEqual(reference(a, b, off, xs.length, ys.length));
      }),
      { numRuns: 500, seed: 11 },
    );
  });

  it('keeps its invariants on arbitrary text (property)', () => {
    const word = fc.constantFrom('war', 'War', 'conflict', '“war”', 'peace', 'U.S.', 'US', '93', '1,200', 'vote', 'Kyiv’s', "Kyiv's", 'the', 'a', '—', '...', 'Зеленський', '東京', 'well-known');
    const sep = fc.constantFrom(' ', ', ', '. ', ' — ', '\u00a0', '  ');
    const passage = fc.array(fc.tuple(word, sep), { maxLength: 25 }).map((parts) => parts.map(([w, s]) => w + s).join(''));
    fc.assert(
      fc.property(passage, passage, fc.integer({ min: 1, max: 5_000 }), (a, b, budget) => {
        checkInvariants(a, b, diff(a, b, budget));
      }),
      { numRuns: 400, seed: 42 },
    );
  });
});
