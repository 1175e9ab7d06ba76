import type { ScoredLink } from '../align/paragraphs.ts';
import type { ScoredSentenceLink } from '../align/sentences.ts';
import type { NameMention } from '../analysis/names.ts';
import { voiceSummaries, type ComparisonSpeech, type ResolvedQuote } from '../analysis/speakers.ts';
import type { Substitution } from '../analysis/substitutions.ts';
import type { PreparedArticle } from '../input/article.ts';
import { firstStartingFrom, lastStartingBy } from '../text/spans.ts';
import type { Token } from '../text/tokenize.ts';
import type { AlignmentRow, Finding, FindingSpan, Options, PassageDiff, VoiceSummary } from '../types.ts';

/** Everything a framing rule may read: the prepared articles and the alignment built from them. */
export interface FramingContext {
  articles: PreparedArticle[];
  paragraphLinks: ScoredLink[];
  /**
   * Every paragraph pair the link model scored, with its probability (links and the pairs below
   * the threshold): for rules that must know whether a counterpart may exist before they claim
   * that one is missing.
   */
  candidates: ScoredLink[];
  sentenceLinks: ScoredSentenceLink[];
  rows: AlignmentRow[];
  diffs: PassageDiff[];
  options: Options;
  /** Article index by id. */
  indexOf: Map<string, number>;
  /** Per article, per sentence: the linked sentences in other articles as [article, sentence]. */
  counterparts: Array<Array<Array<[number, number]>>>;
  /** Per article: its quotations and reported statements, speakers resolved and named canonically. */
  quotes: ResolvedQuote[][];
  /** Per article, per sentence: the speaker the sentence quotes or reports (canonical name), or null. */
  sentenceSpeakers: Array<Array<string | null>>;
  /** Per article: the names it mentions, in text order (for guards: a word inside a name is part of the name). */
  mentions: NameMention[][];
  /** Every wording substitution of the sentence diffs, made once for every rule. */
  substitutions: Substitution[];
  /** Per article: who it quotes (`voiceSummaries`), for the voices rule and the outlet summary. */
  voices: VoiceSummary[][];
}

/**
 * A finding before ranking gives it an id and types its evidence; a rule that does not weigh its
 * evidence leaves `confidence` to its prior.
 */
export type DraftFinding = Omit<Finding, 'id' | 'key' | 'confidence' | 'evidence'> & { confidence?: number };

/** A framing rule: reads the context, reports draft findings. */
export interface FramingRule {
  id: string;
  run(ctx: FramingContext): DraftFinding[];
}

/** Builds the context shared by all rules. */
export function framingContext(
  articles: PreparedArticle[],
  paragraphLinks: ScoredLink[],
  candidates: ScoredLink[],
  sentenceLinks: ScoredSentenceLink[],
  rows: AlignmentRow[],
  diffs: PassageDiff[],
  options: Options,
  speech: ComparisonSpeech,
  substitutions: Substitution[],
): FramingContext {
  const counterparts = articles.map((a) => a.article.sentences.map((): Array<[number, number]> => []));
  for (const s of sentenceLinks) {
    counterparts[s.a]![s.aSentence]!.push([s.b, s.bSentence]);
    counterparts[s.b]![s.bSentence]!.push([s.a, s.aSentence]);
  }
  return {
    articles,
    paragraphLinks,
    candidates,
    sentenceLinks,
    rows,
    diffs,
    options,
    indexOf: new Map(articles.map((a, i) => [a.article.id, i])),
    counterparts,
    quotes: speech.quotes,
    mentions: speech.mentions,
    substitutions,
    voices: articles.map((a, ai) => voiceSummaries(a, speech.quotes[ai] ?? [])),
    sentenceSpeakers: articles.map((a, ai) => {
      const out: Array<string | null> = a.article.sentences.map(() => null);
      for (const q of speech.quotes[ai] ?? []) {
        if (!q.name) continue;
        // Every sentence the quote touches speaks for its speaker, the first quote winning.
        for (let si = sentenceAt(a, q.start); si < out.length && a.article.sentences[si]!.start < q.end; si++) out[si] ??= q.name;
      }
      return out;
    }),
  };
}

/** The prepared article with output id `id` (rows, diffs and findings name articles by id). */
export function articleById(ctx: FramingContext, id: string): PreparedArticle {
  return ctx.articles[indexById(ctx, id)]!;
}

/** The request index of the article with output id `id`. */
export function indexById(ctx: FramingContext, id: string): number {
  const i = ctx.indexOf.get(id);
  if (i === undefined) throw new Error(`no article with id ${JSON.stringify(id)} in this comparison`);
  return i;
}

/** How an article is named in a reason: its display name (outlet, site, headline source or place; never its id). */
export function outletName(a: PreparedArticle): string {
  return a.article.name;
}

/** The text of a span of an article. */
export function spanText(a: PreparedArticle, start: number, end: number): string {
  return a.article.text.slice(start, end);
}

/** A finding span. */
export function span(a: PreparedArticle, start: number, end: number): FindingSpan {
  return { article: a.article.id, start, end };
}

/** Index of the sentence holding offset `at` (binary search over the article's sentences). */
export function sentenceAt(a: PreparedArticle, at: number): number {
  return Math.max(0, lastStartingBy(a.article.sentences, at));
}

/** Whether `[start, end)` of article `ai` lies inside a name it mentions ("Tea Party", "Socialist Party", "Apollo 11"). */
export function insideName(ctx: FramingContext, ai: number, start: number, end: number): boolean {
  const ms = ctx.mentions[ai] ?? [];
  // Mentions are in text order: the last one starting at or before `start`, and the two before it.
  const at = lastStartingBy(ms, start);
  for (let i = Math.max(0, at - 2); i <= at && i < ms.length; i++) {
    const m = ms[i]!;
    const a = ctx.articles[ai]!;
    // The whole run, titles included: "Tea Party Express", "Freedom Caucus".
    const runStart = a.tokens[m.from]!.start;
    const runEnd = a.tokens[m.to - 1]!.end;
    if (runStart <= start && end <= runEnd && m.to - m.from >= 2) return true;
  }
  return false;
}

/** Rounds a salience for stable output. */
export function roundSalience(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
}

/** "A", "A and B", "A, B and C". */
export function listNames(names: string[]): string {
  const unique = [...new Set(names)];
  if (unique.length <= 1) return unique[0] ?? '';
  return `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
}

/** The article's tokens that start inside `[start, end)` (binary search: tokens are in order). */
export function tokensIn(a: PreparedArticle, start: number, end: number): Token[] {
  const lo = firstStartingFrom(a.tokens, start);
  let to = lo;
  while (to < a.tokens.length && a.tokens[to]!.start < end) to++;
  return a.tokens.slice(lo, to);
}

/**
 * Every sentence link in both directions, as `[article, sentence, otherArticle, otherSentence]`:
 * for rules that look for something on one side and its counterpart on the other.
 */
export function linkedBothWays(ctx: FramingContext): Array<[number, number, number, number]> {
  return ctx.sentenceLinks.flatMap((l): Array<[number, number, number, number]> => [
    [l.a, l.aSentence, l.b, l.bSentence],
    [l.b, l.bSentence, l.a, l.aSentence],
  ]);
}
