import stringSimilarity from 'string-similarity';
import type { PreparedArticle } from '../../input/article.ts';
import { foldTypography } from '../../text/normalize.ts';
import { outletName, roundSalience, sentenceAt, span, type DraftFinding, type FramingContext, type FramingRule } from '../context.ts';
import { speakerOf } from './coverage.ts';
import stopwords from '../../data/stopwords-en.json' with { type: 'json' };

const STOPWORDS: ReadonlySet<string> = new Set(stopwords.words);

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
    const quotes = ctx.articles.flatMap((_, ai) => quotesOf(ctx, ai));
    // Candidate pairs through the words they share: no comparison of every quote with every quote.
    const byWord = new Map<string, number[]>();
    const keyWords = (q: QuoteAt) => new Set(q.words.filter((w) => !STOPWORDS.has(w)));
    quotes.forEach((q, qi) => {
      for (const w of keyWords(q)) {
        const list = byWord.get(w);
        if (list) list.push(qi);
        else byWord.set(w, [qi]);
      }
    });
    const out: DraftFinding[] = [];
    quotes.forEach((qa, i) => {
      const shared = new Map<number, number>();
      for (const w of keyWords(qa)) {
        for (const j of byWord.get(w)!) if (j > i && quotes[j]!.article !== qa.article) shared.set(j, (shared.get(j) ?? 0) + 1);
      }
      for (const [j, n] of [...shared].sort((x, y) => x[0] - y[0])) {
        const qb = quotes[j]!;
        const [x, y] = qa.article < qb.article ? [qa, qb] : [qb, qa];
        if (x.text === y.text) {
          if (x.speaker && y.speaker && surname(x.speaker) !== surname(y.speaker)) out.push(variant(ctx, x, y, 'otherSpeaker'));
          continue;
        }
        const [small, large] = x.words.length <= y.words.length ? [x, y] : [y, x];
        // Content words in common against the shorter quote's content words (a quote of function
        // words only needs its exact text repeated, handled above).
        if (n < SAME_QUOTE_WORDS * Math.max(1, keyWords(small).size)) continue;
        const kind =
          x.speaker && y.speaker && surname(x.speaker) !== surname(y.speaker)
            ? 'otherSpeaker'
            : ` ${large.text} `.includes(` ${small.text} `)
              ? 'trimmed'
              : stringSimilarity.compareTwoStrings(x.text, y.text) >= SAME_QUOTE_DICE
                ? 'altered'
                : null;
        if (kind) out.push(variant(ctx, x, y, kind));
      }
    });
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
