/**
 * Trains the provenance model and writes `engine/data/provenance-model.json`:
 * `npm run train:provenance` (reads ../shared/eval/synth/news_synth_dev.json; see data.ts).
 *
 * Weights: L2-regularised logistic regression on every (rewrite sentence, original sentence)
 * pair of the 174 pairs. Thresholds: picked on 5-fold out-of-fold probabilities of the same
 * pairs (each pair scored by a model that never saw it), for the best link F1 + support F1.
 * `npm run cv:provenance` reports how the recipe does on pairs it was not fitted on.
 */
import { writeFileSync } from 'node:fs';
import { fitLogistic } from '../align/logistic.ts';
import { PROVENANCE_FEATURES } from '../../engine/provenance/features.ts';
import { probabilities, rows } from './cv-lib.ts';
import { examples, loadPairs } from './data.ts';
import { pickThresholds } from './decide.ts';

const FOLDS = 5;
const L2 = 1;
const round = (x: number): number => Math.round(x * 1e6) / 1e6;

const all = loadPairs().map(examples);
const { X, y } = rows(all);
const model = fitLogistic(X, y, L2);
const oof: Float64Array[] = new Array(all.length);
for (let f = 0; f < FOLDS; f++) {
  const train = all.filter((_, i) => i % FOLDS !== f);
  const m = fitLogistic(rows(train).X, rows(train).y, L2);
  all.forEach((e, i) => {
    if (i % FOLDS === f) oof[i] = probabilities(m, e);
  });
}
const thresholds = pickThresholds(all, oof);
const out = {
  source: 'ABCD-Link news_synth development pairs (UKPLab, CC BY 4.0): 174 generated rewrites of real news articles with gold sentence links; not in this repository',
  recipe: `npm run train:provenance: logistic regression (L2 ${L2} on standardised features, Newton's method) on all ${X.length} sentence pairs of ${all.length} pairs (${y.filter(Boolean).length} linked); thresholds picked on ${FOLDS}-fold out-of-fold probabilities for the best link F1 + support F1`,
  features: [...PROVENANCE_FEATURES],
  bias: round(model.bias),
  weights: model.weights.map(round),
  thresholds: { link: round(thresholds.link), relative: round(thresholds.relative), support: round(thresholds.support) },
};
const path = new URL('../../engine/data/provenance-model.json', import.meta.url).pathname;
writeFileSync(path, `${JSON.stringify(out, null, 2)}\n`);
console.log(`wrote ${path}: thresholds ${JSON.stringify(out.thresholds)}`);
