import model from '../data/link-model.json' with { type: 'json' };
import { type CandidateGraph, FEATURE_NAMES, SECOND_PASS_NAMES, secondPassFeatures } from './link-features.ts';
import type { ScoredLink } from './paragraphs.ts';

/** Weights of one logistic model: probability = sigmoid(bias + sum(weights[i] * x[i])). */
export interface LogisticWeights {
  bias: number;
  weights: number[];
}

/**
 * The learned paragraph-link model (`engine/data/link-model.json`, written by
 * `npm run train:align`; its `recipe` says how). Two passes of logistic regression: the first
 * scores each candidate pair from its own features, the second re-scores it from the first
 * pass's probabilities around it. Comparisons of two articles use their own two passes, trained
 * on two-article comparisons (IDF, ranks and third-article support behave otherwise there); the
 * second's bias is shifted so that one threshold serves both.
 */
export interface LinkModel {
  features: string[];
  secondPassFeatures: string[];
  first: LogisticWeights;
  second: LogisticWeights;
  pairFirst: LogisticWeights;
  pairSecond: LogisticWeights;
  /** Decision threshold on the second pass's probability, picked out of fold on the training data. */
  threshold: number;
}

const MODEL = model as unknown as LinkModel;

/**
 * A model trained on other features would score silently wrong: it is refused on first use
 * (not at load, so that the training script can import the engine to replace it).
 */
function checkModel(m: LinkModel): void {
  if (m.features.join() !== FEATURE_NAMES.join() || m.secondPassFeatures.join() !== SECOND_PASS_NAMES.join()) {
    throw new Error('engine/data/link-model.json does not match the engine features: run npm run train:align');
  }
}

/** The shipped link model. */
export const LINK_MODEL: Readonly<LinkModel> = MODEL;

/** Logistic function, guarded against overflow. */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Probability a logistic model gives one feature row. */
export function logisticProbability(w: LogisticWeights, x: ArrayLike<number>): number {
  let z = w.bias;
  for (let i = 0; i < x.length; i++) z += w.weights[i]! * x[i]!;
  return sigmoid(z);
}

/**
 * Link probabilities of candidate pairs (same order as `links`) from their first-pass feature
 * rows `x`, given the paragraph count of each article compared (two articles select the pair model)
 * and, optionally, the links' candidate graph.
 */
export function linkProbabilities(links: ScoredLink[], x: Float64Array[], paragraphCounts: number[], m: LinkModel = MODEL, graph?: CandidateGraph): Float64Array {
  checkModel(m);
  const [first, second] = paragraphCounts.length > 2 ? [m.first, m.second] : [m.pairFirst, m.pairSecond];
  const p1 = x.map((row) => logisticProbability(first, row));
  return Float64Array.from(secondPassFeatures(links, p1, paragraphCounts, graph), (row) => logisticProbability(second, row));
}
