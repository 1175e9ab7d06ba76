/**
 * `provenance/figure-changed`: the derived sentence gives a figure its source sentence does not,
 * where the source gives another ("47 injured" rewritten as "dozens" or "50").
 */
import type { ChangeRule } from './context.ts';
import { evidenceOf, sentenceTokens } from './context.ts';

/** Figures compared without thousands separators ("1,200" is "1200"). */
const figure = (key: string): string => key.replace(/,/g, '');

export const RULE_ID = 'provenance/figure-changed';

export const figureChanged: ChangeRule = ({ derived, sentence, source, sourceSentence, score }) => {
  const mine = sentenceTokens(derived, sentence).filter((t) => t.kind === 'number');
  const theirs = sentenceTokens(source, sourceSentence).filter((t) => t.kind === 'number');
  const theirSet = new Set(theirs.map((t) => figure(t.key)));
  const mySet = new Set(mine.map((t) => figure(t.key)));
  const added = mine.filter((t) => !theirSet.has(figure(t.key)));
  const dropped = theirs.filter((t) => !mySet.has(figure(t.key)));
  if (added.length === 0 || dropped.length === 0) return [];
  const text = (a: typeof derived, ts: typeof mine) => ts.map((t) => `"${a.article.text.slice(t.start, t.end)}"`).join(', ');
  const evidence = evidenceOf(derived.article.id, added, source.article.id, dropped);
  return [{
    ruleId: RULE_ID,
    severity: 'warning',
    salience: 0.8,
    confidence: Math.round(score * 100) / 100,
    reason: `The rewrite gives ${text(derived, added)} where its source, ${source.article.name}, gives ${text(source, dropped)}.`,
    spans: added.map((t) => ({ article: derived.article.id, start: t.start, end: t.end })),
    evidence,
    actual: added.map((t) => derived.article.text.slice(t.start, t.end)).join(', '),
    counterpart: dropped.map((t) => source.article.text.slice(t.start, t.end)),
  }];
};
