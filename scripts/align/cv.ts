/**
 * Leave-one-triplet-out cross-validation of the paragraph-link model, beside plain TF-IDF cosine
 * with a threshold picked on the same training folds. Every figure it prints is out of sample:
 * the model, its decision threshold and the baseline's threshold are all chosen without the
 * held-out triplet.
 *
 *   npm run cv:align -- [--gold DIR] [--options JSON] [--drop feature,...] [--one-pass] [--json]
 *
 * DIR holds BASIL-style `articles/` and `gold/` (default: ../shared/eval/basil).
 */
import { examples, loadTriplets, pairsOf, type Examples } from './data.ts';
import { fitLogistic, predict } from './logistic.ts';
import { tfidfScores } from './tfidf.ts';
import { FEATURE_NAMES } from '../../engine/align/link-features.ts';
import { L2, add, f1, labels, pickThreshold, predictTwoPass, score, trainTwoPass, type Counts } from './train-lib.ts';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const dir = arg('--gold', process.env['PARALLAX_ALIGN_GOLD'] ?? '../shared/eval/basil');
const drop = arg('--drop', '')
  .split(',')
  .filter(Boolean);
const keep = FEATURE_NAMES.map((n, i) => (drop.includes(n) ? -1 : i)).filter((i) => i >= 0);
const twoPass = !process.argv.includes('--one-pass');
const project = (x: Float64Array): number[] => keep.map((i) => x[i]!);

// With --pairs, every triplet becomes its three two-article comparisons (the pair model), and
// folds still leave one whole triplet out.
const pairs = process.argv.includes('--pairs');
const triplets = pairs ? loadTriplets(dir).flatMap(pairsOf) : loadTriplets(dir);
const groupOf = triplets.map((t) => t.id.split('/')[0]!);
const groups = [...new Set(groupOf)];
// Engine options for candidate generation and features (e.g. to measure pruning: '{"alignment":{"exhaustivePairs":0}}').
const engineOptions: unknown = JSON.parse(arg('--options', '{}'));
const ex: Examples[] = triplets.map((t) => examples(t, engineOptions));
const ys = triplets.map((t, i) => labels(t, ex[i]!));

// Candidate recall: gold links that candidate generation keeps.
let goldLinks = 0;
let kept = 0;
let scoredKept = 0;
triplets.forEach((t, i) => {
  const keys = new Set(ex[i]!.candidates);
  const scored = new Set(ex[i]!.keys);
  for (const g of t.gold) for (const k of g.links) (goldLinks++, keys.has(k) && kept++, scored.has(k) && scoredKept++);
});

const tfidf = triplets.map((t) => tfidfScores(t.request.articles.map((a) => ({ id: String(a.id), paragraphs: a.paragraphs! }))));
const tfidfLinks = (i: number, th: number): Set<string> => new Set([...tfidf[i]!].filter(([, s]) => s >= th).map(([k]) => k));

const folds: Array<{ triplet: string; model: Counts; tfidf: Counts; threshold: number; tfidfThreshold: number }> = [];
for (const group of groups) {
  const train = triplets.map((_, i) => i).filter((i) => groupOf[i] !== group);
  const test = triplets.map((_, i) => i).filter((i) => groupOf[i] === group);
  const X = twoPass ? [] : train.flatMap((i) => ex[i]!.x.map(project));
  const Y = twoPass ? [] : train.flatMap((i) => ys[i]!);
  let probsOf: (i: number) => number[];
  if (twoPass) {
    const model = trainTwoPass(train.map((i) => ex[i]!), train.map((i) => ys[i]!), project, train.map((i) => groupOf[i]!));
    const cache = new Map<number, number[]>();
    probsOf = (i) => cache.get(i) ?? (cache.set(i, predictTwoPass(model, ex[i]!, project)), cache.get(i)!);
    // The decision threshold is picked on out-of-fold second-pass probabilities of the training triplets.
    const oof = model.outOfFold;
    train.forEach((i, n) => cache.set(i, oof[n]!));
  } else {
    const m = fitLogistic(X, Y, L2);
    const cache = new Map<number, number[]>();
    probsOf = (i) => cache.get(i) ?? (cache.set(i, ex[i]!.x.map((x) => predict(m, project(x)))), cache.get(i)!);
  }
  const threshold = pickThreshold(
    (th) => train.reduce((c, i) => add(c, score(triplets[i]!, new Set(ex[i]!.keys.filter((_, k) => probsOf(i)[k]! >= th)))), { tp: 0, fp: 0, fn: 0 }),
    f1,
  );
  const tfidfThreshold = pickThreshold((th) => train.reduce((c, i) => add(c, score(triplets[i]!, tfidfLinks(i, th))), { tp: 0, fp: 0, fn: 0 }), f1);
  const model = test.reduce((c, i) => add(c, score(triplets[i]!, new Set(ex[i]!.keys.filter((_, k) => probsOf(i)[k]! >= threshold)))), { tp: 0, fp: 0, fn: 0 });
  const base = test.reduce((c, i) => add(c, score(triplets[i]!, tfidfLinks(i, tfidfThreshold))), { tp: 0, fp: 0, fn: 0 });
  folds.push({ triplet: group, model, tfidf: base, threshold, tfidfThreshold });
}

const pooled = (k: 'model' | 'tfidf'): ReturnType<typeof f1> => f1(folds.reduce((c, x) => add(c, x[k]), { tp: 0, fp: 0, fn: 0 }));
const perFold = (k: 'model' | 'tfidf'): number[] => folds.map((x) => f1(x[k]).f);
const meanSd = (xs: number[]): { mean: number; sd: number } => {
  const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
  return { mean, sd: Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, xs.length - 1)) };
};
const diffs = folds.map((x) => f1(x.model).f - f1(x.tfidf).f);
const report = {
  mode: pairs ? 'two-article comparisons (three per triplet)' : 'triplets',
  triplets: groups.length,
  goldFiles: loadTriplets(dir).reduce((n, t) => n + t.gold.length, 0),
  candidates: ex.reduce((n, e) => n + e.candidates.length, 0),
  candidateRecall: kept / goldLinks,
  scored: ex.reduce((n, e) => n + e.links.length, 0),
  scoredRecall: scoredKept / goldLinks,
  model: { pooled: pooled('model'), perFold: meanSd(perFold('model')) },
  tfidf: { pooled: pooled('tfidf'), perFold: meanSd(perFold('tfidf')) },
  difference: { ...meanSd(diffs), foldsBetter: diffs.filter((d) => d > 0).length, foldsWorse: diffs.filter((d) => d < 0).length },
  folds: folds.map((x) => ({ triplet: x.triplet, model: f1(x.model), tfidf: f1(x.tfidf), threshold: x.threshold, tfidfThreshold: x.tfidfThreshold })),
  dropped: drop,
};
if (process.argv.includes('--json')) console.log(JSON.stringify(report, null, 1));
else {
  const r3 = (v: number): string => v.toFixed(3);
  console.log(
    `${report.triplets} triplets, ${report.goldFiles} gold files; candidates ${report.candidates}, candidate recall ${r3(report.candidateRecall)}; scored ${report.scored} (above the floor), recall ${r3(report.scoredRecall)}`,
  );
  for (const x of report.folds) console.log(`  ${x.triplet.slice(0, 8)}  model F1 ${r3(x.model.f)} (P ${r3(x.model.p)} R ${r3(x.model.r)}, t ${x.threshold.toFixed(2)})  tfidf F1 ${r3(x.tfidf.f)} (t ${x.tfidfThreshold.toFixed(2)})`);
  const line = (name: string, v: typeof report.model): string =>
    `${name}: pooled P ${r3(v.pooled.p)} R ${r3(v.pooled.r)} F1 ${r3(v.pooled.f)}; per-fold F1 mean ${r3(v.perFold.mean)} sd ${r3(v.perFold.sd)}`;
  console.log(line('model', report.model));
  console.log(line('tfidf', report.tfidf));
  console.log(`model - tfidf per fold: mean ${r3(report.difference.mean)} sd ${r3(report.difference.sd)}; better in ${report.difference.foldsBetter}, worse in ${report.difference.foldsWorse}`);
}
