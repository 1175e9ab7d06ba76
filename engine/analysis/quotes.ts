import type { PreparedArticle } from '../input/article.ts';
import { firstStartingFrom, lastStartingBy } from '../text/spans.ts';
import speech from './data/speech-verbs.json' with { type: 'json' };
import { classifyRun, isGivenName, isGroupNoun, isTitle, PRONOUN_GENDER, ROLE_NOUNS, runEndingAt, runStartingAt, type NameMention } from './names.ts';

/** Verbs that introduce a quotation or reported speech (`data/speech-verbs.json`, with its source). */
const SPEECH_VERBS: ReadonlySet<string> = new Set(speech.verbs);
/** Speech verbs that are also common nouns: they attribute only next to a name, a pronoun or a quotation mark. */
const AMBIGUOUS_VERBS: ReadonlySet<string> = new Set(speech.ambiguous);
/** Participles that attribute to the subject of their clause ("Romney released a statement saying: ..."). */
const PARTICIPLES: ReadonlySet<string> = new Set(speech.participles);
/**
 * Verbs after which reported speech follows without quotation marks or "that" ("Perry said the
 * plan failed"). Verbs that mostly take an object ("wrote a letter", "announced a plan") report
 * only with "that" (`THAT_VERBS`).
 */
const REPORTING_VERBS: ReadonlySet<string> = new Set(['said', 'says', 'added', 'adds', 'argued', 'argues', 'warned', 'warns', 'insisted', 'insists', 'claimed', 'claims', 'contended', 'contends', 'stated', 'acknowledged', 'admitted', 'predicted', 'suggested', 'noted', 'maintained', 'maintains', 'conceded', 'concedes', 'asserted', 'asserts', 'alleged', 'alleges', 'testified']);
/** Verbs that report a clause only when "that" follows (after an object for "told"). */
const THAT_VERBS: ReadonlySet<string> = new Set(['told', 'tells', 'wrote', 'writes', 'announced', 'explained', 'denied', 'denies', 'confirmed', 'confirms', 'reported', 'believes', 'believed', 'thinks', 'thought']);
/** Words that cannot open a reported clause ("said on Monday", "wrote to residents"). */
const NOT_CLAUSE_START: ReadonlySet<string> = new Set(['to', 'at', 'in', 'on', 'for', 'with', 'about', 'of', 'by', 'from', 'after', 'before', 'during', 'so', 'nothing', 'something', 'anything', 'yes', 'no', 'goodbye', 'hello', 'it', 'this', 'so', 'as', 'earlier', 'later', 'yesterday', 'today', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
/** Tokens at most after the verb of a trailing attribution ("..., Perry said in a statement."). */
const TRAILING_ATTRIBUTION_TOKENS = 5;
/** Fewest words of a reported clause. */
const REPORTED_MIN_WORDS = 3;

/** Tokens between a closing quotation mark and its attribution at most ("," said the Texas governor"). */
const AFTER_QUOTE_TOKENS = 8;
/** Tokens between a speech verb and the opening quotation mark it introduces at most. */
const BEFORE_QUOTE_TOKENS = 6;
/**
 * Words that may stand between a speaker and the speech verb ("Perry also said", "Obama has
 * repeatedly said"): auxiliaries and the adverbs news copy puts there.
 */
const BETWEEN_SPEAKER_AND_VERB: ReadonlySet<string> = new Set(['had', 'has', 'have', 'also', 'then', 'later', 'again', 'repeatedly', 'previously', 'once', 'would', 'will', 'could', 'might', 'reportedly', 'recently', 'publicly', 'privately', 'quickly', 'simply', 'only', 'even', 'just', 'never', 'often', 'already', 'still', 'flatly', 'angrily', 'bluntly', 'firmly', 'calmly', 'previously', 'herself', 'himself', 'first', 'finally', 'earlier',
  // "Netanyahu is shown saying", "was heard telling", "is quoted as saying": the one shown speaks.
  'is', 'was', 'shown', 'heard', 'seen', 'caught', 'quoted', 'recorded', 'filmed', 'as']);
/** Words of `BETWEEN_SPEAKER_AND_VERB` that make a passive before a past participle ("was told"). */
const AUXILIARY_BEFORE_PARTICIPLE: ReadonlySet<string> = new Set(['is', 'was', 'as']);
/** Words after which a name is an object or part of a subordinate clause, not the speaker. */
const NOT_BEFORE_SUBJECT: ReadonlySet<string> = new Set(['to', 'at', 'for', 'with', 'by', 'from', 'of', 'against', 'about', 'on', 'into', 'onto', 'toward', 'towards', 'that', 'whether', 'if', 'and', 'or', 'as', 'than', 'like', 'chided', 'criticized', 'accused', 'attacked', 'praised', 'thanked', 'asked', 'urged', 'told', 'met', 'called']);
/** Relative pronouns that stand for a thing ("a letter ..., which stated"): what they introduce has no person for a speaker. */
const THING_RELATIVES: ReadonlySet<string> = new Set(['which']);
/** Longest appositive between a speaker's name and the verb, in characters. */
const APPOSITIVE_CHARS = 120;
/** Paragraphs back that a pronoun may reach for the last speaker. */
const PRONOUN_PARAGRAPHS = 3;
/** Words of a partial quote that may take the sentence's subject as speaker ("called it "a disaster""). */
const PARTIAL_QUOTE_WORDS = 8;
/** Fewest words of a quote whose speaker carries over to the next quote (shorter ones are titles or phrases: the "Today" show). */
const STATEMENT_WORDS = 4;

/** How a quote's speaker was found: the sieve's rules, tried in this order. */
export const ATTRIBUTION_RULES = [
  /** `"...," Perry said` / `"...," said Gov. Perry` / `"...," the Texas governor continues`. */
  'after-quote',
  /** `Perry said, "..."` / `Romney released a statement saying: "..."`. */
  'before-quote',
  /** A paragraph that reopens a quotation left open at the end of the one before. */
  'continued-quote',
  /** A paragraph set off by a colon at the end of the one before: whoever that sentence names. */
  'block-quote',
  /** `according to Perry` in the quote's sentence. */
  'according-to',
  /** Another speech verb of the sentence with a name beside it. */
  'sentence-verb',
  /** The speaker of the quote before in the paragraph, or of the paragraph before when this one is only quotation. */
  'previous-quote',
  /** A short partial quote in a sentence whose subject is a person ("Weiner called him a "jackass.""). */
  'sentence-subject',
  /** Reported speech: `Perry said the plan failed`, `the plan failed, Perry said`. */
  'reported',
] as const;
export type AttributionRule = (typeof ATTRIBUTION_RULES)[number];

/**
 * How far a finding may trust a speaker found by each rule (0-1): set by how direct the evidence
 * is, not fitted. The attribution next to the quote names the speaker outright; carried-over and
 * sentence-level attributions are right most of the time; a sentence's subject for a partial quote
 * is a guess.
 */
export const ATTRIBUTION_CONFIDENCE: Readonly<Record<AttributionRule, number>> = {
  'after-quote': 0.95, // `"...," Perry said`: the speaker is named at the quote
  'before-quote': 0.9, // `Perry said: "..."`
  'continued-quote': 0.85, // the same quotation reopened in the next paragraph
  'block-quote': 0.75, // named in the sentence that introduces the block
  'according-to': 0.85, // `according to Perry`
  'sentence-verb': 0.75, // another speech verb of the sentence
  'previous-quote': 0.75, // the quote before, in the same paragraph or a quotation-only paragraph
  'sentence-subject': 0.55, // a partial quote given to the sentence's subject
  reported: 0.8, // `Perry said the plan failed`: named beside the verb
};

/** One quotation or reported statement of an article, with its speaker as resolved. */
export interface ArticleQuote {
  kind: 'direct' | 'reported';
  /** The quoted (or reported) words, half-open offsets into the article's text. */
  start: number;
  end: number;
  paragraph: number;
  /** The speaker as mentioned at the attribution (null when the sieve found none). */
  speaker: NameMention | null;
  /** Where the speaker is named at the attribution (a pronoun or "the senator" included). */
  speakerStart?: number;
  speakerEnd?: number;
  /** The speech verb, lower-case, and where it stands. */
  verb?: string;
  verbStart?: number;
  verbEnd?: number;
  rule?: AttributionRule;
}

/**
 * Confidence factor of a speaker found through a pronoun, a description ("the senator") or a
 * quote before, rather than named at the attribution itself: resolving them is a second guess.
 */
export const INDIRECT_SPEAKER_FACTOR = 0.7;

/** How far a quote's speaker may be trusted (0-1): its rule's confidence, less when it was not named at the attribution. */
export function speakerConfidence(q: ArticleQuote): number {
  if (!q.speaker || !q.rule) return 0;
  const named = q.speakerStart === q.speaker.start && q.speakerEnd === q.speaker.end;
  return ATTRIBUTION_CONFIDENCE[q.rule] * (named ? 1 : INDIRECT_SPEAKER_FACTOR);
}

/** An article's quotes and the names it mentions, in text order. */
export interface ArticleSpeech {
  quotes: ArticleQuote[];
  mentions: NameMention[];
}

interface Attribution {
  speaker: NameMention;
  start: number;
  end: number;
  /** Token index of the speech verb. */
  verbAt?: number;
}

const OPENING = new Set(['\u201C', '\u201E', '\u00AB']);
const CLOSING = new Set(['\u201D', '\u00BB']);

interface RawQuote {
  start: number;
  end: number;
  /** Offsets of the opening and closing marks (close -1 when the paragraph ended first). */
  open: number;
  close: number;
  paragraph: number;
  /** The paragraph opens with this quote and the one before ended inside an unclosed quote. */
  continues: boolean;
  /** A block quotation: a whole paragraph introduced by the one before it ending on a colon. */
  block?: boolean;
}

/**
 * Direct quotations of an article: text between matching quotation marks, inside one paragraph.
 * Straight quotes open after a space or a bracket and close otherwise; a paragraph that ends
 * inside a quotation closes it there (news style reopens it at the next paragraph).
 */
function directQuotes(a: PreparedArticle): RawQuote[] {
  const text = a.article.text;
  const out: RawQuote[] = [];
  let openAtEnd = false;
  a.article.paragraphs.forEach((p, pi) => {
    let open = -1;
    const first = out.length;
    for (let i = p.start; i < p.end; i++) {
      const c = text[i]!;
      const straight = c === '"';
      if (!straight && !OPENING.has(c) && !CLOSING.has(c)) continue;
      const before = i > p.start ? text[i - 1]! : ' ';
      const isOpening = OPENING.has(c) || (straight && open < 0 && /[\s([{\u2014\u2013-]/.test(before));
      if (open < 0) {
        if (isOpening || straight) open = i;
      } else if (!OPENING.has(c) || straight) {
        if (i > open + 1) out.push({ start: open + 1, end: i, open, close: i, paragraph: pi, continues: false });
        open = -1;
      } else open = i;
    }
    if (open >= 0 && p.end > open + 1) out.push({ start: open + 1, end: p.end, open, close: -1, paragraph: pi, continues: false });
    // A paragraph without quotation marks after one that ends on a colon is a block quotation
    // (a letter, a post, a statement set off as its own paragraph).
    const before = a.article.paragraphs[pi - 1];
    if (out.length === first && before && /:\s*$/.test(text.slice(before.start, before.end)) && !/["\u201C\u201D\u201E\u00AB\u00BB]/.test(text.slice(p.start, p.end))) {
      out.push({ start: p.start, end: p.end, open: p.start, close: -1, paragraph: pi, continues: false, block: true });
    }
    const q = out[first];
    if (q && openAtEnd && /^\s*$/.test(text.slice(p.start, q.open))) q.continues = true;
    openAtEnd = open >= 0;
  });
  return out;
}

/** Short words a title in quotation marks may keep in lower case ("The Queen of Rage"). */
const TITLE_SMALL_WORDS: ReadonlySet<string> = new Set(['a', 'an', 'the', 'of', 'in', 'on', 'at', 'to', 'for', 'and', 'or', 'but', 'with', 'by', 'from', 'we', 'us']);
/** Most words of a quoted title. */
const TITLE_MAX_WORDS = 8;

/**
 * A name or title set in quotation marks (a show, a cover line, a motto: "Today", "The Queen of
 * Rage", "In God We Trust"): every word capitalised but the small ones. It is no one's statement.
 */
function isQuotedTitle(inner: string): boolean {
  const words = inner.replace(/[,.;:!?]+$/u, '').split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > TITLE_MAX_WORDS) return false;
  return words.every((w, i) => /^[\p{Lu}\p{N}]/u.test(w) || (i > 0 && TITLE_SMALL_WORDS.has(w.toLowerCase())));
}

/** Index of the first token that starts at or after `offset`. */
function tokenAt(a: PreparedArticle, offset: number): number {
  return firstStartingFrom(a.tokens, offset);
}

/** Whether token `t` is a speech verb in running text (lower-case; a noun-like form needs `strict`). */
function speechVerb(a: PreparedArticle, t: number, strict: boolean): boolean {
  const tok = a.tokens[t];
  if (!tok || tok.capitalized) return false;
  if (!SPEECH_VERBS.has(tok.form) && !AMBIGUOUS_VERBS.has(tok.form)) return false;
  return strict || !AMBIGUOUS_VERBS.has(tok.form);
}

/**
 * Resolves speakers in one article: name mentions, pronouns and definite descriptions ("the
 * senator") against the people named before them.
 */
class Resolver {
  readonly mentions: NameMention[];
  lastSpeaker: { speaker: NameMention; paragraph: number } | null = null;

  /** Tokens that open a sentence: capitalised there whatever they are. */
  private readonly sentenceStarts: ReadonlySet<number>;
  /** Forms written capitalised somewhere other than at a sentence start: names, as far as this article shows. */
  private readonly capitalisedInside: ReadonlySet<string>;

  constructor(
    private readonly a: PreparedArticle,
    readonly quoted: (offset: number) => boolean,
  ) {
    this.mentions = [];
    this.sentenceStarts = new Set(a.sentenceTokens.map(([from]) => from));
    const inside = new Set<string>();
    a.tokens.forEach((tok, t) => {
      if (tok.capitalized && !this.sentenceStarts.has(t)) inside.add(tok.form);
    });
    this.capitalisedInside = inside;
    a.sentenceTokens.forEach(([from, to]) => {
      for (let t = from; t < to; ) {
        const found = runStartingAt(a, t, to);
        const run = found ? this.trimmed(found[0], found[1]) : null;
        if (!run) {
          t = found ? found[1] : t + 1;
          continue;
        }
        const m = classifyRun(a, run[0], run[1]);
        // "presidential candidate Rick Perry", "Texas governor Rick Perry": the role before the name.
        const before = a.tokens[run[0] - 1];
        if (m.kind === 'person' && m.role === undefined && before && run[0] - 1 >= from && !before.capitalized && ROLE_NOUNS.has(before.form)) m.role = before.form;
        this.mentions.push(m);
        t = run[1];
      }
    });
  }

  /**
   * People named before `offset`, outside quotations, nearest first. A lone capitalised word with
   * no title that is no surname of a full name in the article ("Christianity", "Benghazi") is too
   * weak to stand for a person here.
   */
  private *peopleBefore(offset: number): Generator<NameMention> {
    for (let i = this.mentions.length - 1; i >= 0; i--) {
      const m = this.mentions[i]!;
      if (m.start >= offset || m.kind !== 'person' || this.quoted(m.start)) continue;
      const full = this.full(m);
      if (!full.name.includes(' ') && full.role === undefined && full.gender === undefined) continue;
      yield full;
    }
  }

  /** Start offset of the sentence holding offset `at`. */
  private sentenceStart(at: number): number {
    const ss = this.a.article.sentences;
    return ss[Math.max(0, lastStartingBy(ss, at))]?.start ?? 0;
  }

  /**
   * The first (or, with `nearest`, the last) person named in `[from, to)` of the text, outside
   * quotations, who may be a clause's subject: not the object of a preposition or a verb ("wrote to
   * Sasha Obama"), nor the subject of a "that"/"whether" clause inside it.
   */
  personIn(from: number, to: number, nearest: boolean): Attribution | null {
    let found: NameMention | null = null;
    for (const m of this.peopleBefore(to)) {
      if (m.start < from) break;
      const before = this.a.tokens[m.from - 1];
      if (before && before.end > from && NOT_BEFORE_SUBJECT.has(before.form)) continue;
      found = m;
      if (nearest) break;
    }
    return found ? { speaker: found, start: found.start, end: found.end } : null;
  }

  /**
   * "he" / "she" at `offset` in paragraph `paragraph`: a person named earlier in the same sentence
   * ("Santorum described what he called"), else the last speaker if near, else the last person named.
   */
  pronoun(form: string, offset: number, paragraph: number): NameMention | null {
    const gender = PRONOUN_GENDER[form];
    const fits = (m: NameMention) => m.gender === undefined || gender === undefined || m.gender === gender;
    const start = this.sentenceStart(offset);
    const inSentence = this.personIn(start, offset, true);
    if (inSentence && fits(inSentence.speaker)) return inSentence.speaker;
    // The subject of the sentence before, its first person who is no object: "Lauten later
    // apologized. "I reacted ...," she said." / "According to the Times, Mary Cheney, who married
    // her partner, Heather Poe, ... took to Facebook. "...," she wrote."
    if (start > 0) {
      const subject = this.personIn(this.sentenceStart(start - 1), start, false);
      if (subject && fits(subject.speaker)) return subject.speaker;
    }
    const last = this.lastSpeaker;
    if (last && paragraph - last.paragraph <= PRONOUN_PARAGRAPHS && last.speaker.kind === 'person' && fits(last.speaker)) return last.speaker;
    for (const m of this.peopleBefore(offset)) if (fits(m)) return m;
    return null;
  }

  /**
   * "the senator" at `offset` in paragraph `paragraph`: the last person named with that role, else
   * the last speaker when near (a description right after a quote is mostly its speaker, named
   * in another way: "the Texas governor continues").
   */
  role(noun: string, offset: number, paragraph: number): NameMention | null {
    for (const m of this.peopleBefore(offset)) if (m.role === noun || (m.role !== undefined && noun.endsWith(m.role))) return m;
    const last = this.lastSpeaker;
    return last && paragraph - last.paragraph <= 1 && last.speaker.kind === 'person' ? last.speaker : null;
  }

  /**
   * The speaker named by the tokens ending at token `t` (inclusive), read backwards: a name
   * ("Gov. Rick Perry"), a party tag after one ("Jane Roe, R-Ohio"), an appositive after one
   * ("Jane Roe, a spokeswoman for the group,"), a pronoun, or a definite description.
   */
  before(t: number, min: number, paragraph: number): Attribution | null {
    const a = this.a;
    const text = a.article.text;
    if (t < min) return null;
    // A comma right before the verb closes an appositive: "Peskov, the Kremlin spokesman, said",
    // "Jane Roe, R-Ohio, said", "Lauten, the director for Rep. Stephen Fincher (R-Tenn.), wrote":
    // the speaker is the name before the appositive's opening comma.
    const next = a.tokens[t + 1];
    const close = next ? text.lastIndexOf(',', next.start) : -1;
    if (next && close >= a.tokens[t]!.end) {
      const open = text.lastIndexOf(',', a.tokens[t]!.start);
      if (open > a.tokens[min]!.start && close - open <= APPOSITIVE_CHARS && !/["\u201C\u201D]/.test(text.slice(open, close))) {
        const head = tokenAt(a, open) - 1;
        const r = head >= min ? runEndingAt(a, head, min) : null;
        const named = r ? this.named(r[0], r[1]) : null;
        if (named) return named;
        // "The president, speaking at the White House, said": a participle phrase describes the
        // head before it; a name inside it ("the White House") is not who spoke. (An appositive
        // such as ", the Kremlin's Dmitry Peskov," may name the speaker: not this case.)
        const first = a.tokens[tokenAt(a, open + 1)];
        if (head >= min && first && !first.capitalized && first.start < close && /^[a-z]{3,}(?:ing|ed)$/.test(first.form)) return r ? null : this.described(head, min, paragraph);
      }
    }
    // An auxiliary passes only before a participle in -ing ("is shown saying"): "Roe was told" is
    // said to Roe.
    const progressive = /ing$/.test(a.tokens[t + 1]?.form ?? '');
    for (let k = 0; k < 3 && t > min && !a.tokens[t]!.capitalized && BETWEEN_SPEAKER_AND_VERB.has(a.tokens[t]!.form) && (progressive || !AUXILIARY_BEFORE_PARTICIPLE.has(a.tokens[t]!.form)); k++) t--;
    const tok = a.tokens[t]!;
    if (this.quoted(tok.start)) return null;
    if (tok.form === 'he' || tok.form === 'she') {
      const m = this.pronoun(tok.form, tok.start, paragraph);
      return m ? { speaker: m, start: tok.start, end: tok.end } : null;
    }
    if (/^[rdi]-[a-z.]+$/.test(tok.form)) return this.before(t - 1, min, paragraph);
    // "Cowen, who joins the Senate, said" / "..., who said": the name before the relative clause.
    if (tok.form === 'who' && t - 1 >= min) {
      const r = runEndingAt(a, t - 1, min);
      if (r && /^,\s*$/.test(text.slice(a.tokens[t - 1]!.end, tok.start))) return this.named(r[0], r[1]);
    }
    const run = runEndingAt(a, t, min);
    if (run) return this.named(run[0], run[1]);
    return this.described(t, min, paragraph);
  }

  /** A definite description ending at token `t`: "the Texas governor", "the president" (a role noun after "the"). */
  private described(t: number, min: number, paragraph: number): Attribution | null {
    const a = this.a;
    const tok = a.tokens[t]!;
    if (tok.capitalized || !ROLE_NOUNS.has(tok.form)) return null;
    for (let s = t - 1; s >= Math.max(min, t - 4); s--) {
      if (a.tokens[s]!.form !== 'the') continue;
      const m = this.role(tok.form, a.tokens[s]!.start, paragraph);
      return m ? { speaker: m, start: a.tokens[s]!.start, end: tok.end } : null;
    }
    return null;
  }

  /** The speaker named by the tokens starting at token `t`: a name, a pronoun or "the senator". */
  after(t: number, max: number, paragraph: number, pronouns = true): Attribution | null {
    const a = this.a;
    if (t >= max) return null;
    const tok = a.tokens[t]!;
    if (this.quoted(tok.start)) return null;
    if (tok.form === 'he' || tok.form === 'she' || tok.form === 'his' || tok.form === 'her') {
      if (!pronouns) return null;
      const m = this.pronoun(tok.form, tok.start, paragraph);
      return m ? { speaker: m, start: tok.start, end: tok.end } : null;
    }
    const run = runStartingAt(a, t, max);
    if (run) return this.named(run[0], run[1]);
    if (tok.form === 'the' || tok.form === 'a' || tok.form === 'an') {
      for (let s = t + 1; s < Math.min(max, t + 5); s++) {
        const f = a.tokens[s]!.form;
        if (ROLE_NOUNS.has(f) && !a.tokens[s]!.capitalized) {
          if (tok.form !== 'the') return null;
          const m = this.role(f, tok.start, paragraph);
          return m ? { speaker: m, start: tok.start, end: a.tokens[s]!.end } : null;
        }
      }
    }
    return null;
  }

  /**
   * A name run without its first word when that word opens a sentence, is never capitalised
   * elsewhere in the article and stands before a title ("Enter Ms. Lauten"): capitalised only
   * because it opens the sentence. ("Dmitry Peskov" opening a sentence keeps its first name.)
   */
  trimmed(from: number, to: number): [number, number] | null {
    const form = this.a.tokens[from]!.form;
    const onlyOpening = this.sentenceStarts.has(from) && !this.capitalisedInside.has(form) && !isGivenName(form);
    if (onlyOpening && to - from >= 2 && isTitle(this.a.tokens[from + 1]!.form)) from++;
    // A lone word of that kind ("Updated:", "Read the rant") names someone only right before a
    // speech verb ("Peskov said").
    else if (onlyOpening && to - from === 1 && !speechVerb(this.a, to, false)) return null;
    return from < to ? [from, to] : null;
  }

  /** Paragraph holding offset `at`. */
  private paragraphOf(at: number): number {
    return Math.max(0, lastStartingBy(this.a.article.paragraphs, at));
  }


  /**
   * The subject of the clause that runs from token `from` to the verb at token `v`: a name, a
   * pronoun or a description opening the sentence; a description that names no role ("The
   * communications pro also took a shot ..., writing") stands for the last speaker when near; else
   * the first person named before the verb ("On Friday, the aide, Elizabeth Lauten, ... wrote").
   */
  subject(from: number, v: number, paragraph: number): Attribution | null {
    const a = this.a;
    // "one blogger asking", "some saying": a participle right after a noun has that noun for its
    // own subject, unnamed here, not the sentence's.
    const before = a.tokens[v - 1];
    if (PARTICIPLES.has(a.tokens[v]!.form) && before && v - 1 >= from && !before.capitalized && /^\s+$/.test(a.article.text.slice(before.end, a.tokens[v]!.start)) && !PRONOUN_GENDER[before.form]) return null;
    const opening = this.after(from, v, paragraph);
    if (opening && opening.start === a.tokens[from]!.start) return opening;
    const last = this.lastSpeaker;
    if (a.tokens[from]!.form === 'the' && last && paragraph - last.paragraph <= 1) return { speaker: last.speaker, start: a.tokens[from]!.start, end: a.tokens[Math.min(v, from + 3) - 1]!.end };
    return this.personIn(a.tokens[from]!.start, a.tokens[v]!.start, false);
  }

  /** The speaker named by a name run starting at token `t` (no pronoun, no description). */
  namedAt(t: number, max: number): Attribution | null {
    const run = runStartingAt(this.a, t, max);
    return run ? this.named(run[0], run[1]) : null;
  }

  /** A name run as a speaker: people and organisations speak; places, agencies and bare titles resolve or fail. */
  private named(runFrom: number, runTo: number): Attribution | null {
    const run = this.trimmed(runFrom, runTo);
    if (!run) return null;
    const [from, to] = run;
    // Names inside a quotation are what the speaker said, not who spoke.
    if (this.quoted(this.a.tokens[from]!.start)) return null;
    const m = classifyRun(this.a, from, to);
    if (m.kind === 'person' || m.kind === 'organisation') return { speaker: this.full(m), start: m.start, end: m.end };
    if (m.kind === 'title' && m.role !== undefined) {
      const r = this.role(m.role, m.start, this.paragraphOf(m.start));
      return r ? { speaker: r, start: this.a.tokens[from]!.start, end: this.a.tokens[to - 1]!.end } : null;
    }
    return null;
  }

  /** A one-word person mention stands for the last (else the first) full name with that surname. */
  full(m: NameMention): NameMention {
    if (m.kind !== 'person' || m.name.includes(' ')) return m;
    const key = m.name.toLowerCase();
    let best: NameMention | null = null;
    for (const x of this.mentions) {
      if (x.kind !== 'person' || !x.name.includes(' ') || x.name.toLowerCase().split(/\s+/).pop() !== key) continue;
      // "President Obama" is not "Sasha Obama": a title must agree, and so must a gender.
      if ((m.role !== undefined && x.role !== m.role) || (m.gender !== undefined && x.gender !== undefined && m.gender !== x.gender)) continue;
      if (x.start < m.start || best === null) best = x;
      if (x.start >= m.start) break;
    }
    return best ? { ...m, name: best.name, ...(best.role !== undefined && m.role === undefined ? { role: best.role } : {}), ...(best.gender !== undefined && m.gender === undefined ? { gender: best.gender } : {}) } : m;
  }
}

/**
 * Finds an article's direct quotations and reported statements and attributes each to a speaker
 * by an ordered sieve (`ATTRIBUTION_RULES`): the first rule that names a person or an
 * organisation wins. Places, news agencies and party tags never speak.
 */
export function articleSpeech(a: PreparedArticle): ArticleSpeech {
  const raw = directQuotes(a);
  const quoted = (offset: number) => raw.some((q) => offset >= q.start && offset < q.end);
  const r = new Resolver(a, quoted);
  const text = a.article.text;
  const quotes: ArticleQuote[] = [];
  const paragraphTokens = a.paragraphTokens;

  const attribute = (q: RawQuote, prev: ArticleQuote | undefined): [Attribution, AttributionRule] | null => {
    if (q.block) return attributeBlock(q);
    const [pFrom, pTo] = paragraphTokens[q.paragraph]!;
    const inner = text.slice(q.start, q.end).trimEnd();
    // after-quote: the quote ends on , ? ! or a dash and the attribution follows the closing mark.
    // (A quote that ends on a full stop may still be attributed when the sentence runs on in
    // lower case: `"... public events." added Lauten`.)
    const closeTok = q.close >= 0 ? tokenAt(a, q.close) : pTo;
    if (q.close >= 0 && (/[,?!\u2014\u2013-]$/.test(inner) || (closeTok < pTo && !a.tokens[closeTok]!.capitalized))) {
      const t = closeTok;
      if (t < pTo && /^\s*$/.test(text.slice(q.close + 1, a.tokens[t]!.start))) {
        if (speechVerb(a, t, true)) {
          const verb = a.tokens[t]!.form;
          // `"...," saying he ...` speaks for the sentence's subject; `"...," said Perry` names its speaker.
          const [sf] = a.sentenceTokens.find(([f, to]) => f <= t && t < to) ?? [pFrom];
          const s = PARTICIPLES.has(verb) ? r.subject(sf, tokenAt(a, q.open), q.paragraph) : r.after(t + 1, Math.min(pTo, t + 1 + AFTER_QUOTE_TOKENS), q.paragraph, false);
          if (s) return [{ ...s, verbAt: t }, 'after-quote'];
        }
        for (let v = t + 1; v < Math.min(pTo, t + AFTER_QUOTE_TOKENS); v++) {
          if (!speechVerb(a, v, true)) continue;
          const s = r.before(v - 1, t, q.paragraph);
          if (s) return [{ ...s, verbAt: v }, 'after-quote'];
          break;
        }
      }
    }
    // before-quote: a speech verb shortly before the opening mark, in the quote's own sentence.
    const o = tokenAt(a, q.open);
    const [sFrom, sTo] = a.sentenceTokens.find(([f, to]) => f <= o && o < to) ?? [pFrom, pTo];
    const lead = o > sFrom ? text.slice(a.tokens[o - 1]!.end, q.open) : '';
    if (o > sFrom && /[,:]\s*$|\s$/.test(lead)) {
      for (let v = o - 1; v >= Math.max(sFrom, o - BEFORE_QUOTE_TOKENS); v--) {
        if (!speechVerb(a, v, true)) continue;
        const verb = a.tokens[v]!.form;
        // "a letter ..., which stated, ...": a document speaks, no person.
        if (THING_RELATIVES.has(a.tokens[v - 1]?.form ?? '')) return null;
        // A participle speaks for its clause's subject: "Priebus ..., saying on Fox News that".
        const s = PARTICIPLES.has(verb)
          ? r.subject(sFrom, v, q.paragraph)
          : (r.before(v - 1, sFrom, q.paragraph) ??
            (/:\s*$/.test(lead) ? r.after(v + 1, o, q.paragraph) : null) ??
            // Coordinated verbs: "Grimm stormed back, leaned into him and said, ...": the nearest
            // person before the verb, else the sentence's subject ("She went on to say that").
            r.personIn(a.tokens[sFrom]!.start, a.tokens[v]!.start, true) ??
            r.subject(sFrom, v, q.paragraph));
        if (s) return [{ ...s, verbAt: v }, 'before-quote'];
        // The quote has its own attribution, to someone unnamed ("one blogger asking"): no other
        // rule may give it a speaker.
        return null;
      }
      // "Biden was quick to retort: ...", "His response: ...": a colon after a clause whose subject is a person.
      if (/:\s*$/.test(lead)) {
        const s = r.after(sFrom, o, q.paragraph);
        if (s && s.start === a.tokens[sFrom]!.start) return [s, 'before-quote'];
      }
    }
    if (q.continues && prev?.speaker && prev.paragraph === q.paragraph - 1) {
      return [{ speaker: prev.speaker, start: prev.speakerStart ?? prev.start, end: prev.speakerEnd ?? prev.start }, 'continued-quote'];
    }
    // The quote's sentence: "according to X", or another speech verb with a name beside it.
    const outside = (t: number) => !quoted(a.tokens[t]!.start);
    for (let t = sFrom; t + 1 < sTo; t++) {
      if (a.tokens[t]!.form === 'according' && a.tokens[t + 1]!.form === 'to' && outside(t)) {
        const s = r.after(t + 2, sTo, q.paragraph);
        if (s) return [s, 'according-to'];
      }
    }
    for (let t = sFrom; t < sTo; t++) {
      if (!outside(t) || !speechVerb(a, t, false)) continue;
      const verb = a.tokens[t]!.form;
      if (THING_RELATIVES.has(a.tokens[t - 1]?.form ?? '')) continue;
      // After the verb only a name speaks ("said Perry"); "saying he was" names no speaker.
      const s = PARTICIPLES.has(verb) ? r.subject(sFrom, t, q.paragraph) : (r.before(t - 1, sFrom, q.paragraph) ?? r.namedAt(t + 1, sTo) ?? r.subject(sFrom, t, q.paragraph));
      if (s) return [{ ...s, verbAt: t }, 'sentence-verb'];
    }
    // The speaker of the quote before: in the same paragraph, or in the paragraph before when
    // this one is made only of quotation.
    const p = a.article.paragraphs[q.paragraph]!;
    if (o === sFrom && prev?.speaker && prev.kind === 'direct' && text.slice(prev.start, prev.end).split(/\s+/).filter(Boolean).length >= STATEMENT_WORDS) {
      const rest = text.slice(q.close >= 0 ? q.close + 1 : p.end, p.end);
      const onlyQuote = prev.paragraph === q.paragraph - 1 && /^\s*$/.test(text.slice(p.start, q.open)) && /^[\s.,]*$/.test(rest);
      if (prev.paragraph === q.paragraph || onlyQuote) return [{ speaker: prev.speaker, start: prev.speakerStart ?? prev.start, end: prev.speakerEnd ?? prev.start }, 'previous-quote'];
    }
    // A short partial quote takes the sentence's subject.
    const words = inner.split(/\s+/).filter(Boolean).length;
    if (words <= PARTIAL_QUOTE_WORDS && o > sFrom) {
      const s = r.after(sFrom, o, q.paragraph);
      if (s && s.start === a.tokens[sFrom]!.start) return [s, 'sentence-subject'];
      // "At one point, Weiner referred to a reporter as a "jackass."": the first person of the sentence.
      const first = r.personIn(a.tokens[sFrom]!.start, q.open, false);
      if (first) return [first, 'sentence-subject'];
    }
    return null;
  };

  // A block quotation speaks for whoever the introducing sentence names ("Lauten wrote:"), else
  // for its subject, else for the last speaker when near ("Read the full post:").
  const attributeBlock = (q: RawQuote): [Attribution, AttributionRule] | null => {
    const intro = a.article.paragraphs[q.paragraph - 1]!;
    const si = intro.firstSentence + intro.sentenceCount - 1;
    const [sFrom, sTo] = a.sentenceTokens[si]!;
    for (let t = sFrom; t < sTo; t++) {
      if (!speechVerb(a, t, false)) continue;
      const s = r.before(t - 1, sFrom, q.paragraph - 1) ?? r.namedAt(t + 1, sTo) ?? r.subject(sFrom, t, q.paragraph - 1);
      if (s) return [{ ...s, verbAt: t }, 'block-quote'];
    }
    const s = sTo > sFrom ? r.subject(sFrom, sTo - 1, q.paragraph - 1) : null;
    if (s) return [s, 'block-quote'];
    const last = r.lastSpeaker;
    return last && q.paragraph - last.paragraph <= PRONOUN_PARAGRAPHS ? [{ speaker: last.speaker, start: intro.start, end: intro.start }, 'block-quote'] : null;
  };

  // Quotes and quote-free sentences in text order, so that "he said" sees the speakers before it.
  const quoteFree = new Set(a.article.sentences.flatMap((s, si) => (raw.some((q) => q.start < s.end && s.start < q.end) ? [] : [si])));
  let next = 0;
  const reportUpTo = (offset: number) => {
    for (; next < a.article.sentences.length && a.article.sentences[next]!.start < offset; next++) {
      if (!quoteFree.has(next)) continue;
      const rep = reported(a, r, next);
      if (!rep) continue;
      quotes.push(rep);
      if (rep.speaker?.kind === 'person') r.lastSpeaker = { speaker: rep.speaker, paragraph: rep.paragraph };
    }
  };
  // The speech verb right at a quote whose speaker has no name ("...," the ambassador said): the
  // attribution is kept, with no speaker.
  const unnamedVerb = (q: RawQuote): number | null => {
    const [pFrom, pTo] = paragraphTokens[q.paragraph]!;
    if (q.close >= 0) {
      const t = tokenAt(a, q.close);
      for (let v = t; v < Math.min(pTo, t + 4); v++) if (speechVerb(a, v, true)) return v;
    }
    const o = tokenAt(a, q.open);
    for (let v = o - 1; v >= Math.max(pFrom, o - 3); v--) if (speechVerb(a, v, true)) return v;
    return null;
  };
  for (const q of raw) {
    if (isQuotedTitle(text.slice(q.start, q.end))) continue;
    reportUpTo(q.start);
    const prev = quotes[quotes.length - 1];
    const found = attribute(q, prev);
    const quote: ArticleQuote = { kind: 'direct', start: q.start, end: q.end, paragraph: q.paragraph, speaker: null };
    const v = found ? null : unnamedVerb(q);
    if (v !== null) {
      const tok = a.tokens[v]!;
      quote.verb = tok.form;
      quote.verbStart = tok.start;
      quote.verbEnd = tok.end;
    }
    if (found) {
      const [s, rule] = found;
      quote.speaker = s.speaker;
      quote.speakerStart = s.start;
      quote.speakerEnd = s.end;
      if (s.verbAt !== undefined) {
        const v = a.tokens[s.verbAt]!;
        quote.verb = v.form;
        quote.verbStart = v.start;
        quote.verbEnd = v.end;
      }
      quote.rule = rule;
      if (s.speaker.kind === 'person') r.lastSpeaker = { speaker: s.speaker, paragraph: q.paragraph };
    }
    quotes.push(quote);
  }
  reportUpTo(Infinity);
  return { quotes, mentions: r.mentions };
}

/** Determiners that open a description of an unnamed speaker ("the ambassador", "a spokesman"). */
const DESCRIPTION_OPENERS: ReadonlySet<string> = new Set(['the', 'a', 'an', 'one', 'two', 'three', 'several', 'some', 'many', 'other']);

/**
 * An unnamed speaker right before the verb at token `v`: a description ("the ambassador said",
 * "a senior official said") or a group ("officials said"): no speaker, but the attribution stands.
 */
function unnamed(a: PreparedArticle, v: number, from: number): { speaker: null; start: number; end: number } | null {
  const noun = a.tokens[v - 1];
  if (!noun || v - 1 < from || noun.capitalized) return null;
  const form = noun.form;
  if (isGroupNoun(form)) return { speaker: null, start: noun.start, end: noun.end };
  for (let t = v - 2; t >= Math.max(from, v - 4); t--) {
    if (DESCRIPTION_OPENERS.has(a.tokens[t]!.form)) return ROLE_NOUNS.has(form) ? { speaker: null, start: a.tokens[t]!.start, end: noun.end } : null;
  }
  return null;
}

/**
 * The reported statement of sentence `si` (which holds no quotation), if any: "Perry said the plan
 * failed" (the words after the verb, a "that" skipped) or "The plan failed, Perry said" (the words
 * before the comma).
 */
function reported(a: PreparedArticle, r: Resolver, si: number): ArticleQuote | null {
  const text = a.article.text;
  const s = a.article.sentences[si]!;
  const [from, to] = a.sentenceTokens[si]!;
  // A sentence ending on a colon introduces a quotation, it reports nothing itself.
  if (/:\s*$/.test(text.slice(s.start, s.end))) return null;
  for (let v = from + 1; v < to; v++) {
    const verb = a.tokens[v]!;
    if (verb.capitalized || (!REPORTING_VERBS.has(verb.form) && !THAT_VERBS.has(verb.form))) continue;
    const who = r.before(v - 1, from, s.paragraph) ?? unnamed(a, v, from);
    if (!who) continue;
    let start: number;
    let end: number;
    if (who.start > s.start && /,\s*$/.test(text.slice(s.start, who.start)) && to - v <= TRAILING_ATTRIBUTION_TOKENS) {
      // "The plan failed, Perry said." (the verb near the sentence's end: "..., Perry said on Monday.")
      start = s.start;
      end = text.lastIndexOf(',', who.start);
    } else {
      let t = v + 1;
      if (THAT_VERBS.has(verb.form)) {
        // "told reporters that ...": an object (a few words) may come before "that".
        while (t < to && t <= v + 3 && a.tokens[t]!.form !== 'that') t++;
        if (a.tokens[t]?.form !== 'that') return null;
      }
      if (a.tokens[t]?.form === 'that') t++;
      if (t >= to || NOT_CLAUSE_START.has(a.tokens[t]!.form)) return null;
      start = a.tokens[t]!.start;
      end = a.tokens[to - 1]!.end;
    }
    if (end <= start || text.slice(start, end).split(/\s+/).length < REPORTED_MIN_WORDS) return null;
    return { kind: 'reported', start, end, paragraph: s.paragraph, speaker: who.speaker, ...(who.speaker ? { speakerStart: who.start, speakerEnd: who.end, rule: 'reported' as const } : {}), verb: verb.form, verbStart: verb.start, verbEnd: verb.end };
  }
  return null;
}
