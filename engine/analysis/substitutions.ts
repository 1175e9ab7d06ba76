import type { DiffChange, PassageDiff } from '../types.ts';

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
