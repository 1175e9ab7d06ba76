/**
 * `provenance/evaluative-added`: a loaded or evaluative word (the connotation lexicon the framing
 * rules use, `framing/lexicons/loaded-terms.json`) in a supported sentence of the rewrite that no
 * source article uses anywhere: the rewrite's own judgement, presented as reporting.
 */
import { connotationLexicon, connotations } from '../../framing/connotation.ts';
import { matchLexicon } from '../../framing/lexicon.ts';
import type { PreparedArticle } from '../../input/article.ts';
import type { ChangeRule } from './context.ts';
import { evidenceOf, quotesIn } from './context.ts';

export const RULE_ID = 'provenance/evaluative-added';

/** Salience (0-1) of an evaluative word the sources never use, weighted by the lexicon entry's own weight. */
const SALIENCE = 0.7;

/** The lexicon terms each source uses anywhere, memoised per article (one trace asks for each source many times). */
const termsUsed = new WeakMap<PreparedArticle, Set<string>>();

export const evaluativeAdded: ChangeRule = (p) => {
  const lex = connotationLexicon(p.trace.options);
  const [from, to] = p.derived.sentenceTokens[p.sentence]!;
  // The speaker's words in quotation marks are not the rewrite's judgement.
  const quoted = quotesIn(p, 'derived', 'direct');
  const matches = connotations(lex, p.derived.tokens, from, to, p.trace.options).filter((m) => {
    const s = p.derived.tokens[m.from]!.start;
    return !quoted.some((q) => q.start <= s && s < q.end);
  });
  if (matches.length === 0) return [];
  const usedBySome = (term: string): boolean => p.trace.sources.some((src) => {
    let set = termsUsed.get(src);
    if (!set) {
      set = new Set(matchLexicon(lex, src.tokens, 0, src.tokens.length).map((m) => m.term));
      termsUsed.set(src, set);
    }
    return set.has(term);
  });
  const fresh = matches.filter((m) => !usedBySome(m.term));
  if (fresh.length === 0) return [];
  const spans = fresh.map((m) => ({ start: p.derived.tokens[m.from]!.start, end: p.derived.tokens[m.to - 1]!.end }));
  const words = spans.map((s) => `"${p.derived.article.text.slice(s.start, s.end)}"`).join(', ');
  const src = p.source.article.sentences[p.sourceSentence]!;
  const weight = Math.max(...fresh.map((m) => m.weight));
  return [{
    ruleId: RULE_ID,
    severity: 'notice',
    salience: Math.round(SALIENCE * Math.min(1, weight) * 100) / 100,
    confidence: Math.round(p.score * 100) / 100,
    reason: `The rewrite calls it ${words} (${fresh.map((m) => m.category).join(', ')}); no source uses ${fresh.length > 1 ? 'these words' : 'this word'}, and ${p.source.article.name}'s sentence reports it without.`,
    spans: spans.map((s) => ({ article: p.derived.article.id, ...s })),
    evidence: evidenceOf(p.derived.article.id, spans, p.source.article.id, [{ start: src.start, end: src.end }]),
  }];
};
