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
 * Links sentences inside each linked paragraph pair, scored the same way as paragraphs (weighted
 * term cosine raised by quote similarity), keeping pairs above `sentenceLinkThreshold` that are
 * within `relativeThreshold` of the best partner of either sentence in that paragraph pair.
 */
export function linkSentences(articles: PreparedArticle[], paragraphLinks: ScoredLink[], index: TermIndex, options: Options): ScoredSentenceLink[] {
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
      v = { vector: termVector(ai, from, to, index, options), quotes: extractQuotes(a.article.text, s.start, s.end) };
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
    for (let i = pa.firstSentence; i < pa.firstSentence + pa.sentenceCount; i++) {
      const sa = sentenceOf(l.a, i);
      for (let j = pb.firstSentence; j < pb.firstSentence + pb.sentenceCount; j++) {
        const sb = sentenceOf(l.b, j);
        const score = linkScore(cosine(sa.vector, sb.vector), quoteSimilarity(sa.quotes, sb.quotes), options);
        if (score <= 0) continue;
        scored.push({ a: l.a, aSentence: i, b: l.b, bSentence: j, score });
        if ((bestA.get(i) ?? 0) < score) bestA.set(i, score);
        if ((bestB.get(j) ?? 0) < score) bestB.set(j, score);
      }
    }
    for (const s of scored) {
      if (s.score < sentenceLinkThreshold) continue;
      if (s.score < relativeThreshold * Math.max(bestA.get(s.aSentence)!, bestB.get(s.bSentence)!)) continue;
      out.push(s);
    }
  }
  return out.sort((x, y) => x.a - y.a || x.b - y.b || x.aSentence - y.aSentence || x.bSentence - y.bSentence);
}
