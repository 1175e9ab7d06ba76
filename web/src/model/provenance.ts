/**
 * The provenance view's model: a derived sentence beside a source sentence, word by word. Words
 * (case and British/American spelling folded) are matched by a longest common subsequence, so the
 * marks show what the rewrite kept in order, what it added, and what it left out of the source.
 */
import { lcsRuns } from '../../../engine/diff/lcs.ts';
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

/** Runs of both sentences: kept words (in the other, in order: the engine's LCS) and the rest. */
export function sentenceDiff(a: string, b: string): { a: WordRun[]; b: WordRun[] } {
  const ta = tokens(a);
  const tb = tokens(b);
  // Words interned to integers, as the LCS takes them.
  const ids = new Map<string, number>();
  const intern = (ts: typeof ta): Int32Array => Int32Array.from(ts, (t) => ids.get(t.key) ?? ids.set(t.key, ids.size).get(t.key)!);
  const keptA = new Uint8Array(ta.length);
  const keptB = new Uint8Array(tb.length);
  for (const [len, i, j] of lcsRuns(intern(ta), intern(tb), 0, ta.length, tb.length)) {
    keptA.fill(1, i, i + len);
    keptB.fill(1, j, j + len);
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
