import type { DiffChange, PassageDiff, WordChoice } from '../types.ts';

/** A paired substitution in a sentence diff: the removed run (side A) and the added run (side B). */
export interface Substitution {
  diff: PassageDiff;
  removed: DiffChange;
  added: DiffChange;
  /** Words in common right before or after it (the longer run): the slot both sides fill. */
  context: number;
}

/**
 * Every wording substitution of the comparison's sentence diffs, in diff order: made once, for
 * every rule (each keeps those whose diff overlaps enough for its purpose: figures need less of
 * the sentence to match than word choices do).
 */
export function sentenceSubstitutions(diffs: readonly PassageDiff[]): Substitution[] {
  const out: Substitution[] = [];
  for (const d of diffs) {
    if (d.level !== 'sentence' || d.status !== 'ok') continue;
    for (let k = 0; k + 1 < d.changes.length; k++) {
      const r = d.changes[k]!;
      const ad = d.changes[k + 1]!;
      if (!(r.removed && ad.added && r.pair !== undefined && r.pair === ad.pair && r.class === 'wording')) continue;
      const before = d.changes[k - 1];
      const after = d.changes[k + 2];
      const context = Math.max(before && !before.added && !before.removed ? before.count : 0, after && !after.added && !after.removed ? after.count : 0);
      out.push({ diff: d, removed: r, added: ad, context });
    }
  }
  return out;
}

/**
 * What makes a substitution a word choice, for the wording rules, the text report and the UI alike.
 */
export const WORD_CHOICE = {
  /**
   * Lowest word overlap of the sentence pair: below it the sentences are rewritten rather than
   * reworded, and the diff pairs words that do not correspond.
   */
  minSimilarity: 0.45,
  /** Longest run on either side, in tokens: longer ones are rewrites of a clause, not a choice of words. */
  maxTokens: 3,
} as const;

/** Offsets of a diff run without the spaces, quotes and punctuation around it. */
export function trimmedRun(text: string, start: number, end: number): { start: number; end: number } {
  const value = text.slice(start, end);
  const lead = value.length - value.replace(/^[\s"'(\u201C\u2018]+/u, '').length;
  const body = value.slice(lead).replace(/[\s,;:.!?)"'\u201C\u201D\u2018\u2019]+$/u, '');
  return { start: start + lead, end: start + lead + body.length };
}

/** Whether a substitution is a word choice (`WORD_CHOICE`) with words on both sides. */
export function isWordChoice(s: Substitution): boolean {
  if (s.diff.similarity < WORD_CHOICE.minSimilarity || s.removed.count > WORD_CHOICE.maxTokens || s.added.count > WORD_CHOICE.maxTokens) return false;
  return /[\p{L}\p{N}]/u.test(s.removed.value) && /[\p{L}\p{N}]/u.test(s.added.value);
}

/**
 * The comparison's word choices, in diff order, as the JSON gives them; `texts` maps an article
 * id to its text, `diffIndex` a diff to its index in the comparison's `diffs`.
 */
export function wordChoiceRecords(subs: readonly Substitution[], texts: ReadonlyMap<string, string>, diffIndex: ReadonlyMap<PassageDiff, number>): WordChoice[] {
  const out: WordChoice[] = [];
  for (const s of subs) {
    if (!isWordChoice(s)) continue;
    const ra = s.removed.a!;
    const rb = s.added.b!;
    const a = trimmedRun(texts.get(s.diff.a.article)!, ra.start, ra.end);
    const b = trimmedRun(texts.get(s.diff.b.article)!, rb.start, rb.end);
    if (a.end <= a.start || b.end <= b.start) continue;
    out.push({ a: { article: s.diff.a.article, ...a }, b: { article: s.diff.b.article, ...b }, diff: diffIndex.get(s.diff)! });
  }
  return out;
}
