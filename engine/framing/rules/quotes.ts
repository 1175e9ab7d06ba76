import type { PreparedArticle } from '../../input/article.ts';
import { speakerConfidence } from '../../analysis/quotes.ts';
import { stemmer } from 'stemmer';
import { lcsRuns } from '../../diff/lcs.ts';
import type { Token } from '../../text/tokenize.ts';
import { outletName, roundSalience, span, tokensIn, type DraftFinding, type FramingContext, type FramingRule } from '../context.ts';
import stopwords from '../../data/stopwords-en.json' with { type: 'json' };

const STOPWORDS: ReadonlySet<string> = new Set(stopwords.words);

/** Fewest words and characters a quotation needs to be compared (shorter ones are phrases, not quotes). */
const MIN_QUOTE_WORDS = 2;
const MIN_QUOTE_CHARS = 8;
/** Share of the shorter quote's words the other must contain to be taken as the same quote. */
const SAME_QUOTE_WORDS = 0.6;

/** Salience by kind of variant: a quote given to another speaker matters most. */
const VARIANT_SALIENCE = {
  otherSpeaker: 0.8,
  /** A content word replaced by another ("a nuclear bomb" / "nuclear arms"). */
  altered: 0.6,
  /** A content word for a function word or none ("I have" / "I got", "As" / "I think"): under the review's cut; judged trivial in all audited cases. */
  alteredSlightly: 0.35,
  trimmed: 0.45,
} as const;

/** A word of a quotation as compared, with the offsets of the token it came from. */
interface QuoteWord {
  /** Folded comparison form (contractions expanded, titles and small numbers folded). */
  w: string;
  start: number;
  end: number;
  /** The token has a capital letter (a name, or a sentence's first word: "al-Qaddafi" counts). */
  cap: boolean;
}

interface QuoteAt {
  article: number;
  paragraph: number;
  start: number;
  end: number;
  /** Folded, lower-cased words of the quote. */
  words: string[];
  /** The same words with their offsets in the article's text. */
  tokens: QuoteWord[];
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
/** Most of a quote's aligned words that may differ for the two to be one quote altered rather than two statements. */
const MAX_ALTERED_SHARE = 0.5;
/** Fewest words a trimmed rendering must leave out inside the quote to be worth showing (one dropped word is style). */
const MIN_TRIMMED_WORDS = 3;
/** Most words on each side of one changed stretch read as a change of wording (longer: the outlets quote different passages). */
const MAX_SUBSTITUTION_WORDS = 4;
/** Fewest words a compared quote needs ("in Vietnam", "phony theology" are phrases every outlet cuts its own way). */
const MIN_COMPARED_WORDS = 4;
/** Longest run of common function words dissolved into the differing stretches around it. */
const MAX_JOINING_RUN = 2;
/** Fewest common words on each side of a cut for it to be a cut inside one quote (fewer: the LCS stitched a fragment across the longer quote). */
const MIN_CUT_ANCHOR = 3;
/**
 * Longest run of words, on each side, in which two renderings may both go on differently at an
 * end and still be one quote altered there ("closer to a nuclear bomb" / "closer to nuclear
 * arms"); longer, the outlets simply quote different stretches of the statement.
 */
const MAX_END_SUBSTITUTION = 3;
/**
 * Spellings that are the same words: abbreviated titles ("Sen. Reid" / "Senator Reid") and
 * figures written out ("two-in-three" / "2 in 3"), folded before renderings are compared.
 */
const TITLE_FOLDS: Readonly<Record<string, string>> = {
  sen: 'senator', rep: 'representative', gov: 'governor', gen: 'general', pres: 'president', lt: 'lieutenant', sgt: 'sergeant', dr: 'doctor', st: 'saint', mt: 'mount',
  one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10',
};
/**
 * Contractions written out, so that "he's determined" and "he is determined" are one rendering
 * (the tokenizer's key has already dropped a possessive or contracted 's).
 */
const CONTRACTIONS: ReadonlyArray<[RegExp, string[]]> = [
  [/^can't$/, ['can', 'not']],
  [/^won't$/, ['will', 'not']],
  [/^(.+)n't$/, ['$1', 'not']],
  [/^(.+)'re$/, ['$1', 'are']],
  [/^(.+)'ll$/, ['$1', 'will']],
  [/^(.+)'ve$/, ['$1', 'have']],
  [/^(.+)'m$/, ['$1', 'am']],
  [/^(.+)'d$/, ['$1', 'would']],
];
/** Longest excerpt of a quote shown in a reason. */
const EXCERPT_CHARS = 120;
/** Longest quotation compared, in words: longer ones are compared on their first words (bounds the alignment's cost). */
const MAX_QUOTE_WORDS = 400;

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= EXCERPT_CHARS ? flat : `${flat.slice(0, EXCERPT_CHARS - 1).replace(/\s+\S*$/, '')}…`;
}

/** The comparison words of one token: its key split at hyphens, contractions written out, titles folded. */
function comparisonWords(t: Token): string[] {
  const out: string[] = [];
  for (const part of t.kind === 'word' ? t.key.split(/[-\u2010\u2011]/) : [t.key]) {
    if (!part) continue;
    let words = [part];
    // Contractions only where there is an apostrophe (most words have none: no regex run for them).
    if (part.includes("'")) {
      for (const [re, rep] of CONTRACTIONS) {
        if (re.test(part)) {
          words = rep.map((r) => part.replace(re, r));
          break;
        }
      }
    }
    for (const w of words) out.push(TITLE_FOLDS[w] ?? w);
  }
  return out;
}

/** The direct quotations of an article from the analysis, ready to compare. */
function quotesOf(ctx: FramingContext, ai: number): QuoteAt[] {
  const a: PreparedArticle = ctx.articles[ai]!;
  const out: QuoteAt[] = [];
  for (const q of ctx.quotes[ai] ?? []) {
    if (q.kind !== 'direct') continue;
    const inner = a.article.text.slice(q.start, q.end);
    if (inner.trim().length < MIN_QUOTE_CHARS) continue;
    const tokens: QuoteWord[] = [];
    for (const t of tokensIn(a, q.start, q.end)) {
      for (const w of comparisonWords(t)) tokens.push({ w, start: t.start, end: t.end, cap: t.capitalized || (t.key.includes('-') && /\p{Lu}/u.test(a.article.text.slice(t.start, t.end))) });
      if (tokens.length >= MAX_QUOTE_WORDS) break;
    }
    const words = tokens.map((t) => t.w);
    if (words.length < MIN_QUOTE_WORDS) continue;
    out.push({ article: ai, paragraph: q.paragraph, start: q.start, end: q.end, words, tokens, text: words.join(' '), speaker: q.name, attribution: q.name ? speakerConfidence(q) : 0 });
  }
  return out;
}

/** A stretch where two aligned renderings differ: words `[x0, x1)` of one against `[y0, y1)` of the other. */
interface Gap {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** Before the first or after the last common word. */
  end: boolean;
}

/** Word alignment of two renderings: the words they share in order, and the stretches where they differ. */
interface QuoteAlignment {
  common: number;
  gaps: Gap[];
}

/** Aligns two renderings by a longest common subsequence of their words. */
function alignQuotes(x: QuoteAt, y: QuoteAt, ids: Map<string, number>): QuoteAlignment {
  const intern = (w: string) => {
    let id = ids.get(w);
    if (id === undefined) ids.set(w, (id = ids.size));
    return id;
  };
  const n = x.words.length;
  const m = y.words.length;
  const xa = Int32Array.from(x.words, intern);
  const ya = Int32Array.from(y.words, intern);
  const all = n > 0 && m > 0 ? lcsRuns(xa, ya, 0, n, m) : [];
  // A short run of function words between two differing stretches ("the" of "and the council
  // will act on the" against "the") is where the LCS happened to pair a common word: it joins
  // the stretches around it, so one cut or one change reads as one.
  const runs = all.filter(([len, as], k) => k === 0 || k === all.length - 1 || len > MAX_JOINING_RUN || x.words.slice(as, as + len).some((w) => !STOPWORDS.has(w)));
  const gaps: Gap[] = [];
  let common = 0;
  let px = 0;
  let py = 0;
  for (const [len, as, bs] of runs) {
    if (as > px || bs > py) gaps.push({ x0: px, x1: as, y0: py, y1: bs, end: common === 0 });
    common += len;
    px = as + len;
    py = bs + len;
  }
  if (px < n || py < m) gaps.push({ x0: px, x1: n, y0: py, y1: m, end: true });
  return { common, gaps };
}

/**
 * Common words before each gap and after the last, on the shorter side: `runs[k]` is the run of
 * shared words just before gap k, `runs[k + 1]` the one just after it.
 */
function commonRuns(al: QuoteAlignment, smallIsX: boolean, length: number): number[] {
  const out: number[] = [];
  let prev = 0;
  for (const g of al.gaps) {
    const at = smallIsX ? g.x0 : g.y0;
    out.push(at - prev);
    prev = smallIsX ? g.x1 : g.y1;
  }
  out.push(length - prev);
  return out;
}

/** Content words (not function words) among words `[from, to)` of a rendering. */
function contentWords(q: QuoteAt, from: number, to: number): number {
  let k = 0;
  for (let i = from; i < to; i++) if (!STOPWORDS.has(q.words[i]!)) k++;
  return k;
}

/** Inflection-blind form of a word ("pews" / "pew", "supported" / "support", "ending" / "end"). */
function stemForm(w: string): string {
  return w.length > 3 && /^[a-z]+$/.test(w) ? stemmer(w) : w;
}

/**
 * Changes of one stretch that are the same words in another spelling, each a guard with its
 * reason: the renderings say the same thing.
 */
const SAME_WORDING_GUARDS: ReadonlyArray<{ id: string; why: string; test: (xs: QuoteWord[], ys: QuoteWord[], xText: string, yText: string) => boolean }> = [
  {
    id: 'inflection',
    why: 'singular and plural, or tenses, of the same words ("pew" / "pews"): transcription, not a change of meaning',
    test: (xs, ys) => {
      const content = (ws: QuoteWord[]) => ws.map((w) => w.w).filter((w) => !STOPWORDS.has(w)).map(stemForm).sort().join(' ');
      return content(xs) === content(ys);
    },
  },
  {
    id: 'compound',
    why: 'a compound written as one word or two ("world view" / "worldview")',
    test: (xs, ys) => xs.map((w) => w.w).join('') === ys.map((w) => w.w).join(''),
  },
  {
    id: 'name-spelling',
    why: 'a name transliterated or spelled another way ("Qaddafi" / "Gadhafi"): every word capitalised on both sides',
    test: (xs, ys) => xs.every((w) => w.cap) && ys.every((w) => w.cap),
  },
  {
    id: 'editorial-insertion',
    why: 'words in square brackets are the outlet\'s marked insertion ("[President Barack] Obama"), shown to its readers',
    test: (_xs, _ys, xText, yText) => /[[\]]/.test(xText) || /[[\]]/.test(yText),
  },
];

/**
 * The stretches where two renderings of one quote differ in wording: a short stretch of each
 * changed into the other, with a content word and not merely respelled (see
 * `SAME_WORDING_GUARDS`): function words, punctuation, hyphens and contractions ("he's" / "he
 * is", "or" / "and") are transcription style, judged trivial in every audited case. Inner stretches only, except a short change at an end where both go
 * on differently; an end where only one goes on is where the outlets cut the quote.
 */
function alteredGaps(ctx: FramingContext, x: QuoteAt, y: QuoteAt, al: QuoteAlignment): Gap[] {
  const tx = ctx.articles[x.article]!.article.text;
  const ty = ctx.articles[y.article]!.article.text;
  return al.gaps.filter((g) => {
    const nx = g.x1 - g.x0;
    const ny = g.y1 - g.y0;
    if (nx === 0 || ny === 0 || nx > MAX_SUBSTITUTION_WORDS || ny > MAX_SUBSTITUTION_WORDS) return false;
    if (g.end && (nx > MAX_END_SUBSTITUTION || ny > MAX_END_SUBSTITUTION)) return false;
    if (contentWords(x, g.x0, g.x1) + contentWords(y, g.y0, g.y1) === 0) return false;
    const xs = x.tokens.slice(g.x0, g.x1);
    const ys = y.tokens.slice(g.y0, g.y1);
    // The original text of each side, with the characters around it (brackets, quotes).
    const xText = tx.slice(Math.max(x.start, xs[0]!.start - 1), Math.min(x.end, xs[xs.length - 1]!.end + 1));
    const yText = ty.slice(Math.max(y.start, ys[0]!.start - 1), Math.min(y.end, ys[ys.length - 1]!.end + 1));
    return !SAME_WORDING_GUARDS.some((guard) => guard.test(xs, ys, xText, yText));
  });
}

/** The article offsets of words `[from, to)` of a rendering, or null when the range is empty. */
function gapSpan(q: QuoteAt, from: number, to: number): { start: number; end: number } | null {
  if (to <= from) return null;
  return { start: q.tokens[from]!.start, end: q.tokens[to - 1]!.end };
}

/** Whether two renderings are surely different people's words: both named at their attributions, to different people. */
function surelyOthers(x: QuoteAt, y: QuoteAt): boolean {
  return x.speaker !== null && y.speaker !== null && x.speaker !== y.speaker && Math.min(x.attribution, y.attribution) >= STRONG_ATTRIBUTION;
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
    // Each quote's content words, made once.
    const keySets = new Map<QuoteAt, Set<string>>();
    const keyWords = (q: QuoteAt) => {
      let set = keySets.get(q);
      if (!set) keySets.set(q, (set = new Set(q.words.filter((w) => !STOPWORDS.has(w)))));
      return set;
    };
    quotes.forEach((q, qi) => {
      for (const w of keyWords(q)) {
        const list = byWord.get(w);
        if (list) list.push(qi);
        else byWord.set(w, [qi]);
      }
    });
    const out: DraftFinding[] = [];
    const ids = new Map<string, number>();
    quotes.forEach((qa, i) => {
      const shared = new Map<number, number>();
      for (const w of keyWords(qa)) {
        for (const j of byWord.get(w)!) if (j > i && quotes[j]!.article !== qa.article) shared.set(j, (shared.get(j) ?? 0) + 1);
      }
      for (const [j, n] of [...shared].sort((x, y) => x[0] - y[0])) {
        const qb = quotes[j]!;
        const [x, y] = qa.article < qb.article ? [qa, qb] : [qb, qa];
        if (x.text === y.text) {
          if (otherSpeaker(x, y)) out.push(variant(ctx, x, y, 'otherSpeaker', []));
          continue;
        }
        const [small, large] = x.words.length <= y.words.length ? [x, y] : [y, x];
        // Content words in common against the shorter quote's content words (a quote of function
        // words only needs its exact text repeated, handled above).
        if (n < SAME_QUOTE_WORDS * Math.max(1, keyWords(small).size)) continue;
        const al = alignQuotes(x, y, ids);
        // One quote: most of the shorter rendering's words stand in the other, in order.
        if (al.common < SAME_QUOTE_WORDS * small.words.length) continue;
        if (otherSpeaker(x, y)) {
          out.push(variant(ctx, x, y, 'otherSpeaker', []));
          continue;
        }
        // Renderings given surely to different people are two statements sharing words.
        if (surelyOthers(x, y)) continue;
        if (small.words.length < MIN_COMPARED_WORDS) continue;
        const altered = alteredGaps(ctx, x, y, al);
        const changed = altered.reduce((k, g) => k + contentWords(x, g.x0, g.x1) + contentWords(y, g.y0, g.y1), 0);
        if (altered.length > 0 && changed <= MAX_ALTERED_SHARE * al.common) {
          const substantive = altered.some((g) => contentWords(x, g.x0, g.x1) > 0 && contentWords(y, g.y0, g.y1) > 0);
          out.push(variant(ctx, x, y, substantive ? 'altered' : 'alteredSlightly', altered));
          continue;
        }
        // Trimmed: the shorter rendering leaves a stretch out inside the quote (not at its ends,
        // where outlets choose how much to quote), held on both sides by common words, unmarked by
        // an ellipsis, and not standing in a quote beside it (an interrupted quotation).
        const smallIsX = small === x;
        const runs = commonRuns(al, smallIsX, small.words.length);
        const cut = al.gaps.filter((g, gi) => {
          // The shorter side keeps nothing there, or only a joining function word or two.
          const kept = smallIsX ? g.x1 - g.x0 : g.y1 - g.y0;
          if (g.end || kept > MAX_JOINING_RUN || (kept > 0 && (smallIsX ? contentWords(x, g.x0, g.x1) : contentWords(y, g.y0, g.y1)) > 0)) return false;
          const left = smallIsX ? g.y1 - g.y0 : g.x1 - g.x0;
          const content = smallIsX ? contentWords(y, g.y0, g.y1) : contentWords(x, g.x0, g.x1);
          const anchored = (runs[gi] ?? 0) >= MIN_CUT_ANCHOR && (runs[gi + 1] ?? 0) >= MIN_CUT_ANCHOR;
          return left >= MIN_TRIMMED_WORDS && left <= small.words.length && content > 0 && anchored && !markedElision(ctx, small, smallIsX ? g.x0 : g.y0);
        });
        if (cut.length > 0 && !coveredNearby(quotes, small, large)) out.push(variant(ctx, x, y, 'trimmed', cut.map((g) => leftOut(g, small, large, smallIsX))));
      }
    });
    return out;
  },
};

/**
 * A cut narrowed to the words the shorter rendering leaves out: joining words it kept ("the" of
 * "and the council will act on the") come off the longer side's stretch where they match.
 */
function leftOut(g: Gap, small: QuoteAt, large: QuoteAt, smallIsX: boolean): Gap {
  const [k0, k1, l0, l1] = smallIsX ? [g.x0, g.x1, g.y0, g.y1] : [g.y0, g.y1, g.x0, g.x1];
  const kept = small.words.slice(k0, k1).join(' ');
  let [from, to] = [l0, l1];
  if (k1 > k0 && large.words.slice(l1 - (k1 - k0), l1).join(' ') === kept) to -= k1 - k0;
  else if (k1 > k0 && large.words.slice(l0, l0 + (k1 - k0)).join(' ') === kept) from += k1 - k0;
  return smallIsX ? { ...g, y0: from, y1: to } : { ...g, x0: from, x1: to };
}

/**
 * Whether the shorter rendering marks the cut before its word `at` with an ellipsis ("your
 * voice ... on the Senate"): an elision the outlet shows its readers is honest quoting.
 */
function markedElision(ctx: FramingContext, q: QuoteAt, at: number): boolean {
  const text = ctx.articles[q.article]!.article.text;
  const from = at > 0 ? q.tokens[at - 1]!.end : q.start;
  const to = at < q.tokens.length ? q.tokens[at]!.start : q.end;
  return /\.\s?\.\s?\.|\u2026/.test(text.slice(from, to));
}

/** The differing words of a gap on each side as quoted text ("a nuclear bomb"), or "—" where a side has none. */
function gapWords(ctx: FramingContext, q: QuoteAt, from: number, to: number): string {
  const sp = gapSpan(q, from, to);
  return sp ? `"${ctx.articles[q.article]!.article.text.slice(sp.start, sp.end)}"` : 'nothing';
}

/** Most differing stretches named in a reason. */
const REASON_GAPS = 3;

function variant(ctx: FramingContext, qa: QuoteAt, qb: QuoteAt, kind: keyof typeof VARIANT_SALIENCE, gaps: Gap[]): DraftFinding {
  const a = ctx.articles[qa.article]!;
  const b = ctx.articles[qb.article]!;
  const ta = a.article.text.slice(qa.start, qa.end);
  const tb = b.article.text.slice(qb.start, qb.end);
  // The reason names a speaker only when the attribution is sure enough to be shown as fact.
  const sure = (q: QuoteAt) => (q.speaker && q.attribution >= STRONG_ATTRIBUTION ? q.speaker : null);
  const speaker = sure(qa) ?? sure(qb);
  const ea = excerpt(ta);
  const na = outletName(a);
  const nb = outletName(b);
  const shown = gaps.slice(0, REASON_GAPS);
  const more = gaps.length > shown.length ? ` and ${gaps.length - shown.length} more` : '';
  let reason: string;
  if (kind === 'otherSpeaker') {
    reason = `The same words are attributed to ${qa.speaker} by ${na} and to ${qb.speaker} by ${nb}: "${ea}".`;
  } else if (kind === 'trimmed') {
    const [short, shortName, longName, long] = qa.words.length <= qb.words.length ? [qa, na, nb, qb] : [qb, nb, na, qa];
    const left = shown.map((g) => (long === qa ? gapWords(ctx, qa, g.x0, g.x1) : gapWords(ctx, qb, g.y0, g.y1))).join(', ');
    reason = `${shortName} quotes ${speaker ?? 'the same words'} without ${left}${more}, which ${longName} has inside the quote: "${excerpt(ctx.articles[short.article]!.article.text.slice(short.start, short.end))}".`;
  } else {
    const pairs = shown.map((g) => `${gapWords(ctx, qa, g.x0, g.x1)} where ${nb} has ${gapWords(ctx, qb, g.y0, g.y1)}`).join('; ');
    reason = `${na} and ${nb} quote ${speaker ?? 'the same words'} differently: ${na} has ${pairs}${more}, in "${ea}".`;
  }
  // Evidence: the differing words on each side (the whole quotes when a side has none).
  const sides = (q: QuoteAt, x: boolean) => {
    const out = gaps.map((g) => gapSpan(q, x ? g.x0 : g.y0, x ? g.x1 : g.y1)).filter((sp): sp is { start: number; end: number } => sp !== null);
    return out.length ? out.map((sp) => span(ctx.articles[q.article]!, sp.start, sp.end)) : [span(ctx.articles[q.article]!, q.start, q.end)];
  };
  // Trimmed: the shortened quote, against the words it leaves out.
  const short = qa.words.length <= qb.words.length ? qa : qb;
  const flagged =
    kind === 'otherSpeaker' ? [span(a, qa.start, qa.end), span(b, qb.start, qb.end)] : kind === 'trimmed' ? [span(ctx.articles[short.article]!, short.start, short.end)] : sides(qa, true);
  const counterpartSpans = kind === 'otherSpeaker' ? [] : kind === 'trimmed' ? sides(short === qa ? qb : qa, short !== qa) : sides(qb, false);
  // Different speakers: as sure as the weaker attribution; a rendering: the words are on the page.
  const confidence = kind === 'otherSpeaker' ? Math.min(qa.attribution, qb.attribution) : 0.8;
  return {
    ruleId: 'facts/quote-variant',
    severity: kind === 'trimmed' || kind === 'alteredSlightly' ? 'info' : kind === 'altered' ? 'notice' : 'warning',
    salience: roundSalience(VARIANT_SALIENCE[kind]),
    confidence,
    reason,
    spans: flagged,
    actual: ta,
    counterpart: [tb],
    data: { kind: kind === 'alteredSlightly' ? 'altered' : kind, speakers: { [a.article.id]: qa.speaker, [b.article.id]: qb.speaker }, quoteSpans: [span(a, qa.start, qa.end), span(b, qb.start, qb.end)], ...(counterpartSpans.length ? { counterpartSpans } : {}) },
  };
}
