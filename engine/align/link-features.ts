import wordnet from '../data/wordnet-concepts.json' with { type: 'json' };
import type { PreparedArticle } from '../input/article.ts';
import type { Options } from '../types.ts';
import { termVector, type TermIndex, type TermVector } from './features.ts';
import type { Passage, ScoredLink } from './paragraphs.ts';

/**
 * The features of a candidate paragraph pair that the link model weighs, in the order of the
 * weights in `engine/data/link-model.json`. Each says something different about whether two
 * paragraphs report the same fact: how much weighted vocabulary they share (and of which kind),
 * whether one sentence of each matches closely (a partial link: one clause of a long paragraph),
 * where they sit in their articles, and how the pair ranks among each paragraph's other
 * candidates (a paragraph's best partner is likelier its counterpart than a near-tie elsewhere).
 */
export const FEATURE_NAMES = [
  'cosine', // weighted-term cosine of the two paragraphs
  'sqrtCosine', // its square root: lifts the low cosines of paraphrase
  'wordShare', // part of the cosine carried by ordinary words
  'entityShare', // ... by names
  'numberShare', // ... by figures
  'phraseShare', // ... by two-word phrases
  'bestSentence', // best cosine of a sentence of one against a sentence of the other (*)
  'containment', // IDF mass of shared terms over the smaller paragraph's IDF mass
  'sharedEntities', // log(1 + names in common)
  'sharedNumbers', // log(1 + figures in common)
  'quote', // similarity of their closest quotes (0 when one quotes nobody)
  'positionGap', // |relative position in article a - relative position in article b|
  'bothLead', // 1 when both are among the first two paragraphs
  'lengthRatio', // |log(words a / words b)|
  'minLength', // log(1 + words of the shorter)
  'rankA', // 1 / rank of b among a's candidates in b's article (by cosine)
  'rankB', // 1 / rank of a among b's candidates in a's article
  'relativeA', // cosine / best cosine of a towards b's article
  'relativeB', // cosine / best cosine of b towards a's article
  'neighbours', // best cosine of the candidate pairs before and after: (p-1, q-1), (p+1, q+1)
  'sentenceToParagraph', // best cosine of a sentence of either against the whole other paragraph (*)
  'softOverlap', // IDF mass of words matched only by a shared five-letter stem prefix, over the smaller mass (*)
  'sharpCosine', // cosine with IDF log((N + 1) / df): terms found everywhere weigh almost nothing
  'sharedTerms', // log(1 + single terms in common)
  'rareShared', // log(1 + terms in common found in at most one paragraph per article)
  'topTerm', // the largest single-term contribution to the cosine
  'thirdCosine', // per other article, best min(cosine(a, c), cosine(b, c)) over its paragraphs c; averaged
  'leadCosine', // cosine when both are among the first two paragraphs, else 0
  'gapCosine', // cosine times positionGap
  'plainCosine', // cosine of single terms without IDF: shared topic as well as shared facts
  'laterPosition', // relative position of the later of the two in its article (0 = top, 1 = end)
  'articleSizes', // log of the product of the two articles' paragraph counts: long articles link a smaller share of pairs
  'synonyms', // IDF mass of words matched only through a WordNet concept (synonym or derived form), over the smaller mass (*)
] as const;
// (*) Pairs with a cosine under DETAIL_COSINE skip these costly features: the sentence ones stand
// at the cosine, the soft ones at 0.

/** Number of features. */
export const FEATURE_COUNT = FEATURE_NAMES.length;

/** Sentence vectors of one article, by sentence index. */
export type SentenceVectors = TermVector[];

/** Builds the term vector of every sentence of every article (used by `bestSentence`). */
export function sentenceVectors(articles: PreparedArticle[], index: TermIndex, options: Options): SentenceVectors[] {
  return articles.map((a, ai) => a.sentenceTokens.map(([from, to]) => termVector(ai, from, to, index, options)));
}

/**
 * Sentence pairs of a paragraph pair compared for `bestSentence`; beyond this the paragraph
 * cosine stands in (a cost bound for paragraphs of hundreds of sentences).
 */
const MAX_SENTENCE_PAIRS = 64;

/**
 * The terms of a paragraph's sentences, sorted by term then sentence: one merge of two
 * paragraphs' entries yields every sentence-pair dot product at once, where comparing each
 * sentence pair separately would walk the same terms again and again.
 */
interface SentenceEntries {
  terms: Int32Array;
  /** Sentence, counted from the paragraph's first. */
  sentence: Int32Array;
  weight: Float64Array;
}

function sentenceEntries(vectors: TermVector[], first: number, count: number): SentenceEntries {
  // Only the first MAX_SENTENCE_PAIRS sentences are ever compared.
  const used = Math.min(count, MAX_SENTENCE_PAIRS);
  let size = 0;
  let longest = 0;
  for (let s = 0; s < used; s++) (size += vectors[first + s]!.ids.length), (longest = Math.max(longest, vectors[first + s]!.ids.length));
  const span = longest + 1;
  // One numeric key per entry (term, sentence, position in the sentence's vector), sorted by
  // the typed array's own numeric sort: no comparator, no tuples.
  const keys = new Float64Array(size);
  let at = 0;
  for (let s = 0; s < used; s++) {
    const ids = vectors[first + s]!.ids;
    for (let i = 0; i < ids.length; i++) keys[at++] = (ids[i]! * MAX_SENTENCE_PAIRS + s) * span + i;
  }
  keys.sort();
  const terms = new Int32Array(size);
  const sentence = new Int32Array(size);
  const weight = new Float64Array(size);
  for (let e = 0; e < size; e++) {
    const k = keys[e]!;
    const i = k % span;
    const rest = (k - i) / span;
    const s = rest % MAX_SENTENCE_PAIRS;
    terms[e] = (rest - s) / MAX_SENTENCE_PAIRS;
    sentence[e] = s;
    weight[e] = vectors[first + s]!.weights[i]!;
  }
  return { terms, sentence, weight };
}

/** Best cosine of a sentence of `a` against a sentence of `b` (`nb` sentences); `dot` is scratch. */
function bestSentencePair(a: SentenceEntries, b: SentenceEntries, nb: number, dot: Float64Array): number {
  dot.fill(0);
  let i = 0;
  let j = 0;
  while (i < a.terms.length && j < b.terms.length) {
    const x = a.terms[i]!;
    const y = b.terms[j]!;
    if (x < y) i++;
    else if (x > y) j++;
    else {
      let j1 = j;
      while (j1 < b.terms.length && b.terms[j1] === x) j1++;
      for (; i < a.terms.length && a.terms[i] === x; i++) {
        const row = a.sentence[i]! * nb;
        const w = a.weight[i]!;
        for (let k = j; k < j1; k++) dot[row + b.sentence[k]!]! += w * b.weight[k]!;
      }
      j = j1;
    }
  }
  let best = 0;
  for (const d of dot) if (d > best) best = d;
  return best;
}

/**
 * Best cosine of one of the first MAX_SENTENCE_PAIRS sentences of `a` against the other
 * paragraph's vector, given as its terms tagged `tag` in `exact` with their weights in
 * `weightOf`; `acc` is scratch.
 */
function bestSentenceAgainst(a: SentenceEntries, exact: Int32Array, weightOf: Float64Array, tag: number, count: number, acc: Float64Array): number {
  acc.fill(0);
  for (let i = 0; i < a.terms.length; i++) {
    const x = a.terms[i]!;
    if (exact[x] === tag) acc[a.sentence[i]!]! += a.weight[i]! * weightOf[x]!;
  }
  let best = 0;
  for (let s = 0; s < Math.min(count, MAX_SENTENCE_PAIRS); s++) if (acc[s]! > best) best = acc[s]!;
  return best;
}

/** Kind codes per term id, for the merge loop: 0 word, 1 name, 2 figure, 3 phrase. */
function kindCodes(index: TermIndex): Int8Array {
  const kinds = index.vocab.kinds;
  const out = new Int8Array(kinds.length);
  for (let id = 0; id < kinds.length; id++) {
    const k = kinds[id];
    out[id] = k === 'word' ? 0 : k === 'entity' ? 1 : k === 'number' ? 2 : 3;
  }
  return out;
}

/** IDF mass of a vector's single terms (phrases left out: they double-count their words). */
function idfMass(v: TermVector, index: TermIndex, kinds: Int8Array): number {
  let m = 0;
  for (let i = 0; i < v.ids.length; i++) {
    const id = v.ids[i]!;
    if (kinds[id] !== 3) m += index.vocab.idf[id]!;
  }
  return m;
}

/** Slots of `overlap`'s output. */
const O = { word: 0, entity: 1, number: 2, phrase: 3, mass: 4, entities: 5, numbers: 6, count: 7, rare: 8, top: 9, sharp: 10, plain: 11 } as const;

/**
 * One merge of two paragraph vectors (and of their re-weighted variants, which share their ids)
 * for every feature of their shared terms: the cosine split by kind, the IDF mass and counts of
 * shared single terms, the largest single contribution, and the sharp-IDF and plain cosines.
 * Also tags the terms of `b` in `exact`, with their weights in `weightOf`, for the sentence and
 * soft features. Writes into `out` (see `O`).
 */
function overlap(a: number, b: number, v: Variants, index: TermIndex, kinds: Int8Array, rare: number, exact: Int32Array, weightOf: Float64Array, tag: number, out: Float64Array): void {
  out.fill(0);
  const va = v.base[a]!;
  const vb = v.base[b]!;
  const sa = v.sharp[a]!.weights;
  const sb = v.sharp[b]!.weights;
  const pa = v.plain[a]!.weights;
  const pb = v.plain[b]!.weights;
  const idf = index.vocab.idf;
  const df = index.vocab.df;
  for (let j = 0; j < vb.ids.length; j++) (exact[vb.ids[j]!] = tag), (weightOf[vb.ids[j]!] = vb.weights[j]!);
  let i = 0;
  let j = 0;
  while (i < va.ids.length && j < vb.ids.length) {
    const x = va.ids[i]!;
    const y = vb.ids[j]!;
    if (x < y) i++;
    else if (x > y) j++;
    else {
      const k = kinds[x]!;
      const c = va.weights[i]! * vb.weights[j]!;
      out[k]! += c;
      if (c > out[O.top]!) out[O.top] = c;
      out[O.sharp]! += sa[i]! * sb[j]!;
      out[O.plain]! += pa[i]! * pb[j]!;
      if (k !== 3) {
        out[O.mass]! += idf[x]!;
        out[O.count]!++;
        if (df[x]! <= rare) out[O.rare]!++;
        if (k === 1) out[O.entities]!++;
        else if (k === 2) out[O.numbers]!++;
      }
      i++;
      j++;
    }
  }
}

/** A comparison's paragraph vectors, flat by slot, with their re-weighted variants. */
interface Variants {
  base: TermVector[];
  sharp: TermVector[];
  plain: TermVector[];
}

/** Letters of a word stem that two related words must share to count as a soft match. */
const SOFT_PREFIX = 5;

/** Per term id: its stem prefix for soft matching, or -1 (not a word, or too short). */
function prefixTable(index: TermIndex): Int32Array {
  const ids = new Map<string, number>();
  const { terms, kinds } = index.vocab;
  const out = new Int32Array(terms.length).fill(-1);
  for (let id = 0; id < terms.length; id++) {
    const t = terms[id]!;
    if (kinds[id] !== 'word' || t.length < SOFT_PREFIX + 1) continue;
    const p = t.slice(0, SOFT_PREFIX);
    let v = ids.get(p);
    if (v === undefined) ids.set(p, (v = ids.size));
    out[id] = v;
  }
  return out;
}

/** WordNet concepts per word stem (`engine/data/wordnet-concepts.json`, its `recipe` says how it was built). */
const CONCEPTS: ReadonlyMap<string, number[]> = new Map(Object.entries(wordnet.stems as Record<string, number[]>));

/** Per term id: its WordNet concepts (words only), or undefined. */
function conceptTable(index: TermIndex): Array<number[] | undefined> {
  return index.vocab.terms.map((t, id) => (index.vocab.kinds[id] === 'word' ? CONCEPTS.get(t) : undefined));
}

/**
 * What a passage offers to soft matching, as sorted arrays: per key (a stem prefix, a WordNet
 * concept) the terms that carry it, and the distinct keys. Merging two passages' arrays finds
 * soft matches in time linear in their sizes, with no allocation per candidate pair.
 */
interface SoftKeys {
  /** Keys and their terms, sorted by key then term: `pairs[2i]` key, `pairs[2i + 1]` term. */
  prefixPairs: Int32Array;
  conceptPairs: Int32Array;
  /** Distinct keys, sorted. */
  prefixes: Int32Array;
  concepts: Int32Array;
}

function keyPairs(v: TermVector, keysOf: (id: number) => ArrayLike<number>): { pairs: Int32Array; keys: Int32Array } {
  // One number per (key, term), sorted by the typed array's numeric sort: no tuples, no comparator.
  let span = 1;
  for (let i = 0; i < v.ids.length; i++) span = Math.max(span, v.ids[i]! + 1);
  const packed: number[] = [];
  for (let i = 0; i < v.ids.length; i++) {
    const id = v.ids[i]!;
    const ks = keysOf(id);
    for (let j = 0; j < ks.length; j++) packed.push(ks[j]! * span + id);
  }
  const sorted = Float64Array.from(packed).sort();
  const pairs = new Int32Array(2 * sorted.length);
  const keys: number[] = [];
  sorted.forEach((x, i) => {
    const id = x % span;
    const k = (x - id) / span;
    pairs[2 * i] = k;
    pairs[2 * i + 1] = id;
    if (keys[keys.length - 1] !== k) keys.push(k);
  });
  return { pairs, keys: Int32Array.from(keys) };
}

const NONE: number[] = [];

function softKeys(v: TermVector, prefixes: Int32Array, concepts: Array<number[] | undefined>): SoftKeys {
  const p = keyPairs(v, (id) => (prefixes[id]! >= 0 ? [prefixes[id]!] : NONE));
  const c = keyPairs(v, (id) => concepts[id] ?? NONE);
  return { prefixPairs: p.pairs, prefixes: p.keys, conceptPairs: c.pairs, concepts: c.keys };
}

/**
 * IDF mass of the terms in `pairs` (key, term) whose key is in `keys`, each term counted once,
 * leaving out the terms that the other passage has exactly (`exact[term] === tag`).
 */
function keyedMass(pairs: Int32Array, keys: Int32Array, exact: Int32Array, counted: Int32Array, tag: number, countTag: number, index: TermIndex): number {
  let m = 0;
  let j = 0;
  for (let i = 0; i < pairs.length; i += 2) {
    const k = pairs[i]!;
    while (j < keys.length && keys[j]! < k) j++;
    if (j >= keys.length) break;
    if (keys[j] !== k) continue;
    const id = pairs[i + 1]!;
    if (exact[id] === tag || counted[id] === countTag) continue;
    counted[id] = countTag;
    m += index.vocab.idf[id]!;
  }
  return m;
}

/**
 * IDF mass of the words of `a` that `b` does not share exactly but meets softly: `prefix` counts
 * a shared stem prefix ("invasion" / "invaded", "negotiators" / "negotiations": related forms
 * the stemmer keeps apart), `concept` a shared WordNet concept (synonyms, derived forms).
 * `exact` marks the terms of `b` with `tag` (fresh for each call); `counted` is scratch over term ids.
 */
function softMass(aKeys: SoftKeys, bKeys: SoftKeys, index: TermIndex, exact: Int32Array, counted: Int32Array, tag: number): { prefix: number; concept: number } {
  const prefix = keyedMass(aKeys.prefixPairs, bKeys.prefixes, exact, counted, tag, tag, index);
  // Counted afresh for concepts: a term may match by prefix and by concept.
  const concept = keyedMass(aKeys.conceptPairs, bKeys.concepts, exact, counted, tag, -tag, index);
  return { prefix, concept };
}

/**
 * Cosine under which a candidate pair is not scored at all (its link probability is 0) unless
 * the two paragraphs share a quote: pairs that share nothing but a word or two of the event's
 * vocabulary. A third of the candidates of a small comparison lie below it; 0.4% of the
 * development gold links do (candidate recall 98.8% instead of 99.2%).
 */
export const SCORING_FLOOR = 0.003;

/**
 * Cosine under which a scored pair gets no sentence or soft-match features (they stand at the
 * cosine, or 0): they cost more than all the others together, and pairs that share this little
 * are rarely links.
 */
const DETAIL_COSINE = 0.05;

/** Soft masses of a pair that skips them. */
const NO_SOFT = Object.freeze({ prefix: 0, concept: 0 });

/** Whether a candidate is scored by the model (see `SCORING_FLOOR`). */
export function worthScoring(l: ScoredLink): boolean {
  return l.cosine >= SCORING_FLOOR || (l.quote ?? 0) > 0;
}

/** A vector with each weight multiplied by `factor(term id)`, normalised again. */
function reweight(v: TermVector, factor: Float64Array): TermVector {
  const w = new Float64Array(v.weights.length);
  let z = 0;
  for (let i = 0; i < w.length; i++) {
    const x = v.weights[i]! * factor[v.ids[i]!]!;
    w[i] = x;
    z += x * x;
  }
  z = Math.sqrt(z) || 1;
  for (let i = 0; i < w.length; i++) w[i]! /= z;
  return { ids: v.ids, weights: w };
}

/**
 * The candidate graph: every paragraph of the comparison numbered in one sequence (its slot),
 * and per slot the candidates it takes part in, as compressed adjacency lists.
 */
export interface CandidateGraph {
  /** Articles compared. */
  articles: number;
  /** Slot of each link's two paragraphs. */
  slotA: Int32Array;
  slotB: Int32Array;
  /** Article of each slot. */
  slotArticle: Int32Array;
  /** Adjacency of slot s: entries start[s] .. start[s + 1] of `other` (slot) and `link` (index). */
  start: Int32Array;
  other: Int32Array;
  link: Int32Array;
  /**
   * Per link (slots s, t): the link of slots (s - 1, t - 1) and of (s + 1, t + 1), or -1 when
   * that pair is no candidate (callers check that the pair stays inside both articles).
   */
  before: Int32Array;
  after: Int32Array;
}

/**
 * Links of the same diagonal (slot a minus slot b) next to each other: sorted by diagonal, then
 * slot a, consecutive links one slot apart on both sides are neighbours. One numeric sort of
 * packed keys, instead of a map lookup per link and side.
 */
function diagonalNeighbours(slotA: Int32Array, slotB: Int32Array, slots: number): { before: Int32Array; after: Int32Array } {
  const n = slotA.length;
  const before = new Int32Array(n).fill(-1);
  const after = new Int32Array(n).fill(-1);
  const diagonal = (k: number): number => (slotA[k]! - slotB[k]! + slots) * slots + slotA[k]!;
  let order: ArrayLike<number>;
  if (2 * slots * slots * n < Number.MAX_SAFE_INTEGER) {
    // (diagonal, slot a, link) packed in one number, exact under 2^53: a plain numeric sort.
    const keys = new Float64Array(n);
    for (let k = 0; k < n; k++) keys[k] = diagonal(k) * n + k;
    keys.sort();
    order = Int32Array.from(keys, (x) => x % n);
  } else {
    order = Int32Array.from({ length: n }, (_, k) => k).sort((x, y) => diagonal(x) - diagonal(y));
  }
  for (let i = 1; i < n; i++) {
    const k = order[i]!;
    const j = order[i - 1]!;
    if (slotA[j] === slotA[k]! - 1 && slotB[j] === slotB[k]! - 1) (before[k] = j), (after[j] = k);
  }
  return { before, after };
}

/** Builds the candidate graph of `links`, given the paragraph count of each article. */
export function candidateGraph(links: ScoredLink[], paragraphCounts: number[]): CandidateGraph {
  const offsets: number[] = [];
  let total = 0;
  for (const n of paragraphCounts) offsets.push(total), (total += n);
  const slotArticle = new Int32Array(total);
  paragraphCounts.forEach((n, a) => slotArticle.fill(a, offsets[a]!, offsets[a]! + n));
  const slotA = Int32Array.from(links, (l) => offsets[l.a]! + l.aIndex);
  const slotB = Int32Array.from(links, (l) => offsets[l.b]! + l.bIndex);
  const start = new Int32Array(total + 1);
  for (let k = 0; k < links.length; k++) start[slotA[k]! + 1]!++, start[slotB[k]! + 1]!++;
  for (let s = 0; s < total; s++) start[s + 1]! += start[s]!;
  const fill = start.slice(0, total);
  const other = new Int32Array(2 * links.length);
  const link = new Int32Array(2 * links.length);
  for (let k = 0; k < links.length; k++) {
    const a = fill[slotA[k]!]!++;
    other[a] = slotB[k]!;
    link[a] = k;
    const b = fill[slotB[k]!]!++;
    other[b] = slotA[k]!;
    link[b] = k;
  }
  return { articles: paragraphCounts.length, slotA, slotB, slotArticle, start, other, link, ...diagonalNeighbours(slotA, slotB, total) };
}

/**
 * Per link, how it ranks by `v` among the candidates of each of its paragraphs towards the
 * other's article: 1 / rank (ties share the better rank) and v / best.
 */
function rankFeatures(g: CandidateGraph, v: ArrayLike<number>): { rankA: Float64Array; rankB: Float64Array; relA: Float64Array; relB: Float64Array } {
  const n = g.slotA.length;
  const out = { rankA: new Float64Array(n), rankB: new Float64Array(n), relA: new Float64Array(n), relB: new Float64Array(n) };
  const entries: number[] = [];
  for (let s = 0; s + 1 < g.start.length; s++) {
    entries.length = 0;
    for (let e = g.start[s]!; e < g.start[s + 1]!; e++) entries.push(e);
    // By other article, then value (highest first), then link index.
    entries.sort((x, y) => g.slotArticle[g.other[x]!]! - g.slotArticle[g.other[y]!]! || v[g.link[y]!]! - v[g.link[x]!]! || g.link[x]! - g.link[y]!);
    let groupStart = 0;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      const art = g.slotArticle[g.other[e]!]!;
      if (i > 0 && g.slotArticle[g.other[entries[i - 1]!]!]! !== art) groupStart = i;
      const k = g.link[e]!;
      const best = v[g.link[entries[groupStart]!]!]!;
      // Rank: 1 + number of entries of the group with a strictly higher value.
      let r = i;
      while (r > groupStart && v[g.link[entries[r - 1]!]!]! === v[k]!) r--;
      const rank = 1 / (r - groupStart + 1);
      const rel = best > 0 ? v[k]! / best : 0;
      if (g.slotA[k] === s) (out.rankA[k] = rank), (out.relA[k] = rel);
      else (out.rankB[k] = rank), (out.relB[k] = rel);
    }
  }
  return out;
}

/**
 * Least value of a candidate for it to carry support to a third article: weaker pairs would
 * add almost nothing to min(v(a, c), v(b, c)), and skipping them keeps this step linear.
 */
const SUPPORT_FLOOR = 0.05;
/** The same for cosines, which run lower than probabilities. */
const COSINE_SUPPORT_FLOOR = 0.02;

/**
 * Per link, its support through third articles: in each other article, the best
 * min(v(a, c), v(b, c)) over its paragraphs c (pairs of value SUPPORT_FLOOR or more); averaged
 * over the other articles (so that the feature means the same with 3 articles, where the model
 * was trained, as with 12).
 */
function thirdArticleSupport(g: CandidateGraph, v: ArrayLike<number>, floor: number): Float64Array {
  const n = g.slotA.length;
  const out = new Float64Array(n);
  if (g.articles < 3) return out;
  // Strong adjacency only, in the same compressed layout.
  const slots = g.slotArticle.length;
  const start = new Int32Array(slots + 1);
  for (let s = 0; s < slots; s++) {
    let c = 0;
    for (let e = g.start[s]!; e < g.start[s + 1]!; e++) if (v[g.link[e]!]! >= floor) c++;
    start[s + 1] = start[s]! + c;
  }
  const other = new Int32Array(start[slots]!);
  const value = new Float64Array(start[slots]!);
  for (let s = 0, at = 0; s < slots; s++) {
    for (let e = g.start[s]!; e < g.start[s + 1]!; e++) {
      const x = v[g.link[e]!]!;
      if (x >= floor) (other[at] = g.other[e]!), (value[at++] = x);
    }
  }
  const mark = new Float64Array(slots);
  const stamp = new Int32Array(slots);
  const best = new Float64Array(g.articles);
  for (let k = 0; k < n; k++) {
    const sa = g.slotA[k]!;
    const sb = g.slotB[k]!;
    if (start[sa] === start[sa + 1] || start[sb] === start[sb + 1]) continue;
    const a = g.slotArticle[sa]!;
    const b = g.slotArticle[sb]!;
    for (let e = start[sb]!; e < start[sb + 1]!; e++) {
      mark[other[e]!] = value[e]!;
      stamp[other[e]!] = k + 1;
    }
    let any = false;
    for (let e = start[sa]!; e < start[sa + 1]!; e++) {
      const c = other[e]!;
      if (stamp[c] !== k + 1) continue;
      const art = g.slotArticle[c]!;
      if (art === a || art === b) continue;
      const m = Math.min(value[e]!, mark[c]!);
      if (m > best[art]!) (best[art] = m), (any = true);
    }
    if (!any) continue;
    let sum = 0;
    for (let i = 0; i < best.length; i++) (sum += best[i]!), (best[i] = 0);
    out[k] = sum / (g.articles - 2);
  }
  return out;
}

/**
 * Computes the feature row of every candidate link (same order as `links`). Rank and relative
 * features are taken over the candidates given, so callers pass every candidate of the
 * comparison at once. `g` is their candidate graph, when the caller has it already.
 */
export function linkFeatures(
  articles: PreparedArticle[],
  index: TermIndex,
  passages: Passage[][],
  sentences: SentenceVectors[],
  links: ScoredLink[],
  g: CandidateGraph = candidateGraph(
    links,
    articles.map((a) => a.article.paragraphs.length),
  ),
): Float64Array[] {
  const cosines = Float64Array.from(links, (l) => l.cosine);
  const ranks = rankFeatures(g, cosines);
  const third = thirdArticleSupport(g, cosines, COSINE_SUPPORT_FLOOR);
  const prefixes = prefixTable(index);
  const concepts = conceptTable(index);
  const kinds = kindCodes(index);
  const flat = passages.flat();
  // Soft-match keys, built on first use: pairs that skip the soft features never need them.
  const keyCache: Array<SoftKeys | undefined> = new Array(flat.length);
  const keys = (slot: number): SoftKeys => (keyCache[slot] ??= softKeys(flat[slot]!.vector, prefixes, concepts));
  const n = index.vocab.passages;
  // Per term: the factor that turns its weight into the sharp-IDF and the plain (no IDF) weight.
  const sharpFactor = Float64Array.from(index.vocab.df, (d, id) => Math.log((n + 1) / d) / index.vocab.idf[id]!);
  const plainFactor = Float64Array.from(index.vocab.idf, (idf, id) => (kinds[id] === 3 ? 0 : 1 / idf));
  const variants: Variants = {
    base: flat.map((p) => p.vector),
    sharp: flat.map((p) => reweight(p.vector, sharpFactor)),
    plain: flat.map((p) => reweight(p.vector, plainFactor)),
  };
  const mass = flat.map((p) => idfMass(p.vector, index, kinds));
  // Sentence entries, built on first use: pairs that skip the sentence features never need them.
  const slotParagraph = articles.flatMap((a, ai) => a.article.paragraphs.map((p) => [ai, p] as const));
  const entryCache: Array<SentenceEntries | undefined> = new Array(slotParagraph.length);
  const entries = (slot: number): SentenceEntries => {
    let e = entryCache[slot];
    if (e === undefined) {
      const [ai, p] = slotParagraph[slot]!;
      entryCache[slot] = e = sentenceEntries(sentences[ai]!, p.firstSentence, p.sentenceCount);
    }
    return e;
  };
  const dot = new Float64Array(MAX_SENTENCE_PAIRS);
  const acc = new Float64Array(MAX_SENTENCE_PAIRS);
  const exact = new Int32Array(index.vocab.terms.length);
  const weightOf = new Float64Array(index.vocab.terms.length);
  const counted = new Int32Array(index.vocab.terms.length);
  const o = new Float64Array(12);
  const relPos = (i: number, count: number): number => (count > 1 ? i / (count - 1) : 0);
  const rows = new Float64Array(links.length * FEATURE_COUNT);
  return links.map((l, k) => {
    const slotA = g.slotA[k]!;
    const slotB = g.slotB[k]!;
    const pa = flat[slotA]!;
    const ia = articles[l.a]!.article;
    const ib = articles[l.b]!.article;
    // Rows are views into one buffer: one allocation for all of them.
    const x = rows.subarray(k * FEATURE_COUNT, (k + 1) * FEATURE_COUNT);
    const cos = l.cosine;
    const sa = ia.paragraphs[l.aIndex]!;
    const sb = ib.paragraphs[l.bIndex]!;
    // Best sentence pair, and best sentence of either against the whole other paragraph.
    // Pairs that share little skip the costly features (they stand at the cosine, or 0).
    const close = cos >= DETAIL_COSINE || (l.quote ?? 0) > 0;
    const pairs = sa.sentenceCount * sb.sentenceCount;
    const best = close && pairs <= MAX_SENTENCE_PAIRS && pairs > 1 ? bestSentencePair(entries(slotA), entries(slotB), sb.sentenceCount, dot) : cos;
    // The merge tags b's terms (and keeps their weights) for the sentence and soft features.
    const tagB = 2 * k + 1;
    overlap(slotA, slotB, variants, index, kinds, articles.length, exact, weightOf, tagB, o);
    const spread = close && (sa.sentenceCount > 1 || sb.sentenceCount > 1);
    const spA = spread ? bestSentenceAgainst(entries(slotA), exact, weightOf, tagB, sa.sentenceCount, acc) : cos;
    const smaller = Math.min(mass[slotA]!, mass[slotB]!);
    const wa = Math.max(1, sa.words);
    const wb = Math.max(1, sb.words);
    // Neighbouring pairs, as far as they are candidates (the others share no rare term).
    const before = l.aIndex > 0 && l.bIndex > 0 && g.before[k]! >= 0 ? cosines[g.before[k]!]! : 0;
    const after = l.aIndex + 1 < ia.paragraphs.length && l.bIndex + 1 < ib.paragraphs.length && g.after[k]! >= 0 ? cosines[g.after[k]!]! : 0;
    const nbr = Math.max(before, after);
    let softAB: { prefix: number; concept: number } = NO_SOFT;
    let softBA: { prefix: number; concept: number } = NO_SOFT;
    let spB = cos;
    if (close) {
      softAB = softMass(keys(slotA), keys(slotB), index, exact, counted, tagB);
      for (let i = 0; i < pa.vector.ids.length; i++) (exact[pa.vector.ids[i]!] = tagB + 1), (weightOf[pa.vector.ids[i]!] = pa.vector.weights[i]!);
      softBA = softMass(keys(slotB), keys(slotA), index, exact, counted, tagB + 1);
      if (spread) spB = bestSentenceAgainst(entries(slotB), exact, weightOf, tagB + 1, sb.sentenceCount, acc);
    }
    const sp = spread ? Math.max(spA, spB) : cos;
    const posA = relPos(l.aIndex, ia.paragraphs.length);
    const posB = relPos(l.bIndex, ib.paragraphs.length);
    const lead = l.aIndex < 2 && l.bIndex < 2 ? 1 : 0;
    x[0] = cos;
    x[1] = Math.sqrt(Math.max(0, cos));
    x[2] = o[O.word]!;
    x[3] = o[O.entity]!;
    x[4] = o[O.number]!;
    x[5] = o[O.phrase]!;
    x[6] = best;
    x[7] = smaller > 0 ? o[O.mass]! / smaller : 0;
    x[8] = Math.log1p(o[O.entities]!);
    x[9] = Math.log1p(o[O.numbers]!);
    x[10] = l.quote ?? 0;
    x[11] = Math.abs(posA - posB);
    x[12] = lead;
    x[13] = Math.abs(Math.log(wa / wb));
    x[14] = Math.log1p(Math.min(wa, wb));
    x[15] = ranks.rankA[k]!;
    x[16] = ranks.rankB[k]!;
    x[17] = ranks.relA[k]!;
    x[18] = ranks.relB[k]!;
    x[19] = nbr;
    x[20] = sp;
    x[21] = smaller > 0 ? softAB.prefix / smaller : 0;
    x[22] = o[O.sharp]!;
    x[23] = Math.log1p(o[O.count]!);
    x[24] = Math.log1p(o[O.rare]!);
    x[25] = o[O.top]!;
    x[26] = third[k]!;
    x[27] = lead * cos;
    x[28] = Math.abs(posA - posB) * cos;
    x[29] = o[O.plain]!;
    x[30] = Math.max(posA, posB);
    x[31] = Math.log(ia.paragraphs.length * ib.paragraphs.length);
    x[32] = smaller > 0 ? Math.max(softAB.concept, softBA.concept) / smaller : 0;
    return x;
  });
}

/**
 * Features of the second pass, which re-scores each candidate from the first pass's
 * probabilities around it: a counterpart is usually the best-scoring partner of its paragraph,
 * its neighbours tend to be linked too (outlets keep the order of a story), and when a third
 * article carries the same fact, both paragraphs link to it.
 */
export const SECOND_PASS_NAMES = [
  'firstPass', // logit of the first pass's probability
  'rankA', // 1 / rank of the pair by first-pass probability among a's candidates in b's article
  'rankB', // the same for b
  'relativeA', // probability / best probability of a towards b's article
  'relativeB', // the same for b
  'neighbours', // best probability of the pairs before and after (p-1, q-1), (p+1, q+1)
  'thirdArticle', // best min(p(a, c), p(b, c)) over paragraphs c of each other article, averaged over those articles
] as const;

/** The first pass's output for one candidate, as a logit, clipped to stay finite. */
function logit(p: number): number {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
}

/**
 * Second-pass feature rows (same order as `links`) from first-pass probabilities `p`, given the
 * paragraph count of each article. With two articles `thirdArticle` is always 0; the model for
 * pairs leaves it out. `g` is the links' candidate graph, when the caller has it already.
 */
export function secondPassFeatures(links: ScoredLink[], p: ArrayLike<number>, paragraphCounts: number[], g: CandidateGraph = candidateGraph(links, paragraphCounts)): Float64Array[] {
  const ranks = rankFeatures(g, p);
  const third = thirdArticleSupport(g, p, SUPPORT_FLOOR);
  const width = SECOND_PASS_NAMES.length;
  const rows = new Float64Array(links.length * width);
  return links.map((l, k) => {
    // Neighbours stay inside their articles: the pair before needs both paragraphs to exist.
    const before = l.aIndex > 0 && l.bIndex > 0 && g.before[k]! >= 0 ? p[g.before[k]!]! : 0;
    const after = l.aIndex + 1 < paragraphCounts[l.a]! && l.bIndex + 1 < paragraphCounts[l.b]! && g.after[k]! >= 0 ? p[g.after[k]!]! : 0;
    const row = rows.subarray(k * width, (k + 1) * width);
    row[0] = logit(p[k]!);
    row[1] = ranks.rankA[k]!;
    row[2] = ranks.rankB[k]!;
    row[3] = ranks.relA[k]!;
    row[4] = ranks.relB[k]!;
    row[5] = Math.max(before, after);
    row[6] = third[k]!;
    return row;
  });
}
