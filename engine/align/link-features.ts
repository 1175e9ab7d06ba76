import wordnet from '../data/wordnet-concepts.json' with { type: 'json' };
import type { PreparedArticle } from '../input/article.ts';
import type { Options } from '../types.ts';
import { cosine, termVector, type TermIndex, type TermVector } from './features.ts';
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
  'bestSentence', // best cosine of a sentence of one against a sentence of the other
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
  'neighbours', // best cosine of the pairs before and after (p-1, q-1), (p+1, q+1)
  'sentenceToParagraph', // best cosine of a sentence of either against the whole other paragraph
  'softOverlap', // IDF mass of words matched only by a shared five-letter stem prefix, over the smaller mass
  'sharpCosine', // cosine with IDF log((N + 1) / (df + 1)): terms found everywhere weigh nothing
  'sharedTerms', // log(1 + single terms in common)
  'rareShared', // log(1 + terms in common found in at most one paragraph per article)
  'topTerm', // the largest single-term contribution to the cosine
  'thirdCosine', // best min(cosine(a, c), cosine(b, c)) over paragraphs c of the other articles
  'leadCosine', // cosine when both are among the first two paragraphs, else 0
  'gapCosine', // cosine times positionGap
  'plainCosine', // cosine of single terms without IDF: shared topic as well as shared facts
  'laterPosition', // relative position of the later of the two in its article (0 = top, 1 = end)
  'articleSizes', // log of the product of the two articles' paragraph counts: long articles link a smaller share of pairs
  'synonyms', // IDF mass of words matched only through a WordNet concept (synonym or derived form), over the smaller mass
] as const;

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

/** Cosine split by the kind of the shared terms, in `FEATURE_NAMES` order (word, entity, number, phrase). */
function sharesByKind(a: TermVector, b: TermVector, index: TermIndex, out: Float64Array): void {
  out.fill(0);
  const kinds = index.vocab.kinds;
  let i = 0;
  let j = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i]!;
    const y = b.ids[j]!;
    if (x === y) {
      const k = kinds[x]!;
      out[k === 'word' ? 0 : k === 'entity' ? 1 : k === 'number' ? 2 : 3]! += a.weights[i++]! * b.weights[j++]!;
    } else if (x < y) i++;
    else j++;
  }
}

/** IDF mass of a vector's single terms (phrases left out: they double-count their words). */
function idfMass(v: TermVector, index: TermIndex): number {
  let m = 0;
  for (let i = 0; i < v.ids.length; i++) {
    const id = v.ids[i]!;
    if (index.vocab.kinds[id] !== 'phrase') m += index.vocab.idf[id]!;
  }
  return m;
}

/** Shared single terms of two vectors: IDF mass, names and figures counted. */
function sharedSingles(a: TermVector, b: TermVector, index: TermIndex, rare: number): { mass: number; entities: number; numbers: number; count: number; rare: number; top: number } {
  let mass = 0;
  let count = 0;
  let rareCount = 0;
  let top = 0;
  let entities = 0;
  let numbers = 0;
  let i = 0;
  let j = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i]!;
    const y = b.ids[j]!;
    if (x === y) {
      const k = index.vocab.kinds[x]!;
      if (k !== 'phrase') {
        mass += index.vocab.idf[x]!;
        count++;
        if (index.vocab.df[x]! <= rare) rareCount++;
      }
      const c = a.weights[i]! * b.weights[j]!;
      if (c > top) top = c;
      if (k === 'entity') entities++;
      else if (k === 'number') numbers++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return { mass, entities, numbers, count, rare: rareCount, top };
}

/** Letters of a word stem that two related words must share to count as a soft match. */
const SOFT_PREFIX = 5;

/** Per term id: its stem prefix for soft matching, or -1 (not a word, or too short). */
function prefixTable(index: TermIndex): Int32Array {
  const ids = new Map<string, number>();
  return Int32Array.from(index.vocab.terms, (t, id) => {
    if (index.vocab.kinds[id] !== 'word' || t.length < SOFT_PREFIX + 1) return -1;
    const p = t.slice(0, SOFT_PREFIX);
    let v = ids.get(p);
    if (v === undefined) ids.set(p, (v = ids.size));
    return v;
  });
}

/**
 * IDF mass of the words of `a` that `b` does not share exactly but matches by stem prefix
 * ("invasion" / "invaded", "negotiators" / "negotiations"): related forms the stemmer keeps apart.
 */
function softMass(a: TermVector, b: TermVector, index: TermIndex, prefixes: Int32Array): number {
  const exact = new Set<number>();
  const bp = new Set<number>();
  for (let j = 0; j < b.ids.length; j++) {
    exact.add(b.ids[j]!);
    const p = prefixes[b.ids[j]!]!;
    if (p >= 0) bp.add(p);
  }
  let m = 0;
  for (let i = 0; i < a.ids.length; i++) {
    const id = a.ids[i]!;
    const p = prefixes[id]!;
    if (p >= 0 && !exact.has(id) && bp.has(p)) m += index.vocab.idf[id]!;
  }
  return m;
}

/** A vector with each weight multiplied by `factor(term id)`, normalised again. */
function reweight(v: TermVector, factor: (id: number) => number): TermVector {
  const w = Float64Array.from(v.weights, (x, i) => x * factor(v.ids[i]!));
  let z = 0;
  for (const x of w) z += x * x;
  z = Math.sqrt(z) || 1;
  for (let i = 0; i < w.length; i++) w[i]! /= z;
  return { ids: v.ids, weights: w };
}

/**
 * For each link, its best support through a third article: max over paragraphs c of other
 * articles of min(v(a, c), v(b, c)), for per-link values `v`.
 */
export function thirdArticleSupport(links: ScoredLink[], v: ArrayLike<number>): Float64Array {
  const partners = new Map<string, Map<string, number>>();
  const push = (k: string, other: string, x: number): void => {
    let m = partners.get(k);
    if (!m) partners.set(k, (m = new Map()));
    m.set(other, x);
  };
  links.forEach((l, k) => {
    push(`${l.a}:${l.aIndex}`, `${l.b}:${l.bIndex}`, v[k]!);
    push(`${l.b}:${l.bIndex}`, `${l.a}:${l.aIndex}`, v[k]!);
  });
  return Float64Array.from(links, (l) => {
    const pa = partners.get(`${l.a}:${l.aIndex}`)!;
    const pb = partners.get(`${l.b}:${l.bIndex}`)!;
    const [small, large] = pa.size <= pb.size ? [pa, pb] : [pb, pa];
    let best = 0;
    for (const [other, x] of small) {
      const art = Number(other.slice(0, other.indexOf(':')));
      if (art === l.a || art === l.b) continue;
      const y = large.get(other);
      if (y !== undefined) best = Math.max(best, Math.min(x, y));
    }
    return best;
  });
}

/** WordNet concepts per word stem (`engine/data/wordnet-concepts.json`, its `recipe` says how it was built). */
const CONCEPTS = wordnet.stems as Record<string, number[]>;

/** Per term id: its WordNet concepts (words only), or undefined. */
function conceptTable(index: TermIndex): Array<number[] | undefined> {
  return index.vocab.terms.map((t, id) => (index.vocab.kinds[id] === 'word' && Object.hasOwn(CONCEPTS, t) ? CONCEPTS[t] : undefined));
}

/** IDF mass of the words of `a` that `b` does not share exactly but meets through a shared WordNet concept. */
function conceptMass(a: TermVector, b: TermVector, index: TermIndex, concepts: Array<number[] | undefined>): number {
  const exact = new Set<number>();
  const bc = new Set<number>();
  for (let j = 0; j < b.ids.length; j++) {
    exact.add(b.ids[j]!);
    for (const c of concepts[b.ids[j]!] ?? []) bc.add(c);
  }
  if (bc.size === 0) return 0;
  let m = 0;
  for (let i = 0; i < a.ids.length; i++) {
    const id = a.ids[i]!;
    if (exact.has(id)) continue;
    const cs = concepts[id];
    if (cs !== undefined && cs.some((c) => bc.has(c))) m += index.vocab.idf[id]!;
  }
  return m;
}

/**
 * Computes the feature row of every candidate link (same order as `links`). Rank and relative
 * features are taken over the candidates given, so callers pass every candidate of the
 * comparison at once.
 */
export function linkFeatures(
  articles: PreparedArticle[],
  index: TermIndex,
  passages: Passage[][],
  sentences: SentenceVectors[],
  links: ScoredLink[],
): Float64Array[] {
  // Per paragraph and other article: candidate cosines, for ranks and relative scores.
  const key = (a: number, p: number, other: number): number => (a * 4096 + other) * 1_000_003 + p;
  const partners = new Map<number, number[]>();
  const add = (k: number, c: number): void => {
    let list = partners.get(k);
    if (!list) partners.set(k, (list = []));
    list.push(c);
  };
  for (const l of links) {
    add(key(l.a, l.aIndex, l.b), l.cosine);
    add(key(l.b, l.bIndex, l.a), l.cosine);
  }
  for (const list of partners.values()) list.sort((x, y) => y - x);
  const rankOf = (list: number[], c: number): number => {
    // 1-based rank; ties share the better rank.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]! > c) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  const prefixes = prefixTable(index);
  const concepts = conceptTable(index);
  const third = thirdArticleSupport(links, links.map((l) => l.cosine));
  const n = index.vocab.passages;
  const sharp = passages.map((list) => list.map((p) => reweight(p.vector, (id) => Math.log((n + 1) / (index.vocab.df[id]! + 1)) / index.vocab.idf[id]!)));
  const plain = passages.map((list) => list.map((p) => reweight(p.vector, (id) => (index.vocab.kinds[id] === 'phrase' ? 0 : 1 / index.vocab.idf[id]!))));
  const mass = passages.map((list) => list.map((p) => idfMass(p.vector, index)));
  const shares = new Float64Array(4);
  return links.map((l, k) => {
    const pa = passages[l.a]![l.aIndex]!;
    const pb = passages[l.b]![l.bIndex]!;
    const ia = articles[l.a]!.article;
    const ib = articles[l.b]!.article;
    const x = new Float64Array(FEATURE_COUNT);
    const cos = l.cosine;
    sharesByKind(pa.vector, pb.vector, index, shares);
    // Best sentence pair.
    const sa = ia.paragraphs[l.aIndex]!;
    const sb = ib.paragraphs[l.bIndex]!;
    let best = cos;
    if (sa.sentenceCount * sb.sentenceCount <= MAX_SENTENCE_PAIRS && sa.sentenceCount * sb.sentenceCount > 1) {
      best = 0;
      for (let i = sa.firstSentence; i < sa.firstSentence + sa.sentenceCount; i++) {
        for (let j = sb.firstSentence; j < sb.firstSentence + sb.sentenceCount; j++) {
          const c = cosine(sentences[l.a]![i]!, sentences[l.b]![j]!);
          if (c > best) best = c;
        }
      }
    }
    const shared = sharedSingles(pa.vector, pb.vector, index, articles.length);
    const smaller = Math.min(mass[l.a]![l.aIndex]!, mass[l.b]![l.bIndex]!);
    const relPos = (i: number, n: number): number => (n > 1 ? i / (n - 1) : 0);
    const wa = Math.max(1, sa.words);
    const wb = Math.max(1, sb.words);
    const listA = partners.get(key(l.a, l.aIndex, l.b))!;
    const listB = partners.get(key(l.b, l.bIndex, l.a))!;
    const prevA = passages[l.a]![l.aIndex - 1];
    const prevB = passages[l.b]![l.bIndex - 1];
    const nextA = passages[l.a]![l.aIndex + 1];
    const nextB = passages[l.b]![l.bIndex + 1];
    const nbr = Math.max(prevA && prevB ? cosine(prevA.vector, prevB.vector) : 0, nextA && nextB ? cosine(nextA.vector, nextB.vector) : 0);
    x[0] = cos;
    x[1] = Math.sqrt(Math.max(0, cos));
    x[2] = shares[0]!;
    x[3] = shares[1]!;
    x[4] = shares[2]!;
    x[5] = shares[3]!;
    x[6] = best;
    x[7] = smaller > 0 ? shared.mass / smaller : 0;
    x[8] = Math.log1p(shared.entities);
    x[9] = Math.log1p(shared.numbers);
    x[10] = l.quote ?? 0;
    x[11] = Math.abs(relPos(l.aIndex, ia.paragraphs.length) - relPos(l.bIndex, ib.paragraphs.length));
    x[12] = l.aIndex < 2 && l.bIndex < 2 ? 1 : 0;
    x[13] = Math.abs(Math.log(wa / wb));
    x[14] = Math.log1p(Math.min(wa, wb));
    x[15] = 1 / rankOf(listA, cos);
    x[16] = 1 / rankOf(listB, cos);
    x[17] = listA[0]! > 0 ? cos / listA[0]! : 0;
    x[18] = listB[0]! > 0 ? cos / listB[0]! : 0;
    x[19] = nbr;
    let sp = 0;
    if (sa.sentenceCount > 1 || sb.sentenceCount > 1) {
      for (let i = sa.firstSentence; i < sa.firstSentence + Math.min(sa.sentenceCount, MAX_SENTENCE_PAIRS); i++) sp = Math.max(sp, cosine(sentences[l.a]![i]!, pb.vector));
      for (let j = sb.firstSentence; j < sb.firstSentence + Math.min(sb.sentenceCount, MAX_SENTENCE_PAIRS); j++) sp = Math.max(sp, cosine(pa.vector, sentences[l.b]![j]!));
    } else sp = cos;
    x[20] = sp;
    x[22] = cosine(sharp[l.a]![l.aIndex]!, sharp[l.b]![l.bIndex]!);
    x[23] = Math.log1p(shared.count);
    x[24] = Math.log1p(shared.rare);
    x[25] = shared.top;
    x[26] = third[k]!;
    x[27] = x[12]! * cos;
    x[28] = x[11]! * cos;
    x[29] = cosine(plain[l.a]![l.aIndex]!, plain[l.b]![l.bIndex]!);
    x[30] = Math.max(relPos(l.aIndex, ia.paragraphs.length), relPos(l.bIndex, ib.paragraphs.length));
    x[31] = Math.log(ia.paragraphs.length * ib.paragraphs.length);
    x[32] = smaller > 0 ? Math.max(conceptMass(pa.vector, pb.vector, index, concepts), conceptMass(pb.vector, pa.vector, index, concepts)) / smaller : 0;
    x[21] = smaller > 0 ? softMass(pa.vector, pb.vector, index, prefixes) / smaller : 0;
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
  'thirdArticle', // best min(p(a, c), p(b, c)) over paragraphs c of the other articles
] as const;

/** The first pass's output for one candidate, as a logit, clipped to stay finite. */
function logit(p: number): number {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
}

/**
 * Second-pass feature rows (same order as `links`) from first-pass probabilities `p`. With two
 * articles `thirdArticle` is always 0; a model for pairs leaves it out.
 */
export function secondPassFeatures(links: ScoredLink[], p: ArrayLike<number>): Float64Array[] {
  const pairKey = (a: number, i: number, b: number, j: number): string => (a < b ? `${a}:${i}:${b}:${j}` : `${b}:${j}:${a}:${i}`);
  const prob = new Map<string, number>();
  // Per paragraph: its candidates' probabilities per other article, and its partners in all articles.
  const lists = new Map<string, number[]>();
  const partners = new Map<string, Array<[number, number, number]>>();
  const push = <T>(m: Map<string, T[]>, k: string, v: T): void => {
    let l = m.get(k);
    if (!l) m.set(k, (l = []));
    l.push(v);
  };
  links.forEach((l, k) => {
    const v = p[k]!;
    prob.set(pairKey(l.a, l.aIndex, l.b, l.bIndex), v);
    push(lists, `${l.a}:${l.aIndex}:${l.b}`, v);
    push(lists, `${l.b}:${l.bIndex}:${l.a}`, v);
    push(partners, `${l.a}:${l.aIndex}`, [l.b, l.bIndex, v]);
    push(partners, `${l.b}:${l.bIndex}`, [l.a, l.aIndex, v]);
  });
  for (const l of lists.values()) l.sort((x, y) => y - x);
  const rank = (list: number[], v: number): number => {
    let r = 1;
    for (const x of list) if (x > v) r++;
    else break;
    return r;
  };
  return links.map((l, k) => {
    const v = p[k]!;
    const la = lists.get(`${l.a}:${l.aIndex}:${l.b}`)!;
    const lb = lists.get(`${l.b}:${l.bIndex}:${l.a}`)!;
    const get = (i: number, j: number): number => prob.get(pairKey(l.a, i, l.b, j)) ?? 0;
    // Third articles: partners of a's paragraph, matched against partners of b's paragraph.
    let third = 0;
    const ofB = new Map<string, number>();
    for (const [c, ci, q] of partners.get(`${l.b}:${l.bIndex}`) ?? []) if (c !== l.a) ofB.set(`${c}:${ci}`, q);
    for (const [c, ci, q] of partners.get(`${l.a}:${l.aIndex}`) ?? []) {
      if (c === l.b) continue;
      const r = ofB.get(`${c}:${ci}`);
      if (r !== undefined) third = Math.max(third, Math.min(q, r));
    }
    return Float64Array.from([
      logit(v),
      1 / rank(la, v),
      1 / rank(lb, v),
      la[0]! > 0 ? v / la[0]! : 0,
      lb[0]! > 0 ? v / lb[0]! : 0,
      Math.max(get(l.aIndex - 1, l.bIndex - 1), get(l.aIndex + 1, l.bIndex + 1)),
      third,
    ]);
  });
}
