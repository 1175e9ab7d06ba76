/**
 * The provenance view's model: a derived sentence beside a source sentence, word by word. Words
 * (case and British/American spelling folded) are matched by a longest common subsequence, so the
 * marks show what the rewrite kept in order, what it added, and what it left out of the source.
 */
import { americanSpelling } from '../../../engine/text/spelling.ts';

export interface WordRun {
  text: string;
  /** Kept: the word is in the other sentence, in order. Spaces and punctuation are never marked. */
  kept: boolean;
  word: boolean;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

function tokens(text: string): Array<{ start: number; end: number; key: string }> {
  const out: Array<{ start: number; end: number; key: string }> = [];
  for (const m of text.matchAll(WORD)) out.push({ start: m.index, end: m.index + m[0].length, key: americanSpelling(m[0].toLowerCase().replace(/[’']s$/, '')) });
  return out;
}

/** Longest sentences diffed word by word (a cost bound: the table is words x words). */
const MAX_WORDS = 400;

/** Runs of both sentences: kept words (in the other, in order) and the rest. */
export function sentenceDiff(a: string, b: string): { a: WordRun[]; b: WordRun[] } {
  const ta = tokens(a).slice(0, MAX_WORDS);
  const tb = tokens(b).slice(0, MAX_WORDS);
  const n = ta.length;
  const m = tb.length;
  // LCS table, row-major, (n + 1) x (m + 1).
  const L = new Uint16Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      L[i * (m + 1) + j] = ta[i]!.key === tb[j]!.key ? L[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(L[(i + 1) * (m + 1) + j]!, L[i * (m + 1) + j + 1]!);
    }
  }
  const keptA = new Uint8Array(n);
  const keptB = new Uint8Array(m);
  for (let i = 0, j = 0; i < n && j < m;) {
    if (ta[i]!.key === tb[j]!.key) (keptA[i++] = 1), (keptB[j++] = 1);
    else if (L[(i + 1) * (m + 1) + j]! >= L[i * (m + 1) + j + 1]!) i++;
    else j++;
  }
  const runs = (text: string, ts: typeof ta, kept: Uint8Array): WordRun[] => {
    const out: WordRun[] = [];
    let at = 0;
    ts.forEach((t, k) => {
      if (t.start > at) out.push({ text: text.slice(at, t.start), kept: false, word: false });
      out.push({ text: text.slice(t.start, t.end), kept: kept[k] === 1, word: true });
      at = t.end;
    });
    if (at < text.length) out.push({ text: text.slice(at), kept: false, word: false });
    return out;
  };
  return { a: runs(a, ta, keptA), b: runs(b, tb, keptB) };
}
