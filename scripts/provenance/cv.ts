/**
 * Cross-validates the provenance model by pair on the news_synth development pairs:
 * `node --import tsx scripts/provenance/cv.ts [--folds 5]`. Each fold's model and thresholds are
 * fitted on the other folds only; the figures are the held-out folds', with their spread.
 */
import { predict, fitLogistic } from '../align/logistic.ts';
import { PROVENANCE_FEATURE_COUNT } from '../../engine/provenance/features.ts';
import { examples, loadPairs, type Examples } from './data.ts';
import { addCounts, count, decide, pickThresholds, summary, zero, type Counts } from './decide.ts';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const FOLDS = Number(arg('--folds', '5'));
const L2 = Number(arg('--l2', '1'));

/** Rows and labels of examples, for fitting. */
export function rows(ex: readonly Examples[]): { X: Float64Array[]; y: number[] } {
  const X: Float64Array[] = [];
  const y: number[] = [];
  for (const e of ex) {
    for (let k = 0; k < e.nd * e.ns; k++) {
      X.push(e.x.subarray(k * PROVENANCE_FEATURE_COUNT, (k + 1) * PROVENANCE_FEATURE_COUNT));
      y.push(e.y[k]!);
    }
  }
  return { X, y };
}

export function probabilities(m: { bias: number; weights: number[] }, e: Examples): Float64Array {
  const p = new Float64Array(e.nd * e.ns);
  for (let k = 0; k < p.length; k++) p[k] = predict(m, e.x.subarray(k * PROVENANCE_FEATURE_COUNT, (k + 1) * PROVENANCE_FEATURE_COUNT));
  return p;
}

const t0 = performance.now();
const all = loadPairs().map(examples);
console.log(`${all.length} pairs, features in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
let total: Counts = zero();
const perFold: ReturnType<typeof summary>[] = [];
for (let f = 0; f < FOLDS; f++) {
  const test = all.filter((_, i) => i % FOLDS === f);
  const train = all.filter((_, i) => i % FOLDS !== f);
  const { X, y } = rows(train);
  const model = fitLogistic(X, y, L2);
  // Thresholds from the training folds' own out-of-fold probabilities would be better still; the
  // in-fold ones are close on a model this small.
  const th = pickThresholds(train, train.map((e) => probabilities(model, e)));
  let c = zero();
  for (const e of test) c = addCounts(c, count(e, decide(e, probabilities(model, e), th)));
  total = addCounts(total, c);
  const s = summary(c);
  perFold.push(s);
  console.log(`fold ${f}: thresholds ${JSON.stringify(th)} link F1 ${s.link.f.toFixed(3)} support F1 ${s.support.f.toFixed(3)} unsupported P ${s.unsupported.p.toFixed(3)}`);
}
const s = summary(total);
const spread = (g: (x: ReturnType<typeof summary>) => number) => {
  const v = perFold.map(g);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return `${mean.toFixed(3)} ± ${Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length).toFixed(3)} (${Math.min(...v).toFixed(3)}-${Math.max(...v).toFixed(3)})`;
};
console.log(`pooled out of fold: links P ${s.link.p.toFixed(3)} R ${s.link.r.toFixed(3)} F1 ${s.link.f.toFixed(3)}; support P ${s.support.p.toFixed(3)} R ${s.support.r.toFixed(3)} F1 ${s.support.f.toFixed(3)}; unsupported P ${s.unsupported.p.toFixed(3)} R ${s.unsupported.r.toFixed(3)}`);
console.log(`per fold: link F1 ${spread((x) => x.link.f)}; support F1 ${spread((x) => x.support.f)}; unsupported P ${spread((x) => x.unsupported.p)}`);
