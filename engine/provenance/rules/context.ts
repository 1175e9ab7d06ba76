/** What a provenance change rule reads: one supported derived sentence and its best source sentence. */
import type { PreparedArticle } from '../../input/article.ts';
import type { Token } from '../../text/tokenize.ts';
import type { EvidenceSpan, Finding, Span } from '../../types.ts';

export interface SentencePair {
  derived: PreparedArticle;
  /** Index of the derived sentence. */
  sentence: number;
  source: PreparedArticle;
  sourceSentence: number;
  /** The provenance model's probability for the pair. */
  score: number;
}

/** A change before its id and key are given (by `traceProvenance`, in sentence order). */
export type DraftChange = Omit<Finding, 'id' | 'key'>;

export type ChangeRule = (pair: SentencePair) => DraftChange[];

/** The tokens of a sentence. */
export function sentenceTokens(a: PreparedArticle, sentence: number): Token[] {
  const [from, to] = a.sentenceTokens[sentence]!;
  return a.tokens.slice(from, to);
}

/** A change's flagged spans in the derived article and counterpart spans in the source, as typed evidence. */
export function evidenceOf(derivedId: string, flagged: readonly Span[], sourceId: string, counterpart: readonly Span[]): EvidenceSpan[] {
  return [
    ...flagged.map((t) => ({ role: 'flagged' as const, article: derivedId, start: t.start, end: t.end })),
    ...counterpart.map((t) => ({ role: 'counterpart' as const, article: sourceId, start: t.start, end: t.end })),
  ];
}
