import stringSimilarity from 'string-similarity';
import type { PreparedArticle } from '../../input/article.ts';
import { foldTypography } from '../../text/normalize.ts';
import { outletName, roundSalience, sentenceAt, span, type DraftFinding, type FramingContext, type FramingRule } from '../context.ts';
import { speakerOf } from './coverage.ts';

/** Fewest words a quotation needs to be compared (shorter ones are phrases, not quotes). */
const MIN_QUOTE_WORDS = 2;
/** Share of the shorter quote's words the other must contain to be taken as the same quote. */
const SAME_QUOTE_WORDS = 0.6;
/** Dice similarity (character bigrams) above which two renderings are one quote, altered. */
const SAME_QUOTE_DICE = 0.6;

/** Salience by kind of variant: a quote given to another speaker matters most. */
const VARIANT_SALIENCE = { otherSpeaker: 0.8, altered: 0.6, trimmed: 0.45 } as const;

interface QuoteAt {
  article: number;
  start: number;
  end: number;
  /** Folded, lower-cased words of the quote. */
  words: string[];
  /** Folded comparison text. */
  text: string;
  speaker: string | null;
}

const QUOTE_RE = /["\u201C]([^"\u201C\u201D]{8,}?)["\u201D]/g;

function quotesOf(ctx: FramingContext, ai: number): QuoteAt[] {
  const a: PreparedArticle = ctx.articles[ai]!;
  const out: QuoteAt[] = [];
  QUOTE_RE.lastIndex = 0;
  for (let m = QUOTE_RE.exec(a.article.text); m !== null; m = QUOTE_RE.exec(a.article.text)) {
    const inner = m[1]!;
    const text = foldTypography(inner).toLowerCase().replace(/[^\p{L}\p{M}\p{N}' ]+/gu, ' ').replace(/\s+/g, ' ').trim();
    const words = text.split(' ').filter(Boolean);
    if (words.length < MIN_QUOTE_WORDS) continue;
    const start = m.index + 1;
    out.push({ article: ai, start, end: start + inner.length, words, text, speaker: speakerOf(ctx, ai, sentenceAt(a, start)) });
  }
  return out;
}

/** Surname of a speaker, for comparing "Dmitry Peskov" with "Peskov". */
function surname(s: string): string {
  return s.split(' ').pop()!.toLowerCase();
}

/**
 * `facts/quote-variant`: the same quotation rendered differently by different outlets: trimmed,
 * altered, or attributed to someone else.
 */
export const quoteVariantRule: FramingRule = {
  id: 'facts/quote-variant',
  run(ctx: FramingContext): DraftFinding[] {
    const quotes = ctx.articles.map((_, ai) => quotesOf(ctx, ai));
    const out: DraftFinding[] = [];
    for (let x = 0; x < quotes.length; x++) {
      for (let y = x + 1; y < quotes.length; y++) {
        for (const qa of quotes[x]!) {
          for (const qb of quotes[y]!) {
            if (qa.text === qb.text) {
              if (qa.speaker && qb.speaker && surname(qa.speaker) !== surname(qb.speaker)) out.push(variant(ctx, qa, qb, 'otherSpeaker'));
              continue;
            }
            const [small, large] = qa.words.length <= qb.words.length ? [qa, qb] : [qb, qa];
            const set = new Set(large.words);
            const shared = small.words.filter((w) => set.has(w)).length;
            if (shared < SAME_QUOTE_WORDS * small.words.length) continue;
            const kind = qa.speaker && qb.speaker && surname(qa.speaker) !== surname(qb.speaker)
              ? 'otherSpeaker'
              : ` ${large.text} `.includes(` ${small.text} `)
                ? 'trimmed'
                : stringSimilarity.compareTwoStrings(qa.text, qb.text) >= SAME_QUOTE_DICE
                  ? 'altered'
                  : null;
            if (kind) out.push(variant(ctx, qa, qb, kind));
          }
        }
      }
    }
    return out;
  },
};

function variant(ctx: FramingContext, qa: QuoteAt, qb: QuoteAt, kind: keyof typeof VARIANT_SALIENCE): DraftFinding {
  const a = ctx.articles[qa.article]!;
  const b = ctx.articles[qb.article]!;
  const ta = a.article.text.slice(qa.start, qa.end);
  const tb = b.article.text.slice(qb.start, qb.end);
  const who = (q: QuoteAt) => (q.speaker ? ` to ${q.speaker}` : '');
  const reason =
    kind === 'otherSpeaker'
      ? `The same words are attributed to ${qa.speaker} by ${outletName(a)} and to ${qb.speaker} by ${outletName(b)}: "${ta}".`
      : kind === 'trimmed'
        ? `${outletName(a)} quotes "${ta}"${who(qa)} where ${outletName(b)} quotes "${tb}": one renders the quote shortened.`
        : `${outletName(a)} quotes "${ta}"${who(qa)} where ${outletName(b)} renders it as "${tb}".`;
  return {
    ruleId: 'facts/quote-variant',
    severity: kind === 'trimmed' ? 'info' : kind === 'altered' ? 'notice' : 'warning',
    salience: roundSalience(VARIANT_SALIENCE[kind]),
    reason,
    spans: [span(a, qa.start, qa.end), span(b, qb.start, qb.end)],
    actual: ta,
    counterpart: [tb],
    data: { kind, speakers: { [a.article.id]: qa.speaker, [b.article.id]: qb.speaker } },
  };
}
