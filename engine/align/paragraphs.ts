import stringSimilarity from 'string-similarity';
import type { PreparedArticle } from '../input/article.ts';
import type { LinkEvidence, Options } from '../types.ts';
import { cosine, extractQuotes, isTitleCase, sharedTerms, termVector, type Quotes, type TermIndex, type TermVector } from './features.ts';

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
export function scoreCandidates(
  passages: Passage[][],
  index: TermIndex,
  options: Options,
  excluded: ReadonlyArray<ReadonlySet<number>> = [],
): { links: ScoredLink[]; candidatePairs: number } {
  const { commonTermPerArticle, exhaustivePairs } = options.alignment;
  // A small comparison scores every pair of paragraphs that share a term: no candidate is lost
  // to pruning where pruning saves little.
  let pairs = 0;
  for (let i = 0; i < passages.length; i++) for (let j = i + 1; j < passages.length; j++) pairs += passages[i]!.length * passages[j]!.length;
  const exhaustive = pairs <= exhaustivePairs;
  const maxCandidatesPerParagraph = exhaustive ? Number.MAX_SAFE_INTEGER : options.alignment.maxCandidatesPerParagraph;
  const maxDf = exhaustive ? Number.MAX_SAFE_INTEGER : Math.max(MIN_CANDIDATE_DF, Math.floor(commonTermPerArticle * passages.length));
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
      const headline = excluded[p.article]?.has(p.index) === true;
      for (let k = 0; k < p.vector.ids.length; k++) {
        const post = postings.get(p.vector.ids[k]!);
        if (!post) continue;
        const w = p.vector.weights[k]!;
        for (let i = 0; i < post.length; i += 2) {
          const slot = post[i]!;
          if (slotArticle[slot] === p.article) continue;
          // Headlines are candidates of headlines only.
          if ((excluded[slotArticle[slot]!]?.has(slotParagraph[slot]!) === true) !== headline) continue;
          if (partial[slot] === 0) touched.push(slot);
          partial[slot]! += w * post[i + 1]!;
        }
      }
      // Each other article's top candidates by partial score (ties: earlier paragraph first),
      // kept by insertion into short per-article lists: no sort of everything touched.
      for (const slot of touched) {
        const list = top[slotArticle[slot]!]!;
        // Without pruning every partner is kept, in the order first met.
        if (exhaustive) {
          list.push(slot);
          continue;
        }
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
          // The score is the link model's to set; until then, the cosine raised by the quote.
          links.push({ a, aIndex: ai, b, bIndex: bi, score: linkScore(cos, quote, options), cosine: cos, quote });
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
 * Keeps the candidates whose link probability (the learned model's score) reaches
 * `linkThreshold`, in a stable order. Links are many-to-many: a paragraph that merges two facts
 * keeps a link to each paragraph that reports one of them.
 */
export function selectLinks(links: ScoredLink[], options: Options): ScoredLink[] {
  const { linkThreshold } = options.alignment;
  return links.filter((l) => l.score >= linkThreshold).sort((x, y) => x.a - y.a || x.b - y.b || x.aIndex - y.aIndex || x.bIndex - y.bIndex);
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

/** Paragraphs at the top of an article searched for a repeated headline. */
const HEADLINE_SEARCH = 3;

/** Lower-case letters and digits only, single-spaced: how a headline and a paragraph are compared. */
function fold(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Longest first paragraph, in words, taken for a headline by its shape alone. */
const HEADLINE_WORDS = 20;

/**
 * Whether a first paragraph looks like a headline: short, no closing punctuation of a sentence,
 * and in title case (most words of four letters or more capitalised). News leads are sentences;
 * a line such as "Report Sees Guns as Path to Safety in Schools" is a headline or a sub-head.
 */
function headlineShaped(a: PreparedArticle): boolean {
  const p = a.article.paragraphs[0];
  const range = a.paragraphTokens[0];
  if (p === undefined || range === undefined || a.article.paragraphs.length < 2 || p.words > HEADLINE_WORDS) return false;
  if (/[.!;:,"\u201D\u2019)\]]\s*$/u.test(a.article.text.slice(p.start, p.end))) return false;
  return isTitleCase(a.tokens, range[0], range[1]);
}

/**
 * Per article, its headline paragraphs: those that repeat its title, carried into the body by
 * the source or by extraction, and a first paragraph shaped like a headline. They are not
 * content: they are linked only to other headlines (a headline would otherwise link to every
 * lead on shared topic words). A paragraph repeats the title when, letters and digits only, it
 * equals the title, or one holds the other and the shorter is most of the longer (a site name
 * appended to the title, a kicker before it).
 */
export function headlineParagraphs(articles: PreparedArticle[]): Array<Set<number>> {
  return articles.map((a) => {
    const out = new Set<number>();
    if (headlineShaped(a)) out.add(0);
    const title = a.article.title === null ? '' : fold(a.article.title);
    if (title.length < 8) return out;
    const text = a.article.text;
    a.article.paragraphs.slice(0, HEADLINE_SEARCH).forEach((p, i) => {
      if (p.end - p.start > 3 * title.length + 40) return;
      const body = fold(text.slice(p.start, p.end));
      if (body.length === 0) return;
      const [short, long] = body.length <= title.length ? [body, title] : [title, body];
      if (long.includes(short) && short.length >= 0.7 * long.length) out.add(i);
    });
    return out;
  });
}
