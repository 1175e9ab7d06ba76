/**
 * What the rewrite did to a direct quotation its source sentence carries:
 * `provenance/quote-altered` (the rewrite's quotation has words the source's quotation does not:
 * words put in the speaker's mouth) and `provenance/quote-reassigned` (the same quotation given to
 * another speaker).
 */
import stopwords from '../../data/stopwords-en.json' with { type: 'json' };
import type { PreparedArticle } from '../../input/article.ts';
import type { Quote } from '../../types.ts';
import type { ChangeRule, DraftChange, SentencePair } from './context.ts';
import { evidenceOf, quotesIn } from './context.ts';

const STOP: ReadonlySet<string> = new Set(stopwords.words);

/** Matching thresholds and weights of the quote rules. */
const QUOTE_MATCH = {
  /** Two quotations are one when this share of the shorter one's content words is in the other. */
  sameQuote: 0.5,
  /** Content words at least: shorter quotations ("a disgrace") are matched by the framing rules, not here. */
  minWords: 3,
} as const;

/**
 * Attributions trusted for a reassignment: the speaker named right at the quotation ("…," Taylor
 * said; according to Taylor). The other sieve rules (a sentence's subject, the previous quote)
 * guess, and a guess on either side would read as a quotation moved to someone else.
 */
const FIRM_ATTRIBUTION: ReadonlySet<string> = new Set(['after-quote', 'before-quote', 'according-to']);

/** Whether two names may be one person's ("Ansar" / "Omar Faruque Ansari"): a shared word, or one word the start of another. */
function sameName(x: string, y: string): boolean {
  const words = (n: string) => n.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3);
  const b = words(y);
  return words(x).some((w) => b.some((v) => v.startsWith(w) || w.startsWith(v)));
}

/** Whether both quotations have a firmly attributed person as speaker, and they are different people. */
function reassigned(mine: Quote, theirs: Quote): boolean {
  if (!mine.speaker || !theirs.speaker) return false;
  if (mine.speakerKind !== 'person' || theirs.speakerKind !== 'person') return false;
  if (!FIRM_ATTRIBUTION.has(mine.attribution ?? '') || !FIRM_ATTRIBUTION.has(theirs.attribution ?? '')) return false;
  return !sameName(mine.speaker, theirs.speaker);
}

/** Salience per change (0-1): words a speaker never said are among the worst things a rewrite can do. */
const SALIENCE = {
  'provenance/quote-altered': 0.85,
  /** Only function words differ ("The" for "This"): still not the speaker's words, but it rarely changes the meaning. */
  'provenance/quote-altered/minor': 0.45,
  'provenance/quote-reassigned': 0.9,
} as const;

/** Dropped words listed one by one up to this many; beyond, the rewrite quotes a fragment, and the source's whole quotation is the counterpart. */
const MAX_LISTED_DROPPED = 6;

type Word = { key: string; start: number; end: number };

/** Every word of a quotation: "not" for "never" or "this year" for "again" changes what was said. */
function allWords(a: PreparedArticle, q: Quote): Word[] {
  return a.tokens.filter((t) => t.start >= q.start && t.end <= q.end).map((t) => ({ key: t.key, start: t.start, end: t.end }));
}

/** The words that tell one quotation from another (function words left out): what matches a quotation to its source. */
const contentWords = (words: readonly Word[]): Word[] => words.filter((w) => !STOP.has(w.key));

function change(p: SentencePair, ruleId: 'provenance/quote-altered' | 'provenance/quote-reassigned', minor: boolean, flagged: { start: number; end: number }[], counterpart: { start: number; end: number }[], reason: string): DraftChange {
  return {
    ruleId,
    severity: minor ? 'info' : 'warning',
    salience: minor ? SALIENCE['provenance/quote-altered/minor'] : SALIENCE[ruleId],
    confidence: Math.round(p.score * 100) / 100,
    reason,
    spans: flagged.map((t) => ({ article: p.derived.article.id, start: t.start, end: t.end })),
    evidence: evidenceOf(p.derived.article.id, flagged, p.source.article.id, counterpart),
  };
}

export const quoteChanged: ChangeRule = (p) => {
  const mine = quotesIn(p, 'derived', 'direct');
  if (mine.length === 0) return [];
  const theirs = quotesIn(p, 'source', 'direct').map((q) => {
    const all = allWords(p.source, q);
    return { q, all, words: contentWords(all) };
  });
  const out: DraftChange[] = [];
  const text = (a: PreparedArticle, s: { start: number; end: number }) => a.article.text.slice(s.start, s.end);
  for (const q of mine) {
    const mineAll = allWords(p.derived, q);
    const words = contentWords(mineAll);
    if (words.length < QUOTE_MATCH.minWords) continue;
    // The source quotation sharing most of this one's content words.
    let best: (typeof theirs)[number] | undefined;
    let bestShare = 0;
    for (const t of theirs) {
      if (t.words.length < QUOTE_MATCH.minWords) continue;
      const keys = new Set(t.words.map((w) => w.key));
      const shared = words.filter((w) => keys.has(w.key)).length;
      const share = shared / Math.min(words.length, t.words.length);
      if (share > bestShare) (bestShare = share), (best = t);
    }
    if (!best || bestShare < QUOTE_MATCH.sameQuote) continue;
    const theirKeys = new Set(best.all.map((w) => w.key));
    const added = mineAll.filter((w) => !theirKeys.has(w.key));
    const name = p.source.article.name;
    if (added.length > 0) {
      const myKeys = new Set(mineAll.map((w) => w.key));
      const dropped = best.all.filter((w) => !myKeys.has(w.key));
      const listed = dropped.length > 0 && dropped.length <= MAX_LISTED_DROPPED;
      const minor = added.every((w) => STOP.has(w.key)) && dropped.every((w) => STOP.has(w.key));
      out.push(change(p, 'provenance/quote-altered', minor, added, listed ? dropped : [{ start: best.q.start, end: best.q.end }],
        `The rewrite quotes ${added.map((w) => `"${text(p.derived, w)}"`).join(', ')} inside the quotation marks, words ${name}'s quotation does not have${listed ? ` (it has ${dropped.map((w) => `"${text(p.source, w)}"`).join(', ')})` : ''}: "${text(p.source, best.q)}".`));
    }
    // A rewrite that still names the source's speaker by the quotation is more likely read wrong by the attribution than reassigned.
    const sentence = p.derived.article.sentences[p.sentence]!;
    if (reassigned(q, best.q) && !sameName(best.q.speaker ?? '', p.derived.article.text.slice(sentence.start, sentence.end))) {
      const flagged = q.speakerStart !== undefined && q.speakerEnd !== undefined ? { start: q.speakerStart, end: q.speakerEnd } : { start: q.start, end: q.end };
      const counterpart = best.q.speakerStart !== undefined && best.q.speakerEnd !== undefined ? { start: best.q.speakerStart, end: best.q.speakerEnd } : { start: best.q.start, end: best.q.end };
      out.push(change(p, 'provenance/quote-reassigned', false, [flagged], [counterpart],
        `The rewrite gives this quotation to ${q.speaker ?? ''}; in ${name} it is ${best.q.speaker ?? ''}'s.`));
    }
  }
  return out;
};
