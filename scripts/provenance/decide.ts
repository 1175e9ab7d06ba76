/**
 * From link probabilities to provenance decisions, and their scores against the news_synth gold,
 * counted as `../shared/eval/score-provenance.mjs` counts them (per gold sentence).
 */
import { chooseSources } from '../../engine/provenance/trace.ts';
import type { Examples } from './data.ts';

export interface Thresholds {
  link: number;
  relative: number;
  support: number;
}

export interface Counts {
  tp: number; fp: number; fn: number;
  sTp: number; sFp: number; sFn: number;
  uTp: number; uFp: number; uFn: number;
}

export const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0, sTp: 0, sFp: 0, sFn: 0, uTp: 0, uFp: 0, uFn: 0 });

export function addCounts(a: Counts, b: Counts): Counts {
  const out = zero();
  for (const k of Object.keys(out) as (keyof Counts)[]) out[k] = a[k] + b[k];
  return out;
}

/** Per engine sentence of the derived article, the source sentences it links to: the engine's own rule. */
export function decide(e: Examples, p: ArrayLike<number>, th: Thresholds): number[][] {
  return chooseSources([p], e.nd, [e.ns], th).map((list) => list.map((c) => c.sentence));
}

/** Counts of links, supported and unsupported sentences, at the gold's (paragraph) level. */
export function count(e: Examples, links: number[][]): Counts {
  const c = zero();
  const got = new Set<string>();
  const supported = new Set<number>();
  links.forEach((ls, d) => {
    for (const s of ls) {
      supported.add(e.dPara[d]!);
      got.add(`${e.dPara[d]}|${e.sPara[s]}`);
    }
  });
  const gold = new Set<string>();
  for (const [d, ts] of e.pair.links) for (const t of ts) gold.add(`${d}|${t}`);
  for (const k of got) gold.has(k) ? c.tp++ : c.fp++;
  for (const k of gold) if (!got.has(k)) c.fn++;
  const judged = new Set(e.dPara);
  for (let d = 0; d < e.pair.derived.length; d++) {
    const g = e.pair.links.has(d);
    const m = supported.has(d);
    if (g && m) c.sTp++;
    else if (m) c.sFp++;
    else if (g) c.sFn++;
    const flagged = judged.has(d) && !m;
    if (flagged && !g) c.uTp++;
    else if (flagged) c.uFp++;
    else if (!g) c.uFn++;
  }
  return c;
}

export function prf(tp: number, fp: number, fn: number): { p: number; r: number; f: number } {
  const p = tp + fp ? tp / (tp + fp) : 0;
  const r = tp + fn ? tp / (tp + fn) : 0;
  return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0 };
}

export function summary(c: Counts): { link: ReturnType<typeof prf>; support: ReturnType<typeof prf>; unsupported: ReturnType<typeof prf> } {
  return { link: prf(c.tp, c.fp, c.fn), support: prf(c.sTp, c.sFp, c.sFn), unsupported: prf(c.uTp, c.uFp, c.uFn) };
}

/** The thresholds with the best link F1 + support F1 on these examples (a grid; ties to the first). */
export function pickThresholds(ex: readonly Examples[], probs: readonly ArrayLike<number>[]): Thresholds {
  let best: Thresholds = { link: 0.5, relative: 0.5, support: 0.5 };
  let bestScore = -1;
  const grid = Array.from({ length: 18 }, (_, i) => 0.05 + i * 0.05);
  for (const link of grid) {
    for (const relative of [0.3, 0.5, 0.7, 0.85, 1]) {
      for (const support of grid.filter((s) => s <= link)) {
        let c = zero();
        ex.forEach((e, i) => (c = addCounts(c, count(e, decide(e, probs[i]!, { link, relative, support })))));
        const s = summary(c);
        const score = s.link.f + s.support.f;
        if (score > bestScore) (bestScore = score), (best = { link, relative, support });
      }
    }
  }
  return best;
}
