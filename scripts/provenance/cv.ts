/**
 * Cross-validates the provenance model by pair on the news_synth development pairs:
 * `node --import tsx scripts/provenance/cv.ts [--folds 5]`. Each fold's model and thresholds are
 * fitted on the other folds only; the figures are the held-out folds', with their spread.
 */
import { fitLogistic } from '../align/logistic.ts';
import { predictTwoPass, probabilities, rows, trainTwoPass } from './cv-lib.ts';
import { examples, loadPairs } from './data.ts';
import { addCounts, count, decide, pickThresholds, summary, zero, type Counts } from './decide.ts';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const FOLDS = Number(arg('--folds', '5'));
const L2 = Number(arg('--l2', '1'));

const t0 = performance.now();
const all = loadPairs().map(examples);
console.log(`${all.length} pairs, features in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
let total: Counts = zero();
const perFold: ReturnType<typeof summary>[] = [];
for (let f = 0; f < FOLDS; f++) {
  const test = all.filter((_, i) => i % FOLDS === f);
  const train = all.filter((_, i) => i % FOLDS !== f);
  const TWO = process.argv.includes('--two-pass');
  const two = TWO ? trainTwoPass(train, (X, y) => fitLogistic(X, y, L2)) : undefined;
  const one = TWO ? undefined : fitLogistic(rows(train).X, rows(train).y, L2);
  const prob = (e: (typeof all)[number]) => (two ? predictTwoPass(two, e) : probabilities(one!, e));
  // Thresholds from the training folds' own out-of-fold probabilities would be better still; the
  // in-fold ones are close on a model this small.
  const th = pickThresholds(train, train.map(prob));
  let c = zero();
  for (const e of test) c = addCounts(c, count(e, decide(e, prob(e), th)));
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
