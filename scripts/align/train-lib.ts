/** Pieces shared by the training and the cross-validation scripts of the link model. */
import type { Examples, Triplet } from './data.ts';
import { fitLogistic, predict, type LogisticModel } from './logistic.ts';
import { secondPassFeatures } from '../../engine/align/link-features.ts';

/**
 * Ridge penalty of the link model (on standardised weights, in units of examples). Weak: the
 * features are few and the examples many; it only keeps collinear features (cosine and its
 * square root, the per-kind shares) from trading huge opposite weights.
 */
export const L2 = 1;

/**
 * Label of each candidate: the share of the triplet's gold files that link it (two annotators
 * who disagree give 0.5; logistic regression takes soft labels as they are).
 */
export function labels(t: Triplet, e: Examples): number[] {
  return e.keys.map((k) => t.gold.filter((g) => g.links.has(k)).length / t.gold.length);
}

/** Link counts against gold. */
export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/** Precision, recall and F1 of counts. */
export function f1(c: Counts): { p: number; r: number; f: number } {
  const p = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0;
  const r = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0;
  return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0 };
}

/** Sum of counts. */
export function add(a: Counts, b: Counts): Counts {
  return { tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn };
}

/** Scores predicted link keys against every gold file of a triplet (as the scorer does). */
export function score(t: Triplet, got: Set<string>): Counts {
  const c: Counts = { tp: 0, fp: 0, fn: 0 };
  for (const g of t.gold) {
    for (const k of got) g.links.has(k) ? c.tp++ : c.fp++;
    for (const k of g.links) if (!got.has(k)) c.fn++;
  }
  return c;
}

/** Counts of the candidates whose probability reaches `th`, summed over triplets. */
export function countsAt(units: Triplet[], ex: Examples[], probs: number[][], th: number): Counts {
  return units.reduce((c, t, i) => add(c, score(t, new Set(ex[i]!.keys.filter((_, k) => probs[i]![k]! >= th)))), { tp: 0, fp: 0, fn: 0 });
}

/** Threshold grid searched for the best F1 on training data. */
const GRID = Array.from({ length: 91 }, (_, i) => 0.05 + i * 0.01);

/** The threshold of `GRID` with the best F1 (ties: the lower threshold). */
export function pickThreshold<C>(count: (th: number) => C, f1: (c: C) => { f: number }): number {
  let best = GRID[0]!;
  let bestF = -1;
  for (const th of GRID) {
    const f = f1(count(th)).f;
    if (f > bestF) (bestF = f), (best = th);
  }
  return best;
}

/** Folds of the inner cross-validation that gives the second pass honest first-pass inputs. */
export const INNER_FOLDS = 5;

/** A two-pass model, with the out-of-fold second-pass probabilities of its training triplets. */
export interface TwoPass {
  first: LogisticModel;
  second: LogisticModel;
  outOfFold: number[][];
}

/**
 * Fits the first pass on all given triplets, and the second pass on first-pass probabilities
 * that each training triplet got from a model that did not see it (inner folds by triplet): at
 * run time the second pass sees first-pass outputs on unseen articles, so it is trained on such.
 */
export function trainTwoPass(ex: Examples[], ys: number[][], project: (x: Float64Array) => number[] = (x) => [...x], groups?: string[]): TwoPass {
  // Inner folds by group (the triplet a two-article comparison comes from), never splitting one.
  const names = [...new Set(groups ?? ex.map((_, i) => String(i)))];
  const fold = (i: number): number => names.indexOf(groups?.[i] ?? String(i)) % INNER_FOLDS;
  const first = fitLogistic(ex.flatMap((e) => e.x.map(project)), ys.flat(), L2);
  const oofFirst: number[][] = ex.map(() => []);
  for (let f = 0; f < INNER_FOLDS; f++) {
    const tr = ex.map((_, i) => i).filter((i) => fold(i) !== f);
    const te = ex.map((_, i) => i).filter((i) => fold(i) === f);
    if (te.length === 0) continue;
    const m = fitLogistic(tr.flatMap((i) => ex[i]!.x.map(project)), tr.flatMap((i) => ys[i]!), L2);
    for (const i of te) oofFirst[i] = ex[i]!.x.map((x) => predict(m, project(x)));
  }
  const second2 = ex.map((e, i) => secondPassFeatures(e.links, oofFirst[i]!, e.counts));
  const second = fitLogistic(second2.flatMap((rows) => rows.map((r) => [...r])), ys.flat(), L2);
  // Out-of-fold second-pass probabilities for threshold choice: second pass refit per inner fold.
  const outOfFold: number[][] = ex.map(() => []);
  for (let f = 0; f < INNER_FOLDS; f++) {
    const tr = ex.map((_, i) => i).filter((i) => fold(i) !== f);
    const te = ex.map((_, i) => i).filter((i) => fold(i) === f);
    if (te.length === 0) continue;
    const m = fitLogistic(tr.flatMap((i) => second2[i]!.map((r) => [...r])), tr.flatMap((i) => ys[i]!), L2);
    for (const i of te) outOfFold[i] = second2[i]!.map((r) => predict(m, r));
  }
  return { first, second, outOfFold };
}

/** Two-pass probabilities of one triplet's candidates. */
export function predictTwoPass(m: TwoPass, e: Examples, project: (x: Float64Array) => number[] = (x) => [...x]): number[] {
  const p1 = e.x.map((x) => predict(m.first, project(x)));
  return secondPassFeatures(e.links, p1, e.counts).map((r) => predict(m.second, r));
}
