/**
 * A finding's key: what a reviewer's mark (confirmed, dismissed, a note) is attached to. Unlike the
 * id (`<rule>#<rank>`, which moves whenever the ranking does), the key depends only on the rule and
 * the wording of the evidence in each article, so it survives a re-run after an article is edited
 * elsewhere, and changes when the evidence itself does.
 */
import type { EvidenceSpan } from '../types.ts';

/** 64-bit FNV-1a over UTF-16 code units, as 16 hex digits (two 32-bit halves, no BigInt). */
function fnv64(s: string): string {
  // FNV-1a 64 offset basis 0xcbf29ce484222325, prime 0x100000001b3, in 16-bit limbs.
  let h0 = 0x2325, h1 = 0x8422, h2 = 0x9ce4, h3 = 0xcbf2;
  for (let i = 0; i < s.length; i++) {
    h0 ^= s.charCodeAt(i);
    // Multiply by 2^40 + 0x1b3: the 0x1b3 part limb by limb, plus the value shifted by 40 bits.
    const t0 = h0 * 0x1b3, t1 = h1 * 0x1b3, t2 = h2 * 0x1b3 + (h0 << 8), t3 = h3 * 0x1b3 + (h1 << 8);
    h0 = t0 & 0xffff;
    const c1 = t1 + (t0 >>> 16);
    h1 = c1 & 0xffff;
    const c2 = t2 + (c1 >>> 16);
    h2 = c2 & 0xffff;
    h3 = (t3 + (c2 >>> 16)) & 0xffff;
  }
  return [h3, h2, h1, h0].map((x) => x.toString(16).padStart(4, '0')).join('');
}

/** Evidence wording folded: case and runs of white space do not change a key. */
const fold = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Keys for findings in ranking order: `fnv64(rule, each evidence's role, article and wording)`;
 * a key already given in the comparison gets `-2`, `-3`... (the same wording flagged twice).
 */
export function findingKeys(
  findings: ReadonlyArray<{ ruleId: string; evidence: readonly EvidenceSpan[] }>,
  textOf: (article: string, field: 'title' | undefined) => string,
): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const parts = [f.ruleId, ...f.evidence.map((e) => `${e.role}\u0001${e.article}\u0001${e.field ?? ''}\u0001${fold(textOf(e.article, e.field).slice(e.start, e.end))}`)];
    const base = fnv64(parts.join('\u0002'));
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  });
}
