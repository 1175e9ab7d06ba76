import type { PreparedArticle } from '../input/article.ts';
import type { Options } from '../types.ts';
import { cosine, extractQuotes, termVector, type Quotes, type TermIndex, type TermVector } from './features.ts';
import { linkScore, quoteSimilarity, type ScoredLink } from './paragraphs.ts';

/** A scored link between sentences (indexes into each article's `sentences`). */
export interface ScoredSentenceLink {
  a: number;
  aSentence: number;
  b: number;
  bSentence: number;
  score: number;
}

/**
 * Sentence pairs of one paragraph pair scored in full; beyond this many, each sentence only
 * meets the sentences of the other paragraph that share its rarer terms (a paragraph of
 * thousands of sentences would otherwise cost millions of comparisons).
 */
const FULL_SENTENCE_PAIRS = 400;

/**
 * Returns, for a sentence vector, the indexes of the sentences in `others` worth scoring: all
 * of them for ordinary paragraph pairs; for huge ones (`pairs` over FULL_SENTENCE_PAIRS), the top
 * `k` by the part of the dot product carried by terms not spread over more than a tenth of
 * `others` (and more than 10 of them).
 */
function sentenceCandidates(others: Array<{ vector: TermVector }>, pairs: number, k: number): (v: TermVector) => number[] {
  const all = others.map((_, i) => i);
  if (pairs <= FULL_SENTENCE_PAIRS) return () => all;
  const postings = new Map<number, number[]>();
  others.forEach((o, i) => {
    for (let t = 0; t < o.vector.ids.length; t++) {
      const id = o.vector.ids[t]!;
      let list = postings.get(id);
      if (!list) postings.set(id, (list = []));
      list.push(i, t);
    }
  });
  const cap = 2 * Math.max(10, Math.floor(others.length / 10));
  for (const [id, list] of postings) if (list.length > cap) postings.delete(id);
  return (v) => {
    const partial = new Map<number, number>();
    for (let t = 0; t < v.ids.length; t++) {
      const list = postings.get(v.ids[t]!);
      if (!list) continue;
      for (let x = 0; x < list.length; x += 2) {
        const i = list[x]!;
        partial.set(i, (partial.get(i) ?? 0) + v.weights[t]! * others[i]!.vector.weights[list[x + 1]!]!);
      }
    }
    return [...partial]
      .sort((p, q) => q[1] - p[1] || p[0] - q[0])
      .slice(0, k)
      .map(([i]) => i)
      .sort((p, q) => p - q);
  };
}

/**
 * Links sentences inside each linked paragraph pair, scored the same way as paragraphs (weighted
 * term cosine raised by quote similarity), keeping pairs above `sentenceLinkThreshold` that are
 * within `relativeThreshold` of the best partner of either sentence in that paragraph pair.
 */
export function linkSentences(
  articles: PreparedArticle[],
  paragraphLinks: ScoredLink[],
  index: TermIndex,
  options: Options,
  vectors?: TermVector[][],
): ScoredSentenceLink[] {
  const { sentenceLinkThreshold, relativeThreshold } = options.alignment;
  // Sentence vectors and quotes, computed on first use (only sentences of linked paragraphs).
  const cache: Array<Array<{ vector: TermVector; quotes: Quotes } | undefined>> = articles.map((a) => new Array(a.article.sentences.length));
  const sentenceOf = (ai: number, si: number): { vector: TermVector; quotes: Quotes } => {
    const row = cache[ai]!;
    let v = row[si];
    if (!v) {
      const a = articles[ai]!;
      const [from, to] = a.sentenceTokens[si]!;
      const s = a.article.sentences[si]!;
      v = { vector: vectors?.[ai]?.[si] ?? termVector(ai, from, to, index, options), quotes: extractQuotes(a.article.text, s.start, s.end) };
      row[si] = v;
    }
    return v;
  };
  // Paragraph links are unique and every sentence lies in one paragraph, so sentence pairs
  // never repeat across paragraph links.
  const out: ScoredSentenceLink[] = [];
  for (const l of paragraphLinks) {
    const pa = articles[l.a]!.article.paragraphs[l.aIndex]!;
    const pb = articles[l.b]!.article.paragraphs[l.bIndex]!;
    const scored: ScoredSentenceLink[] = [];
    const bestA = new Map<number, number>();
    const bestB = new Map<number, number>();
    const bs = Array.from({ length: pb.sentenceCount }, (_, k) => sentenceOf(l.b, pb.firstSentence + k));
    const candidates = sentenceCandidates(bs, pa.sentenceCount * pb.sentenceCount, options.alignment.maxCandidatesPerParagraph);
    for (let i = pa.firstSentence; i < pa.firstSentence + pa.sentenceCount; i++) {
      const sa = sentenceOf(l.a, i);
      for (const k of candidates(sa.vector)) {
        const j = pb.firstSentence + k;
        const sb = bs[k]!;
        const score = linkScore(cosine(sa.vector, sb.vector), quoteSimilarity(sa.quotes, sb.quotes), options);
        if (score <= 0) continue;
        scored.push({ a: l.a, aSentence: i, b: l.b, bSentence: j, score });
        if ((bestA.get(i) ?? 0) < score) bestA.set(i, score);
        if ((bestB.get(j) ?? 0) < score) bestB.set(j, score);
      }
    }
    for (const s of scored) {
      if (s.score < sentenceLinkThreshold) continue;
      // As for paragraphs: near the best partner of at least one of the two sentences.
      if (s.score < relativeThreshold * Math.min(bestA.get(s.aSentence)!, bestB.get(s.bSentence)!)) continue;
      out.push(s);
    }
  }
  return out.sort((x, y) => x.a - y.a || x.b - y.b || x.aSentence - y.aSentence || x.bSentence - y.bSentence);
}
