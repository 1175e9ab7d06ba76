/**
 * Fits the paragraph-link model on a gold folder and writes `engine/data/link-model.json`.
 *
 *   npm run train:align -- [--gold DIR] [--out FILE]
 *
 * DIR holds BASIL-style `articles/` and `gold/` (default: ../shared/eval/basil). The weights
 * that ship are fitted on all of it; the figures to quote come from `npm run cv:align`.
 * Deterministic: the same gold gives the same file, byte for byte.
 */
import { writeFileSync } from 'node:fs';
import { FEATURE_NAMES, SECOND_PASS_NAMES } from '../../engine/align/link-features.ts';
import { examples, loadTriplets, pairsOf } from './data.ts';
import { INNER_FOLDS, L2, countsAt, f1, labels, pickThreshold, trainTwoPass } from './train-lib.ts';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const dir = arg('--gold', process.env['PARALLAX_ALIGN_GOLD'] ?? '../shared/eval/basil');
const out = arg('--out', 'engine/data/link-model.json');

const triplets = loadTriplets(dir);
const ex = triplets.map((t) => examples(t));
const ys = triplets.map((t, i) => labels(t, ex[i]!));
const m = trainTwoPass(ex, ys);
// Two-article comparisons get their own model, trained on the triplets' three pairs each: with
// two articles IDF, ranks and the third-article features behave differently.
const pairs = triplets.flatMap(pairsOf);
const pairEx = pairs.map((t) => examples(t));
const pairYs = pairs.map((t, i) => labels(t, pairEx[i]!));
const mp = trainTwoPass(pairEx, pairYs, undefined, pairs.map((t) => t.id.split('/')[0]!));

const threshold = pickThreshold((th) => countsAt(triplets, ex, m.outOfFold, th), f1);
const pairThreshold = pickThreshold((th) => countsAt(pairs, pairEx, mp.outOfFold, th), f1);
// The pair model's second-pass bias is shifted so that one threshold serves both: its best threshold maps
// onto the triplet model's, and `alignment.linkThreshold` means the same for any comparison.
const logit = (p: number): number => Math.log(p / (1 - p));
const shift = logit(threshold) - logit(pairThreshold);

const r = (x: number): number => Number(x.toPrecision(6));
const model = {
  recipe: {
    command: 'npm run train:align -- --gold ../shared/eval/basil',
    data: `${triplets.length} BASIL triplets (Fox, NYT, HuffPost), ${triplets.reduce((n, t) => n + t.gold.length, 0)} gold files of paragraph links; ${ex.reduce((n, e) => n + e.keys.length, 0)} scored candidate pairs; the pair model on their ${pairs.length} two-article comparisons (${pairEx.reduce((n, e) => n + e.keys.length, 0)} candidates)`,
    labels: 'share of the gold files of a triplet that link the pair (soft labels where two annotators differ)',
    method: `logistic regression, L2 ${L2} on standardised weights, Newton's method; second pass fitted on first-pass probabilities from ${INNER_FOLDS} inner folds by triplet; thresholds maximise F1 on out-of-fold second-pass probabilities`,
  },
  features: [...FEATURE_NAMES],
  secondPassFeatures: [...SECOND_PASS_NAMES],
  first: { bias: r(m.first.bias), weights: m.first.weights.map(r) },
  second: { bias: r(m.second.bias), weights: m.second.weights.map(r) },
  pairFirst: { bias: r(mp.first.bias), weights: mp.first.weights.map(r) },
  pairSecond: { bias: r(mp.second.bias + shift), weights: mp.second.weights.map(r) },
  threshold: r(threshold),
  standardized: {
    first: Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, r(m.first.standardized.weights[i]!)])),
    second: Object.fromEntries(SECOND_PASS_NAMES.map((n, i) => [n, r(m.second.standardized.weights[i]!)])),
    pairFirst: Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, r(mp.first.standardized.weights[i]!)])),
    pairSecond: Object.fromEntries(SECOND_PASS_NAMES.map((n, i) => [n, r(mp.second.standardized.weights[i]!)])),
  },
};
writeFileSync(out, JSON.stringify(model, null, 2) + '\n');
console.log(`wrote ${out}: threshold ${threshold.toFixed(2)} (pair model ${pairThreshold.toFixed(2)}, bias shifted by ${shift.toFixed(3)})`);
