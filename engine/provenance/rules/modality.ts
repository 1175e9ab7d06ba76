/**
 * How sure the rewrite is against its source, from the certainty lexicon
 * (`framing/lexicons/certainty.json`): `provenance/hedge-dropped` (the source hedges, "reportedly",
 * "may", and the rewrite states it as fact), `provenance/hedge-added` (the reverse), and
 * `provenance/certainty-raised` (the rewrite adds "will", "clearly"... that the source does not use).
 */
import certainty from '../../framing/lexicons/certainty.json' with { type: 'json' };
import type { Token } from '../../text/tokenize.ts';
import type { Span } from '../../types.ts';
import type { ChangeRule, DraftChange, SentencePair } from './context.ts';
import { evidenceOf, sentenceTokens } from './context.ts';

const HEDGES = new Set(certainty.hedges);
const CERTAIN = new Set(certainty.certainty);

/** Salience per change (0-1): a dropped hedge changes what the reader is told is known; an added one is usually caution. */
const SALIENCE = {
  'provenance/hedge-dropped': 0.75,
  'provenance/certainty-raised': 0.65,
  'provenance/hedge-added': 0.45,
} as const;

function change(p: SentencePair, ruleId: keyof typeof SALIENCE, flagged: Span[], counterpart: Span[], reason: string): DraftChange {
  const spans = flagged.map((t) => ({ article: p.derived.article.id, start: t.start, end: t.end }));
  return {
    ruleId,
    severity: ruleId === 'provenance/hedge-added' ? 'info' : 'notice',
    salience: SALIENCE[ruleId],
    confidence: Math.round(p.score * 100) / 100,
    reason,
    spans,
    evidence: evidenceOf(p.derived.article.id, flagged, p.source.article.id, counterpart),
  };
}

export const modalityChanged: ChangeRule = (p) => {
  const mine = sentenceTokens(p.derived, p.sentence);
  const theirs = sentenceTokens(p.source, p.sourceSentence);
  const words = (ts: Token[], set: Set<string>) => ts.filter((t) => t.kind === 'word' && set.has(t.key));
  const said = (a: typeof p.derived, ts: Token[]) => ts.map((t) => `"${a.article.text.slice(t.start, t.end)}"`).join(', ');
  const myHedges = words(mine, HEDGES);
  const theirHedges = words(theirs, HEDGES);
  const myCertain = words(mine, CERTAIN).filter((t) => !theirs.some((u) => u.key === t.key));
  const out: DraftChange[] = [];
  const name = p.source.article.name;
  if (theirHedges.length > 0 && myHedges.length === 0) {
    // Flagged: the derived sentence itself (what it states without the hedge).
    const whole = p.derived.article.sentences[p.sentence]!;
    out.push(change(p, 'provenance/hedge-dropped', [{ start: whole.start, end: whole.end }], theirHedges, `${name} hedges this (${said(p.source, theirHedges)}); the rewrite states it without a hedge.`));
  } else if (myHedges.length > 0 && theirHedges.length === 0) {
    out.push(change(p, 'provenance/hedge-added', myHedges, [], `The rewrite hedges this (${said(p.derived, myHedges)}) where ${name} states it plainly.`));
  }
  if (myCertain.length > 0) {
    out.push(change(p, 'provenance/certainty-raised', myCertain, theirHedges, `The rewrite adds certainty (${said(p.derived, myCertain)}) that ${name} does not express${theirHedges.length ? `; it hedges (${said(p.source, theirHedges)})` : ''}.`));
  }
  return out;
};
