/** What a provenance change rule reads: one supported derived sentence and its best source sentence. */
import type { PreparedArticle } from '../../input/article.ts';
import type { Token } from '../../text/tokenize.ts';
import type { EvidenceSpan, Finding, Options, Quote, Span } from '../../types.ts';

export interface SentencePair {
  derived: PreparedArticle;
  /** Index of the derived sentence. */
  sentence: number;
  source: PreparedArticle;
  sourceSentence: number;
  /** The provenance model's probability for the pair. */
  score: number;
  /** What every pair of the trace shares: the other sources, quotes, options. */
  trace: TraceContext;
}

/** What the change rules of one trace share. */
export interface TraceContext {
  /** Every candidate source article (the derived one left out). */
  sources: readonly PreparedArticle[];
  /** Every article's quotes with canonical speakers (as in the comparison's `quotes`), by article id. */
  quotes: ReadonlyMap<string, readonly Quote[]>;
  options: Options;
}

/** The quotes of `article` that overlap a sentence, in text order. */
export function quotesIn(p: SentencePair, which: 'derived' | 'source', kind?: Quote['kind']): Quote[] {
  const a = which === 'derived' ? p.derived : p.source;
  const s = a.article.sentences[which === 'derived' ? p.sentence : p.sourceSentence]!;
  return (p.trace.quotes.get(a.article.id) ?? []).filter((q) => q.start < s.end && q.end > s.start && (kind === undefined || q.kind === kind));
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
