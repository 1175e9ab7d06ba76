import stringSimilarity from 'string-similarity';
import type { PreparedArticle } from '../input/article.ts';
import type { LinkEvidence, Options } from '../types.ts';
import { cosine, extractQuotes, sharedTerms, termVector, type Quotes, type TermIndex, type TermVector } from './features.ts';

/** A paragraph as the aligner sees it. */
export interface Passage {
  article: number;
  index: number;
  vector: TermVector;
  quotes: Quotes;
}

/** A scored link between paragraphs of two different articles (`a.article < b.article`). */
export interface ScoredLink {
  a: number;
  aIndex: number;
  b: number;
  bIndex: number;
  score: number;
  /** Cosine part of the score and quote similarity, kept for the evidence. */
  cosine: number;
  quote: number | null;
}

/** Builds the passage (vector + quotes) of every paragraph of every article. */
export function paragraphPassages(articles: PreparedArticle[], index: TermIndex, options: Options): Passage[][] {
  return articles.map((a, ai) =>
    a.paragraphTokens.map(([from, to], pi) => {
      const p = a.article.paragraphs[pi]!;
      return {
        article: ai,
        index: pi,
        vector: termVector(ai, from, to, index, options),
        quotes: extractQuotes(a.article.text, p.start, p.end),
      };
    }),
  );
}

/**
 * Share of the shorter quote's words that the other quote must contain before the two are
 * compared character by character: quotes with little vocabulary in common are not the same
 * quote, and this cheap test spares the costly comparison for almost all pairs.
 */
const QUOTE_WORD_OVERLAP = 0.5;

/**
 * Best similarity of the quoted words of two passages (Dice on character bigrams), or null when
 * one of them quotes nobody. Quotes are short strings that outlets trim or alter slightly: the
 * one place where string-similarity's character-level matching is the right tool.
 */
export function quoteSimilarity(a: Quotes, b: Quotes): number | null {
  if (a.length === 0 || b.length === 0) return null;
  let best = 0;
  for (const x of a) {
    for (const y of b) {
      const [small, large] = x.words.size <= y.words.size ? [x, y] : [y, x];
      let shared = 0;
      for (const w of small.words) if (large.words.has(w)) shared++;
      if (shared < QUOTE_WORD_OVERLAP * small.words.size) continue;
      // A trimmed quote is contained in the longer one: the same quote.
      const s = large.text.includes(small.text) ? 1 : stringSimilarity.compareTwoStrings(x.text, y.text);
      if (s > best) best = s;
    }
  }
  return best;
}

/**
 * Quote similarity below which two quotes are not taken as the same quote: Dice on character
 * bigrams scores 0.3-0.5 for any two English sentences, so only a clear match is evidence.
 */
const SAME_QUOTE_SIMILARITY = 0.7;

/** Link score: term cosine, raised (never lowered) by a closely matching quote. */
export function linkScore(cos: number, quote: number | null, options: Options): number {
  const w = options.alignment.quoteWeight;
  if (quote === null || w === 0 || quote < SAME_QUOTE_SIMILARITY) return cos;
  return Math.max(cos, (1 - w) * cos + w * quote);
}

/**
 * Terms in up to this many paragraphs always generate candidates, however small the comparison:
 * in a short comparison `commonTermPerArticle` alone would exclude nearly every shared term.
 */
const MIN_CANDIDATE_DF = 10;

/**
 * Scores candidate paragraph pairs for every pair of articles. Candidates come from an inverted
 * index over the terms that are not common to much of the comparison: each paragraph's partial
 * dot products over those postings pick its top `maxCandidatesPerParagraph` partners per other
 * article, and only those get a full score. Cost grows with the postings walked, not with the
 * number of paragraph pairs.
 */
export function scoreCandidates(passages: Passage[][], index: TermIndex, options: Options): { links: ScoredLink[]; candidatePairs: number } {
  const { commonTermPerArticle, maxCandidatesPerParagraph, leadParagraphs, leadBonus } = options.alignment;
  const maxDf = Math.max(MIN_CANDIDATE_DF, Math.floor(commonTermPerArticle * passages.length));
  // Every paragraph gets a slot number; slotArticle/slotParagraph map it back.
  const offsets: number[] = [];
  let slots = 0;
  for (const list of passages) {
    offsets.push(slots);
    slots += list.length;
  }
  const slotArticle = new Int32Array(slots);
  const slotParagraph = new Int32Array(slots);
  passages.forEach((list, ai) => list.forEach((p) => ((slotArticle[offsets[ai]! + p.index] = ai), (slotParagraph[offsets[ai]! + p.index] = p.index))));
  // term id -> postings as flat [slot, weight, slot, weight, ...]
  const postings = new Map<number, number[]>();
  for (const list of passages) {
    for (const p of list) {
      const slot = offsets[p.article]! + p.index;
      for (let k = 0; k < p.vector.ids.length; k++) {
        const id = p.vector.ids[k]!;
        const df = index.vocab.df[id]!;
        if (df > maxDf || df < 2) continue;
        let post = postings.get(id);
        if (!post) postings.set(id, (post = []));
        post.push(slot, p.vector.weights[k]!);
      }
    }
  }
  const seen = new Set<number>();
  const links: ScoredLink[] = [];
  const partial = new Float64Array(slots);
  const touched: number[] = [];
  const top: number[][] = passages.map(() => []);
  for (const list of passages) {
    for (const p of list) {
      for (let k = 0; k < p.vector.ids.length; k++) {
        const post = postings.get(p.vector.ids[k]!);
        if (!post) continue;
        const w = p.vector.weights[k]!;
        for (let i = 0; i < post.length; i += 2) {
          const slot = post[i]!;
          if (slotArticle[slot] === p.article) continue;
          if (partial[slot] === 0) touched.push(slot);
          partial[slot]! += w * post[i + 1]!;
        }
      }
      // Each other article's top candidates by partial score (ties: earlier paragraph first),
      // kept by insertion into short per-article lists: no sort of everything touched.
      for (const slot of touched) {
        const list = top[slotArticle[slot]!]!;
        const v = partial[slot]!;
        let at = list.length;
        while (at > 0 && (partial[list[at - 1]!]! < v || (partial[list[at - 1]!]! === v && list[at - 1]! > slot))) at--;
        if (at >= maxCandidatesPerParagraph) continue;
        list.splice(at, 0, slot);
        if (list.length > maxCandidatesPerParagraph) list.pop();
      }
      const pSlot = offsets[p.article]! + p.index;
      for (const list of top) {
        for (const slot of list) {
          const [lo, hi] = pSlot < slot ? [pSlot, slot] : [slot, pSlot];
          const key = lo * slots + hi;
          if (seen.has(key)) continue;
          seen.add(key);
          const a = slotArticle[lo]!;
          const ai = slotParagraph[lo]!;
          const b = slotArticle[hi]!;
          const bi = slotParagraph[hi]!;
          const pa = passages[a]![ai]!;
          const pb = passages[b]![bi]!;
          const cos = cosine(pa.vector, pb.vector);
          const quote = quoteSimilarity(pa.quotes, pb.quotes);
          let score = linkScore(cos, quote, options);
          // News leads summarise the event, so two leads that share terms are likely counterparts.
          if (ai < leadParagraphs && bi < leadParagraphs) score = Math.min(1, score + leadBonus);
          links.push({ a, aIndex: ai, b, bIndex: bi, score, cosine: cos, quote });
        }
        list.length = 0;
      }
      for (const slot of touched) partial[slot] = 0;
      touched.length = 0;
    }
  }
  return { links, candidatePairs: seen.size };
}

/**
 * Keeps the links that are clear counterparts: a score at or above `linkThreshold`, and within
 * `relativeThreshold` of the best partner that at least one of the two paragraphs has in the
 * other article. So every paragraph keeps its best counterpart (when strong enough) and near-ties
 * (content split over two paragraphs), while a paragraph that merely shares the topic with a
 * paragraph whose own counterpart lies elsewhere is dropped.
 */
export function selectLinks(links: ScoredLink[], options: Options): ScoredLink[] {
  const { linkThreshold, relativeThreshold } = options.alignment;
  // best[`article:paragraph:otherArticle`] = best score of that paragraph towards that article
  const best = new Map<string, number>();
  const bump = (k: string, s: number): void => {
    if ((best.get(k) ?? 0) < s) best.set(k, s);
  };
  for (const l of links) {
    bump(`${l.a}:${l.aIndex}:${l.b}`, l.score);
    bump(`${l.b}:${l.bIndex}:${l.a}`, l.score);
  }
  return links
    .filter((l) => {
      if (l.score < linkThreshold) return false;
      const floor = Math.min(best.get(`${l.a}:${l.aIndex}:${l.b}`)!, best.get(`${l.b}:${l.bIndex}:${l.a}`)!);
      return l.score >= relativeThreshold * floor;
    })
    .sort((x, y) => x.a - y.a || x.b - y.b || x.aIndex - y.aIndex || x.bIndex - y.bIndex);
}

/** The evidence shown for a link: the strongest shared terms, names, numbers and the quote score. */
export function linkEvidence(a: Passage, b: Passage, link: ScoredLink, index: TermIndex): LinkEvidence {
  const shared = sharedTerms(a.vector, b.vector);
  const ev: LinkEvidence = { terms: [], entities: [], numbers: [], quote: link.quote === null ? null : round(link.quote) };
  for (const { id } of shared) {
    const kind = index.vocab.kinds[id]!;
    const shown = index.vocab.display[id]!;
    if (kind === 'entity' && ev.entities.length < 8) ev.entities.push(shown);
    else if (kind === 'number' && ev.numbers.length < 8) ev.numbers.push(shown);
    else if ((kind === 'word' || kind === 'phrase') && ev.terms.length < 8) ev.terms.push(shown);
  }
  return ev;
}

/** Scores are rounded so that output is stable and compact. */
export function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
