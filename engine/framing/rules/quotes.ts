import stringSimilarity from 'string-similarity';
import type { PreparedArticle } from '../../input/article.ts';
import { foldTypography } from '../../text/normalize.ts';
import { speakerConfidence } from '../../analysis/quotes.ts';
import { outletName, roundSalience, span, type DraftFinding, type FramingContext, type FramingRule } from '../context.ts';
import stopwords from '../../data/stopwords-en.json' with { type: 'json' };

const STOPWORDS: ReadonlySet<string> = new Set(stopwords.words);

/** Fewest words and characters a quotation needs to be compared (shorter ones are phrases, not quotes). */
const MIN_QUOTE_WORDS = 2;
const MIN_QUOTE_CHARS = 8;
/** Share of the shorter quote's words the other must contain to be taken as the same quote. */
const SAME_QUOTE_WORDS = 0.6;
/** Dice similarity (character bigrams) above which two renderings are one quote, altered. */
const SAME_QUOTE_DICE = 0.6;

/** Salience by kind of variant: a quote given to another speaker matters most. */
const VARIANT_SALIENCE = { otherSpeaker: 0.8, altered: 0.6, trimmed: 0.45 } as const;

interface QuoteAt {
  article: number;
  paragraph: number;
  start: number;
  end: number;
  /** Folded, lower-cased words of the quote. */
  words: string[];
  /** Folded comparison text. */
  text: string;
  /** Canonical speaker, or null. */
  speaker: string | null;
  /** How sure the attribution is (0-1; 0 without a speaker). */
  attribution: number;
}

/** Attribution rules sure enough to claim that two outlets give the same words to different people. */
const STRONG_ATTRIBUTION = 0.8;
/** Shortest share of the longer quote's words the shorter must have to be the same quote, not a fragment of it. */
const SAME_QUOTE_LENGTH = 0.6;
/** Share of a longer rendering's extra words found in the neighbouring quotes for it to be one interrupted quotation. */
const NEARBY_SHARE = 0.7;
/** Fewest words two renderings must differ in to be an altered quote ("rationale gutting" / "rationale for gutting" is style). */
const MIN_ALTERED_WORDS = 2;
/** Fewest words a trimmed rendering must leave out to be worth showing (one dropped word is style). */
const MIN_TRIMMED_WORDS = 3;
/**
 * Spellings that are the same words: abbreviated titles ("Sen. Reid" / "Senator Reid") and
 * figures written out ("two-in-three" / "2 in 3"), folded before renderings are compared.
 */
const TITLE_FOLDS: Readonly<Record<string, string>> = {
  sen: 'senator', rep: 'representative', gov: 'governor', gen: 'general', pres: 'president', lt: 'lieutenant', sgt: 'sergeant', dr: 'doctor', st: 'saint', mt: 'mount',
  one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10',
};
/** Longest excerpt of a quote shown in a reason. */
const EXCERPT_CHARS = 120;

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= EXCERPT_CHARS ? flat : `${flat.slice(0, EXCERPT_CHARS - 1).replace(/\s+\S*$/, '')}…`;
}

/** The direct quotations of an article from the analysis, ready to compare. */
function quotesOf(ctx: FramingContext, ai: number): QuoteAt[] {
  const a: PreparedArticle = ctx.articles[ai]!;
  const out: QuoteAt[] = [];
  for (const q of ctx.quotes[ai] ?? []) {
    if (q.kind !== 'direct') continue;
    const inner = a.article.text.slice(q.start, q.end);
    if (inner.trim().length < MIN_QUOTE_CHARS) continue;
    const text = foldTypography(inner).toLowerCase().replace(/[^\p{L}\p{M}\p{N}' ]+/gu, ' ').replace(/\s+/g, ' ').trim();
    const words = text
      .split(' ')
      .filter(Boolean)
      .map((w) => TITLE_FOLDS[w] ?? w);
    if (words.length < MIN_QUOTE_WORDS) continue;
    out.push({ article: ai, paragraph: q.paragraph, start: q.start, end: q.end, words, text: words.join(' '), speaker: q.name, attribution: q.name ? speakerConfidence(q) : 0 });
  }
  return out;
}

/** Words one rendering has and the other lacks, counted with repeats. */
function differingWords(x: string[], y: string[]): number {
  const count = new Map<string, number>();
  for (const w of x) count.set(w, (count.get(w) ?? 0) + 1);
  for (const w of y) count.set(w, (count.get(w) ?? 0) - 1);
  let n = 0;
  for (const c of count.values()) n += Math.abs(c);
  return n;
}

/** Whether two renderings are surely different people's words: both named at their attributions, to different people. */
function surelyOthers(x: QuoteAt, y: QuoteAt): boolean {
  return x.speaker !== null && y.speaker !== null && x.speaker !== y.speaker && Math.min(x.attribution, y.attribution) >= STRONG_ATTRIBUTION;
}

/** Whether `small` is `large` with words left out (its words appear in `large`, in order). */
function inOrder(small: string[], large: string[]): boolean {
  let j = 0;
  for (const w of large) if (j < small.length && small[j] === w) j++;
  return j === small.length;
}

/**
 * Whether the words `large` has beyond `small` stand in the quotes next to `small` in its own
 * paragraph: a quotation interrupted by its attribution ("I trust in God," he said, "but ...")
 * is not a shortened one.
 */
function coveredNearby(quotes: QuoteAt[], small: QuoteAt, large: QuoteAt): boolean {
  const near = new Set(quotes.filter((q) => q !== small && q.article === small.article && q.paragraph === small.paragraph).flatMap((q) => q.words));
  const own = new Set(small.words);
  const extra = large.words.filter((w) => !own.has(w));
  return extra.length > 0 && extra.filter((w) => near.has(w)).length >= NEARBY_SHARE * extra.length;
}

/**
 * Whether two renderings give the words to different people: both attributed by rules sure
 * enough to say so, to different canonical names, and the same quote rather than a fragment of a
 * longer one (a speaker quoting another's phrase inside their own statement is no misattribution).
 */
function otherSpeaker(x: QuoteAt, y: QuoteAt): boolean {
  if (!x.speaker || !y.speaker || x.speaker === y.speaker) return false;
  if (Math.min(x.attribution, y.attribution) < STRONG_ATTRIBUTION) return false;
  return Math.min(x.words.length, y.words.length) >= SAME_QUOTE_LENGTH * Math.max(x.words.length, y.words.length);
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
          if (otherSpeaker(x, y)) out.push(variant(ctx, x, y, 'otherSpeaker'));
          continue;
        }
        const [small, large] = x.words.length <= y.words.length ? [x, y] : [y, x];
        // Content words in common against the shorter quote's content words (a quote of function
        // words only needs its exact text repeated, handled above).
        if (n < SAME_QUOTE_WORDS * Math.max(1, keyWords(small).size)) continue;
        // A fragment of a longer quotation ("war of Obama's choosing") is how news quotes: no variant.
        const fragment = small.words.length < SAME_QUOTE_LENGTH * large.words.length;
        const trimmedEnough = large.words.length - small.words.length >= MIN_TRIMMED_WORDS;
        const kind = otherSpeaker(x, y)
          ? 'otherSpeaker'
          : fragment
            ? null
            : ` ${large.text} `.includes(` ${small.text} `)
              ? null
              : trimmedEnough && inOrder(small.words, large.words) && !coveredNearby(quotes, small, large)
                ? 'trimmed'
              : stringSimilarity.compareTwoStrings(x.text, y.text) >= SAME_QUOTE_DICE && differingWords(x.words, y.words) >= MIN_ALTERED_WORDS && !surelyOthers(x, y)
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
  // The reason names a speaker only when the attribution is sure enough to be shown as fact.
  const who = (q: QuoteAt) => (q.speaker && q.attribution >= STRONG_ATTRIBUTION ? ` to ${q.speaker}` : '');
  const ea = excerpt(ta);
  const eb = excerpt(tb);
  const reason =
    kind === 'otherSpeaker'
      ? `The same words are attributed to ${qa.speaker} by ${outletName(a)} and to ${qb.speaker} by ${outletName(b)}: "${ea}".`
      : kind === 'trimmed'
        ? `${outletName(a)} quotes "${ea}"${who(qa)} where ${outletName(b)} quotes "${eb}": one renders the quote shortened.`
        : `${outletName(a)} quotes "${ea}"${who(qa)} where ${outletName(b)} renders it as "${eb}".`;
  // Different speakers: as sure as the weaker attribution; a rendering: the words are on the page.
  const confidence = kind === 'otherSpeaker' ? Math.min(qa.attribution, qb.attribution) : 0.8;
  return {
    ruleId: 'facts/quote-variant',
    severity: kind === 'trimmed' ? 'info' : kind === 'altered' ? 'notice' : 'warning',
    salience: roundSalience(VARIANT_SALIENCE[kind]),
    confidence,
    reason,
    spans: [span(a, qa.start, qa.end), span(b, qb.start, qb.end)],
    actual: ta,
    counterpart: [tb],
    data: { kind, speakers: { [a.article.id]: qa.speaker, [b.article.id]: qb.speaker } },
  };
}
