/** Fitting helpers of the provenance cross-validation and training. */
import { predict } from '../align/logistic.ts';
import { PROVENANCE_FEATURE_COUNT } from '../../engine/provenance/features.ts';
import type { Examples } from './data.ts';

/** Rows and labels of examples, for fitting. */
/** Extra derived features tried in the cross-validation (`PROJECT=products`). */
export function project(x: Float64Array): Float64Array {
  if (process.env['PROJECT'] !== 'products') return x;
  const out = new Float64Array(x.length + 6);
  out.set(x);
  const n = x.length;
  out[n] = x[4]! * x[9]!; // softDerived x rankDerived
  out[n + 1] = x[5]! * x[10]!; // softSource x rankSource
  out[n + 2] = x[4]! * x[5]!;
  out[n + 3] = x[8]! * x[4]!; // relative x soft
  out[n + 4] = x[12]! * x[4]!; // neighbours x soft
  out[n + 5] = x[4]! * x[4]!;
  return out;
}

export function rows(ex: readonly Examples[]): { X: Float64Array[]; y: number[] } {
  const X: Float64Array[] = [];
  const y: number[] = [];
  for (const e of ex) {
    for (let k = 0; k < e.nd * e.ns; k++) {
      X.push(project(e.x.subarray(k * PROVENANCE_FEATURE_COUNT, (k + 1) * PROVENANCE_FEATURE_COUNT)));
      y.push(e.y[k]!);
    }
  }
  return { X, y };
}

export function probabilities(m: { bias: number; weights: number[] }, e: Examples): Float64Array {
  const p = new Float64Array(e.nd * e.ns);
  for (let k = 0; k < p.length; k++) p[k] = predict(m, project(e.x.subarray(k * PROVENANCE_FEATURE_COUNT, (k + 1) * PROVENANCE_FEATURE_COUNT)));
  return p;
}


/** Names of the second pass's features, computed from the first pass's probabilities around a pair. */
export const SECOND_FEATURES = ['logit', 'diagonal', 'diagonal2', 'rowRelative', 'rowRank', 'columnRelative', 'rowSecond'] as const;

const logit = (p: number): number => Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));

/** The second pass's features of every pair of one example, from first-pass probabilities `p`. */
export function secondFeatures(e: Examples, p: ArrayLike<number>): Float64Array {
  const F = SECOND_FEATURES.length;
  const { nd, ns } = e;
  const x = new Float64Array(nd * ns * F);
  const at = (d: number, s: number): number => (d >= 0 && s >= 0 && d < nd && s < ns ? p[d * ns + s]! : 0);
  const rowBest = new Float64Array(nd);
  const rowSecond = new Float64Array(nd);
  const colBest = new Float64Array(ns);
  for (let d = 0; d < nd; d++) {
    for (let s = 0; s < ns; s++) {
      const v = at(d, s);
      if (v > rowBest[d]!) (rowSecond[d] = rowBest[d]!), (rowBest[d] = v);
      else if (v > rowSecond[d]!) rowSecond[d] = v;
      colBest[s] = Math.max(colBest[s]!, v);
    }
  }
  for (let d = 0; d < nd; d++) {
    for (let s = 0; s < ns; s++) {
      const v = at(d, s);
      let rank = 1;
      for (let t = 0; t < ns; t++) if (at(d, t) > v) rank++;
      const k = (d * ns + s) * F;
      x[k] = logit(v);
      x[k + 1] = Math.max(at(d - 1, s - 1), at(d + 1, s + 1));
      x[k + 2] = Math.max(at(d - 2, s - 2), at(d + 2, s + 2), at(d - 1, s - 2), at(d - 2, s - 1), at(d + 1, s + 2), at(d + 2, s + 1));
      x[k + 3] = rowBest[d]! > 0 ? v / rowBest[d]! : 0;
      x[k + 4] = 1 / rank;
      x[k + 5] = colBest[s]! > 0 ? v / colBest[s]! : 0;
      x[k + 6] = rowSecond[d]!;
    }
  }
  return x;
}

export interface TwoPass {
  first: { bias: number; weights: number[] };
  second: { bias: number; weights: number[] };
}

/** Fits both passes: the second on first-pass probabilities made out of fold within `ex` (by example). */
export function trainTwoPass(ex: readonly Examples[], fit: (X: Float64Array[], y: number[]) => { bias: number; weights: number[] }, inner = 4): TwoPass {
  const { X, y } = rows(ex);
  const first = fit(X, y);
  const oof: Float64Array[] = new Array(ex.length);
  for (let f = 0; f < inner; f++) {
    const tr = ex.filter((_, i) => i % inner !== f);
    const m = fit(rows(tr).X, rows(tr).y);
    ex.forEach((e, i) => {
      if (i % inner === f) oof[i] = probabilities(m, e);
    });
  }
  const X2: Float64Array[] = [];
  const y2: number[] = [];
  const F = SECOND_FEATURES.length;
  ex.forEach((e, i) => {
    const x = secondFeatures(e, oof[i]!);
    for (let k = 0; k < e.nd * e.ns; k++) (X2.push(x.subarray(k * F, (k + 1) * F)), y2.push(e.y[k]!));
  });
  return { first, second: fit(X2, y2) };
}

/** Both passes' probabilities for one example. */
export function predictTwoPass(m: TwoPass, e: Examples): Float64Array {
  const p1 = probabilities(m.first, e);
  const x = secondFeatures(e, p1);
  const F = SECOND_FEATURES.length;
  const p = new Float64Array(e.nd * e.ns);
  for (let k = 0; k < p.length; k++) p[k] = predict(m.second, x.subarray(k * F, (k + 1) * F));
  return p;
}
