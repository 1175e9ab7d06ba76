/**
 * The comparison JSON contract (schemaVersion 1).
 *
 * Every position is a half-open `[start, end)` offset in UTF-16 code units into the
 * owning article's normalized `text` (NFC, `\n` line breaks), which the output carries.
 * The JSON Schema in `engine/schema/comparison.schema.json` describes the same shape.
 */

/** Half-open `[start, end)` UTF-16 offsets into `ComparisonArticle.text`. */
export interface Span {
  start: number;
  end: number;
}

/** An article as a caller submits it. Either `text` or `paragraphs` must be given. */
export interface ArticleInput {
  /** Stable id, unique within the request. Defaults to `a1`, `a2`, ... by position. */
  id?: string;
  title?: string;
  outlet?: string;
  url?: string;
  /** Publication time as given (ISO 8601 preferred); kept verbatim. */
  published?: string;
  byline?: string;
  /** Body text; split into paragraphs on line breaks (blank or single). */
  text?: string;
  /** Body paragraphs, kept as given: paragraph i of the input is paragraph i of the output. */
  paragraphs?: string[];
  /** Sources listed in the seed format's `Related Sources:` footer (metadata, never body). */
  relatedSources?: string[];
}

/** A compare request: what `parallax compare request.json` and the batch lines carry. */
export interface CompareRequest {
  id?: string;
  /** The event's title (shown as the comparison's title), if the user gave one. */
  title?: string;
  articles: ArticleInput[];
  options?: PartialOptions;
}

export interface ParagraphInfo extends Span {
  /** Index of the first sentence of this paragraph in `sentences`. */
  firstSentence: number;
  /** Number of sentences in the paragraph. */
  sentenceCount: number;
  words: number;
}

export interface SentenceInfo extends Span {
  /** Index of the paragraph that holds the sentence. */
  paragraph: number;
  words: number;
}

export interface ComparisonArticle {
  id: string;
  /**
   * How the article is named to readers, unique within the comparison: its outlet, else its URL's
   * site, else the source its headline ends with, else "Article N" (never the id).
   */
  name: string;
  title: string | null;
  outlet: string | null;
  url: string | null;
  published: string | null;
  byline: string | null;
  relatedSources: string[];
  /** Normalized body text (NFC, `\n` line breaks, paragraphs separated by a blank line). */
  text: string;
  paragraphs: ParagraphInfo[];
  sentences: SentenceInfo[];
  /** Word tokens in the body. */
  wordCount: number;
}

export interface ParagraphRef {
  article: string;
  paragraph: number;
}

export interface SentenceRef {
  article: string;
  /** Index into the article's `sentences`. */
  sentence: number;
}

/** Why two passages were linked: the weighted evidence they share. */
export interface LinkEvidence {
  /** Shared content words and two-word phrases (as first written in the comparison), strongest first, at most 8. */
  terms: string[];
  /** Shared names (people, organisations, places, acronyms), strongest first, at most 8. */
  entities: string[];
  /** Shared numbers, strongest first, at most 8. */
  numbers: string[];
  /** Similarity of the quoted words, 0-1, when both passages quote someone. */
  quote: number | null;
}

export interface ParagraphLink {
  a: ParagraphRef;
  b: ParagraphRef;
  /** Link strength, 0-1 (higher is more clearly the same content). */
  score: number;
  evidence: LinkEvidence;
}

export interface SentenceLink {
  a: SentenceRef;
  b: SentenceRef;
  score: number;
}

export interface RowMember {
  article: string;
  /** Paragraph indexes of this article in the row, ascending. */
  paragraphs: number[];
}

/** Content shared by several outlets: one line of the side-by-side view. */
export interface AlignmentRow {
  /** Articles that carry the row, in request order. */
  members: RowMember[];
  /** Ids of the articles that lack this content, in request order. */
  missing: string[];
  /** Mean link score inside the row (0 for a paragraph no other outlet shares). */
  score: number;
  /**
   * The row holds headlines: body paragraphs that repeat their article's title (or a short
   * title-case first line). Headlines link only to headlines, so such a row holds nothing else;
   * it is no content, and no omission or prominence finding rests on it.
   */
  headline: boolean;
}

export interface Alignment {
  paragraphLinks: ParagraphLink[];
  sentenceLinks: SentenceLink[];
  rows: AlignmentRow[];
}

/**
 * How a change differs beyond the words themselves. `wording` is a real wording change;
 * the others are differences a reader should not count as rewording.
 */
export type ChangeClass = 'wording' | 'case' | 'typography' | 'punctuation';

/**
 * One change in a word diff. Shaped like a jsdiff change object (`value`, `count`,
 * `added`, `removed`), plus the spans it covers in both articles.
 * Common runs carry `added: false, removed: false` and a span on both sides.
 */
export interface DiffChange {
  /** The text of the change: side A for removed runs, side B otherwise (as jsdiff does). */
  value: string;
  /** Number of word tokens in the run (on the side `value` comes from). */
  count: number;
  added: boolean;
  removed: boolean;
  /** Span in article A (absent for an insertion). */
  a?: Span;
  /** Span in article B (absent for a deletion). */
  b?: Span;
  /**
   * For a removed run directly followed by an added run: a paired substitution
   * ("invasion" / "war"); both halves carry the same `pair` number.
   */
  pair?: number;
  /** `wording` for real changes; `case`, `typography` or `punctuation` when only those differ. */
  class?: ChangeClass;
}

export interface PassageDiff {
  level: 'paragraph' | 'sentence';
  a: { article: string; index: number; span: Span };
  b: { article: string; index: number; span: Span };
  /**
   * `ok`: a full word diff. `rewritten`: the diff exceeded its cost budget; the passages are
   * reported as substantially rewritten (one removed run facing one added run).
   */
  status: 'ok' | 'rewritten';
  /** Share of word tokens in common (2 x common / (tokensA + tokensB)). */
  similarity: number;
  counts: { common: number; removed: number; added: number; substitutions: number; styleOnly: number };
  changes: DiffChange[];
}

export type Severity = 'info' | 'notice' | 'warning';

export interface FindingSpan {
  article: string;
  start: number;
  end: number;
  /** `title` when the offsets point into the article's title instead of its `text`. */
  field?: 'title';
}

/** One piece of a finding's evidence: the flagged wording, or its counterpart in another outlet. */
export interface EvidenceSpan extends FindingSpan {
  role: 'flagged' | 'counterpart';
}

/**
 * A framing finding: evidence a reviewer can check. It names its rule, explains itself in one
 * sentence, and carries its spans in every article it concerns.
 */
export interface Finding {
  /** Stable within the comparison: `<ruleId>#<n>`, numbered in ranking order. */
  id: string;
  /**
   * Stable across re-runs: a hash of the rule and the evidence wording in each article (see
   * `framing/key.ts`). A reviewer's marks are attached to it.
   */
  key: string;
  /** The rule that made it, e.g. `framing/loaded`, `facts/number-mismatch`. */
  ruleId: string;
  severity: Severity;
  /** 0-1, for ranking: how much a reviewer should care. */
  salience: number;
  /**
   * 0-1: how far the evidence holds: the alignment of the passages compared, whether the speaker
   * was resolved, whether a counterpart was searched for and not found. The review ranks by
   * salience x confidence.
   */
  confidence: number;
  /** One readable sentence: what differs, and why it matters. */
  reason: string;
  /** The evidence, in every article concerned (the flagged wording first). */
  spans: FindingSpan[];
  /** The same evidence typed: every flagged span, then every counterpart span (from `data.counterpartSpans`). */
  evidence: EvidenceSpan[];
  /** The flagged wording, as written. */
  actual?: string;
  /** The counterpart wording in the other articles, as written. */
  counterpart?: string[];
  /** Rule-specific details (categories, lexicon entries, row index...). */
  data?: Record<string, unknown>;
}

/** One entry of the review list: a framing difference for the event, pointing at its findings. */
export interface ReviewItem {
  /** 1-based rank. */
  rank: number;
  ruleId: string;
  /** Short headline of the difference. */
  title: string;
  reason: string;
  salience: number;
  /** The confidence of the finding that makes the case (see `Finding.confidence`). */
  confidence: number;
  /** Ids of the findings that make the case. */
  findings: string[];
  /** Articles concerned. */
  articles: string[];
}

/** Who an outlet quotes, how often and how prominently. */
export interface VoiceSummary {
  speaker: string;
  /** Attributed statements (direct or reported). */
  quotes: number;
  /** Words inside quotation marks attributed to the speaker. */
  quotedWords: number;
  /** Index of the paragraph of the first attribution (0 = lead). */
  firstParagraph: number;
}

/** Per-outlet overview for the UI. */
export interface OutletSummary {
  article: string;
  outlet: string | null;
  voices: VoiceSummary[];
  /** Share of the article's frame cue words per Media Frames Corpus dimension (frames with cues only). */
  frames: Record<string, number>;
  /** Loaded, emotive or hedging terms flagged in this article. */
  loadedTerms: number;
  /** Shared rows (content other outlets carry) this article omits. */
  omissions: number;
  /** Attribution verbs by connotation: neutral, doubting, assertive, conceding, alarming. */
  attribution: Record<string, number>;
}

export interface ComparisonStats {
  articles: number;
  paragraphs: number;
  sentences: number;
  words: number;
  /** Paragraph pairs scored after inverted-index pruning (of `possiblePairs`). */
  candidatePairs: number;
  /** Paragraph pairs across articles that exist at all. */
  possiblePairs: number;
  paragraphLinks: number;
  sentenceLinks: number;
  rows: number;
  /** Rows shared by every article. */
  rowsInAll: number;
  diffs: number;
  /** Diffs that exceeded their cost budget and were reported as rewritten. */
  diffsRewritten: number;
}

/**
 * A direct quotation (the words between the quotation marks) or a reported statement (the clause
 * a speech verb introduces), with the speaker the attribution sieve resolved.
 */
export interface Quote {
  article: string;
  /** Half-open offsets of the quoted or reported words in the article's `text`. */
  start: number;
  end: number;
  kind: 'direct' | 'reported';
  /** Canonical name of the person or organisation (one name per person across the articles), or null. */
  speaker: string | null;
  speakerKind?: 'person' | 'organisation';
  /** Where the attribution names the speaker (a pronoun or "the senator" included). */
  speakerStart?: number;
  speakerEnd?: number;
  /** The speech verb, lower-case. */
  verb?: string;
  /** The sieve rule that found the speaker (`ATTRIBUTION_RULES` in `engine/analysis/quotes.ts`). */
  attribution?: 'after-quote' | 'before-quote' | 'continued-quote' | 'block-quote' | 'according-to' | 'sentence-verb' | 'previous-quote' | 'sentence-subject' | 'reported';
}

/**
 * One slot of linked sentences worded two ways ("invasion" / "war"): a short paired substitution
 * of a closely matching sentence pair (`WORD_CHOICE` in `engine/analysis/substitutions.ts`). The
 * one list behind the wording rules, the text report's word choices and the UI's substitution
 * marks.
 */
export interface WordChoice {
  /** The removed side: half-open offsets into article `a.article`'s `text`, trimmed of punctuation. */
  a: { article: string; start: number; end: number };
  /** The added side, in article `b.article`. */
  b: { article: string; start: number; end: number };
  /** Index of the sentence diff it comes from, in `diffs`. */
  diff: number;
}

export interface Comparison {
  schemaVersion: 1;
  engine: { name: 'parallax'; version: string };
  id: string | null;
  /** The event's title as the request gave it, or null. */
  title: string | null;
  articles: ComparisonArticle[];
  alignment: Alignment;
  diffs: PassageDiff[];
  /** Every article's quotations and reported statements, with their speakers. */
  quotes: Quote[];
  /** Word choices of linked sentences, in diff order. */
  wordChoices: WordChoice[];
  findings: Finding[];
  /** The top framing differences for the event, each pointing at its findings. */
  review: ReviewItem[];
  summary: { outlets: OutletSummary[] };
  stats: ComparisonStats;
  options: Options;
  /** Where each sentence of the derived article comes from, when `options.provenance.derived` names one. */
  provenance?: Provenance;
  /** Reviewers' marks: never made by the engine; a server adds them to exports its edit-token holder asks for. */
  marks?: ReviewMark[];
}

/**
 * How a derived sentence is supported: `verbatim` (its wording is a source's), `paraphrase` (a
 * source says it in other words), `partial` (a source carries part of it, or weakly), `none`.
 */
export type Support = 'verbatim' | 'paraphrase' | 'partial' | 'none';

/** A source sentence a derived sentence draws on. */
export interface ProvenanceSource extends Span {
  article: string;
  /** The provenance model's probability that the derived sentence comes from this one. */
  score: number;
}

/** One sentence of the derived article, with its sources. */
export interface ProvenanceSentence extends Span {
  /** Its index in the derived article's `sentences`. */
  sentence: number;
  support: Support;
  /** Best first; empty when `support` is `none`. */
  sources: ProvenanceSource[];
  /** What the rewrite changed against its best source (figures, hedges, certainty), as findings; absent when nothing. */
  changes?: Finding[];
}

/** The derived article traced to its sources. */
export interface Provenance {
  derived: string;
  sentences: ProvenanceSentence[];
  summary: {
    /** Sentences of the derived article, and how many some source supports. */
    sentences: number;
    supported: number;
    /** Indexes (into `sentences`) of the sentences no source supports. */
    unsupported: number[];
    /** Per source: the derived sentences it supports, and their share of all. */
    sources: Array<{ article: string; sentences: number; share: number }>;
    /** Per paragraph of the derived article: the source most of its supported sentences draw on (null: none). */
    paragraphs: Array<{ paragraph: number; source: string | null; share: number }>;
  };
}

/** A reviewer's verdict on one finding, attached to the finding's `key` (so it survives re-runs). */
export interface ReviewMark {
  key: string;
  status: 'confirmed' | 'dismissed';
  /** The reviewer's note ('' for none). */
  note: string;
  /** When it was last set (ISO 8601). */
  at: string;
  /** The finding's rule and reason when it was marked, to show a mark whose finding a re-run no longer makes. */
  ruleId: string;
  reason: string;
  /** Whether the comparison, as it now stands, still has a finding with this key. */
  current: boolean;
}

/**
 * A paragraph diff of the browser view: which passages, how alike, and its changes packed into one
 * list of small numbers (`steps`, see `packSteps` in `view.ts`). A large comparison has tens of
 * thousands of changes, and numbers parse several times faster than objects. The counts and spans
 * of the full diff are left out (the UI reads spans off the articles' paragraphs).
 */
export interface ViewDiff {
  a: { article: string; index: number };
  b: { article: string; index: number };
  status: PassageDiff['status'];
  similarity: number;
  steps: number[];
}

/**
 * The comparison as the browser UI reads it (`comparisonView`): everything but the link lists,
 * the sentence-level diffs and the word-choice objects, with packed diff changes and word choices
 * (`choices`: six numbers each, see `packChoices` in `view.ts`). `toView` makes one of a full
 * `Comparison`, or of a view saved in an older form.
 */
export interface ComparisonView extends Omit<Comparison, 'alignment' | 'diffs' | 'marks' | 'wordChoices'> {
  alignment: { rows: AlignmentRow[] };
  diffs: ViewDiff[];
  choices: number[];
}

/** Every tunable of the engine; see `DEFAULT_OPTIONS` for meanings and defaults. */
export interface Options {
  limits: {
    minArticles: number;
    maxArticles: number;
    maxArticleChars: number;
    maxParagraphsPerArticle: number;
    /** Most paragraph links kept, best first (a cost bound). */
    maxParagraphLinks: number;
    /** Most sentence links kept, best first (a cost bound). */
    maxSentenceLinks: number;
    /** Most candidate pairs scored by the link model, best by cosine first (a cost bound). */
    maxScoredCandidates: number;
  };
  alignment: {
    linkThreshold: number;
    relativeThreshold: number;
    rowThreshold: number;
    sentenceLinkThreshold: number;
    maxCandidatesPerParagraph: number;
    exhaustivePairs: number;
    commonTermPerArticle: number;
    entityBoost: number;
    numberBoost: number;
    quoteWeight: number;
    phraseBoost: number;
    maxParagraphsPerRowMember: number;
  };
  diff: {
    sentenceDiffs: boolean;
    maxComparisons: number;
    /** Budget of all diffs of one comparison together (see `DEFAULT_OPTIONS`). */
    maxTotalComparisons: number;
  };
  provenance: {
    /** The derived article's id; empty: no provenance tracing. */
    derived: string;
    linkThreshold: number;
    relativeThreshold: number;
    supportThreshold: number;
    verbatimShare: number;
    /** Most (derived sentence, source sentence) pairs scored (a cost bound). */
    maxSentencePairs: number;
  };
  framing: {
    /** Rule ids (or prefixes such as `coverage/`) to skip. */
    disabledRules: string[];
    minSalience: number;
    maxFindings: number;
    reviewSize: number;
    /** Least salience x confidence of a review entry. */
    minReviewWeight: number;
    /** Extra loaded terms (a newsroom's style-guide list), lower-case words or phrases. */
    loadedTerms: string[];
    /** Terms never to flag as loaded. */
    neutralTerms: string[];
  };
}

/** Options as a caller passes them: any subset, merged over `DEFAULT_OPTIONS`. */
export type PartialOptions = {
  [K in keyof Options]?: Partial<Options[K]>;
};
