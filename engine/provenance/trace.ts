/**
 * Provenance: a derived article (a rewrite, an aggregation, a summary) traced to the other articles
 * of the comparison, sentence by sentence. Every (derived sentence, source sentence) pair gets the
 * provenance model's probability; a derived sentence's sources are the pairs above the link
 * threshold and near its best; a sentence with none above it is still "partial" when its best pair
 * reaches the support threshold, and otherwise no source supports it.
 */
import { logisticProbability } from '../align/link-model.ts';
import type { TermIndex, TermVector } from '../align/features.ts';
import { InputError } from '../errors.ts';
import type { PreparedArticle } from '../input/article.ts';
import type { Options, Provenance, ProvenanceSentence, Quote, Support } from '../types.ts';
import { PROVENANCE_FEATURE_COUNT, provenanceFeatures, sentenceTerms } from './features.ts';
import { checkProvenanceModel, PROVENANCE_MODEL } from './model.ts';
import { findingKeys } from '../framing/key.ts';
import type { ChangeRule, DraftChange, TraceContext } from './rules/context.ts';
import { evaluativeAdded } from './rules/evaluative.ts';
import { figureChanged } from './rules/figures.ts';
import { modalityChanged } from './rules/modality.ts';
import { quoteChanged } from './rules/quotes.ts';

/** The rules that say what a rewrite changed against its source, in order. */
const CHANGE_RULES: readonly ChangeRule[] = [figureChanged, quoteChanged, modalityChanged, evaluativeAdded];

/** Decision thresholds (see `DEFAULT_OPTIONS.provenance`). */
export interface SourceThresholds {
  link: number;
  relative: number;
  support: number;
}

/** A chosen source sentence: which source, which sentence, its probability. */
export interface Chosen {
  source: number;
  sentence: number;
  p: number;
}

/**
 * The sources of each derived sentence from the pair probabilities (`probs[source]`, row-major
 * `[derived sentence][source sentence]`), best first. The one decision rule, shared with the
 * training scripts so that what is tuned is what runs.
 */
export function chooseSources(probs: readonly ArrayLike<number>[], nd: number, sizes: readonly number[], th: SourceThresholds): Chosen[][] {
  const out: Chosen[][] = [];
  for (let d = 0; d < nd; d++) {
    let best: Chosen | null = null;
    probs.forEach((p, si) => {
      const ns = sizes[si]!;
      for (let s = 0; s < ns; s++) {
        const v = p[d * ns + s]!;
        if (!best || v > best.p) best = { source: si, sentence: s, p: v };
      }
    });
    const top = (best as Chosen | null)?.p ?? 0;
    const chosen: Chosen[] = [];
    probs.forEach((p, si) => {
      const ns = sizes[si]!;
      for (let s = 0; s < ns; s++) {
        const v = p[d * ns + s]!;
        if (v >= th.link && v >= th.relative * top) chosen.push({ source: si, sentence: s, p: v });
      }
    });
    if (chosen.length === 0 && best && top >= th.support) chosen.push(best);
    chosen.sort((a, b) => b.p - a.p || a.source - b.source || a.sentence - b.sentence);
    out.push(chosen);
  }
  return out;
}

const round = (x: number): number => Math.round(x * 1e4) / 1e4;

/**
 * Traces the article `options.provenance.derived` to the others.
 * @throws InputError when the id names no article, or the pairs exceed `maxSentencePairs`.
 */
export function traceProvenance(articles: readonly PreparedArticle[], index: TermIndex, vectors: readonly TermVector[][], options: Options, quotes: readonly Quote[] = []): Provenance {
  checkProvenanceModel();
  const { derived: derivedId, linkThreshold, relativeThreshold, supportThreshold, verbatimShare, maxSentencePairs } = options.provenance;
  const di = articles.findIndex((a) => a.article.id === derivedId);
  if (di < 0) {
    throw new InputError('invalid-options', `options.provenance.derived names no article of the request: "${derivedId}" (ids: ${articles.map((a) => a.article.id).join(', ')})`, { field: 'options.provenance.derived' });
  }
  const derived = articles[di]!;
  const sourceIdx = articles.map((_, i) => i).filter((i) => i !== di);
  const nd = derived.article.sentences.length;
  const sizes = sourceIdx.map((i) => articles[i]!.article.sentences.length);
  const pairs = nd * sizes.reduce((a, b) => a + b, 0);
  if (pairs > maxSentencePairs) {
    throw new InputError('provenance-too-large', `tracing ${nd} sentences against ${pairs / Math.max(1, nd)} source sentences makes ${pairs} sentence pairs; the limit is ${maxSentencePairs}`, {
      field: 'options.provenance.maxSentencePairs',
      limit: maxSentencePairs,
      actual: pairs,
    });
  }
  const termsOf = (ai: number) => articles[ai]!.article.sentences.map((_, si) => sentenceTerms(vectors[ai]![si]!, index));
  const dTerms = termsOf(di);
  const features = provenanceFeatures(dTerms, sourceIdx.map(termsOf), index);
  const F = PROVENANCE_FEATURE_COUNT;
  const probs = features.map((x) => {
    const p = new Float64Array(x.length / F);
    for (let k = 0; k < p.length; k++) p[k] = logisticProbability(PROVENANCE_MODEL, x.subarray(k * F, (k + 1) * F));
    return p;
  });
  const chosen = chooseSources(probs, nd, sizes, { link: linkThreshold, relative: relativeThreshold, support: supportThreshold });

  const sentences: ProvenanceSentence[] = derived.article.sentences.map((s, d) => {
    const list = chosen[d]!;
    let support: Support = 'none';
    if (list.length > 0) {
      const top = list[0]!;
      const x = features[top.source]!;
      const at = (d * sizes[top.source]! + top.sentence) * F;
      // containDerived and containSource: the same weighted terms both ways.
      support = x[at + 2]! >= verbatimShare && x[at + 3]! >= verbatimShare ? 'verbatim' : top.p >= linkThreshold ? 'paraphrase' : 'partial';
    }
    return {
      start: s.start,
      end: s.end,
      sentence: d,
      support,
      sources: list.map((c) => {
        const a = articles[sourceIdx[c.source]!]!.article;
        const src = a.sentences[c.sentence]!;
        return { article: a.id, start: src.start, end: src.end, score: round(c.p) };
      }),
    };
  });

  // What each supported sentence changed against its best source, as findings numbered in sentence order.
  const drafts: Array<{ sentence: number; change: DraftChange }> = [];
  const quotesByArticle = new Map<string, Quote[]>();
  for (const q of quotes) {
    const list = quotesByArticle.get(q.article);
    if (list) list.push(q);
    else quotesByArticle.set(q.article, [q]);
  }
  const trace: TraceContext = { sources: sourceIdx.map((i) => articles[i]!), quotes: quotesByArticle, options };
  sentences.forEach((s, d) => {
    const top = chosen[d]![0];
    if (!top || s.support === 'none') return;
    const pair = { derived, sentence: d, source: articles[sourceIdx[top.source]!]!, sourceSentence: top.sentence, score: top.p, trace };
    for (const rule of CHANGE_RULES) for (const change of rule(pair)) drafts.push({ sentence: d, change });
  });
  const byId = new Map(articles.map((a) => [a.article.id, a.article]));
  const keys = findingKeys(drafts.map((x) => x.change), (id) => byId.get(id)?.text ?? '');
  const counters = new Map<string, number>();
  drafts.forEach(({ sentence, change }, i) => {
    const n = (counters.get(change.ruleId) ?? 0) + 1;
    counters.set(change.ruleId, n);
    (sentences[sentence]!.changes ??= []).push({ id: `${change.ruleId}#${n}`, key: keys[i]!, ...change });
  });

  const supported = sentences.filter((s) => s.support !== 'none');
  const perSource = sourceIdx.map((ai) => {
    const id = articles[ai]!.article.id;
    const n = supported.filter((s) => s.sources.some((x) => x.article === id)).length;
    return { article: id, sentences: n, share: nd > 0 ? round(n / nd) : 0 };
  });
  const paragraphs = derived.article.paragraphs.map((_, p) => {
    const inP = supported.filter((s) => derived.article.sentences[s.sentence]!.paragraph === p);
    const votes = new Map<string, number>();
    for (const s of inP) votes.set(s.sources[0]!.article, (votes.get(s.sources[0]!.article) ?? 0) + 1);
    let source: string | null = null;
    let most = 0;
    for (const ai of sourceIdx) {
      const id = articles[ai]!.article.id;
      const v = votes.get(id) ?? 0;
      if (v > most) (most = v), (source = id);
    }
    const total = derived.article.paragraphs[p]!.sentenceCount;
    return { paragraph: p, source, share: total > 0 ? round(most / total) : 0 };
  });
  return {
    derived: derived.article.id,
    sentences,
    summary: {
      sentences: nd,
      supported: supported.length,
      unsupported: sentences.filter((s) => s.support === 'none').map((s) => s.sentence),
      sources: perSource,
      paragraphs,
    },
  };
}
