import { foldTypography } from '../../text/normalize.ts';
import type { Token } from '../../text/tokenize.ts';
import { connotationLexicon, connotations, plainSense } from '../connotation.ts';
import mentionCues from '../lexicons/mention-cues.json' with { type: 'json' };
import type { LexiconMatch } from '../lexicon.ts';
import { ATTRIBUTION } from '../attribution.ts';
import { insideName, listNames, outletName, roundSalience, span, spanText, type DraftFinding, type FramingContext, type FramingRule } from '../context.ts';

/**
 * How much the counterpart wording changes a loaded term's salience. The point of Parallax is
 * divergence: a loaded word where another outlet reports the same sentence neutrally matters
 * most; one every outlet uses is the event's vocabulary, not one outlet's framing.
 */
const COUNTERPART_FACTOR = {
  /** Another outlet reports the same sentence without the term. */
  neutralCounterpart: 1,
  /** No other outlet carries the sentence: the term may still be loaded, with no contrast to show. */
  noCounterpart: 0.75,
  /** Every counterpart uses the same term too. */
  sharedTerm: 0.3,
} as const;

/** Loaded terms in quotation marks are the speaker's words, not the outlet's: weight them down. */
const QUOTED_FACTOR = 0.35;

/**
 * Clauses that report what others say or think ("claims from Tea Partiers that the measure is a
 * ploy", "criticism that the president caved", "Perry argued that"): a loaded word there may be
 * the others' word. Nouns and verbs that open such a "that" clause, and how far before it they may stand.
 */
const ATTRIBUTED_CLAUSE_HEADS: ReadonlySet<string> = new Set([
  'claim', 'claims', 'criticism', 'criticisms', 'accusation', 'accusations', 'charge', 'charges', 'complaint', 'complaints', 'allegation', 'allegations',
  'assertion', 'assertions', 'argument', 'arguments', 'fear', 'fears', 'warning', 'warnings', 'view', 'belief', 'suggestion', 'suggestions', 'insistence',
  'said', 'says', 'say', 'argued', 'argues', 'claimed', 'alleged', 'alleges', 'insisted', 'insists', 'complained', 'complains', 'warned', 'warns', 'charged', 'accused', 'contended', 'believe', 'believes', 'think', 'thinks', 'fear', 'feared',
]);
const ATTRIBUTED_CLAUSE_REACH = 6;
/** Salience factor and confidence of a loaded word inside a clause attributed to others. */
const ATTRIBUTED_FACTOR = 0.6;

/**
 * Confidence by the evidence a finding stands on: a plain counterpart passage shows the choice;
 * with no counterpart the word may simply be accurate; inside a quotation it is a note on who said it.
 */
const LOADED_CONFIDENCE = { neutralCounterpart: 0.7, noCounterpart: 0.4, quoted: 0.3, attributed: 0.35 } as const;

/**
 * Attribution verbs that characterise the speaker's tone ("complained", "boasted", "mocked"),
 * with their weight as loaded wording. Other verbs ("claimed", "admitted", "insisted") are left
 * to `framing/attribution`, which needs a counterpart to show the contrast: on their own they
 * are often the accurate verb (measured: 5-10% of them fall in sentences experts mark as biased).
 */
const ATTRIBUTION_AS_LOADED: Record<string, number> = { emotive: 0.8 };

/**
 * Scare quotes: a short quoted phrase inside a sentence ("a “scheme”"), which distances the
 * outlet from the words. Longest phrase counted, in words, and its weight: 0.5 keeps them below
 * the default minSalience unless another outlet reports the same sentence without the quotes
 * (short quotations of a speaker's own words look the same, and are far more common).
 */
const SCARE_QUOTE_MAX_WORDS = 3;
const SCARE_QUOTE_WEIGHT = 0.5;

/** Words that introduce a quoted term as a word ("with the name"), and the words that join a list of such terms (`lexicons/mention-cues.json`). */
const MENTION_BEFORE: ReadonlySet<string> = new Set(mentionCues.before);
const MENTION_BETWEEN: ReadonlySet<string> = new Set(mentionCues.between);
/** Tokens before a quoted term searched for a mention cue ("the name", "a program called"). */
const MENTION_REACH = 2;

/**
 * Whether the quoted term starting at token `qf` is mentioned as a word: a cue right before it
 * ("groups with the name "tea party"", "the word "torture""), "so-called" excepted.
 */
function mentionAt(tokens: readonly Token[], from: number, qf: number): boolean {
  for (let t = qf - 1; t >= Math.max(from, qf - MENTION_REACH); t--) {
    const form = tokens[t]!.form;
    if (form === 'so-called') return false;
    if (MENTION_BEFORE.has(form)) return !(form === 'called' && tokens[t - 1]?.form === 'so');
  }
  return false;
}

/** Whether the quoted term at `qf` continues a list after a term ending at token `end` ("tea party" or "patriot"). */
function listContinues(tokens: readonly Token[], end: number, qf: number): boolean {
  if (qf === end) return true;
  return qf - end === 1 && MENTION_BETWEEN.has(tokens[end]!.form);
}

/** Offsets inside double quotation marks in `text[start, end)` (sentence-level, straight or curly). */
function quotedRanges(text: string, start: number, end: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re = /["\u201C\u201E]([^"\u201C\u201D\u201E]*)["\u201D]/g;
  const slice = text.slice(start, end);
  for (let m = re.exec(slice); m !== null; m = re.exec(slice)) out.push([start + m.index, start + m.index + m[0].length]);
  return out;
}

/**
 * `framing/loaded`: loaded, emotive or subjective wording (pejorative labels, dramatising verbs,
 * value-laden adjectives, a newsroom's own terms), ranked higher when another outlet reports the
 * same sentence without it.
 */
export const loadedRule: FramingRule = {
  id: 'framing/loaded',
  run(ctx: FramingContext): DraftFinding[] {
    const lex = connotationLexicon(ctx.options);
    const out: DraftFinding[] = [];
    ctx.articles.forEach((a, ai) => {
      // Direct quotations of the analysis: they span sentences, which a per-sentence search misses.
      const direct = (ctx.quotes[ai] ?? []).filter((q) => q.kind === 'direct');
      const reported = (ctx.quotes[ai] ?? []).filter((q) => q.kind === 'reported');
      a.sentenceTokens.forEach(([from, to], si) => {
        const matches: LexiconMatch[] = connotations(lex, a.tokens, from, to, ctx.options);
        for (let t = from; t < to; t++) {
          const cat = ATTRIBUTION.get(a.tokens[t]!.form);
          const w = cat ? ATTRIBUTION_AS_LOADED[cat] : undefined;
          if (w !== undefined && !matches.some((m) => m.from <= t && t < m.to) && !plainSense({ term: a.tokens[t]!.form, from: t, to: t + 1 }, a.tokens, from, to)) matches.push({ from: t, to: t + 1, term: a.tokens[t]!.form, category: `attribution:${cat}`, weight: w });
        }
        const s = a.article.sentences[si]!;
        const quoted = quotedRanges(a.article.text, s.start, s.end);
        // Scare quotes: short quoted phrases that are not the whole sentence. `mentions` holds the
        // token ends of quoted terms mentioned as words, so that a list of them is one mention.
        const mentions: number[] = [];
        for (const [qs, qe] of quoted) {
          let qf = from;
          while (qf < to && a.tokens[qf]!.start < qs) qf++;
          let qt = qf;
          while (qt < to && a.tokens[qt]!.end <= qe) qt++;
          // Lower-case words only: a quoted name or title ("Fox News Sunday") is not a scare quote.
          const lower = a.tokens.slice(qf, qt).every((t) => !t.capitalized || t.kind === 'number');
          // A short quote the analysis attributes to a speaker, or that a speech verb introduces
          // ("what he calls "Obama's war on religion"", "many others called "sexist""), is a
          // partial quotation of someone's words, not the outlet's distance.
          const attributed = direct.some((q) => (q.name !== null || q.verb !== undefined) && q.start < qe && qs < q.end);
          const mentioned = mentionAt(a.tokens, from, qf);
          if (mentioned) mentions.push(qt);
          else if (mentions.some((end) => listContinues(a.tokens, end, qf))) mentions.push(qt);
          if (qt > qf && qt - qf <= SCARE_QUOTE_MAX_WORDS && lower && !attributed && mentions[mentions.length - 1] !== qt && to - from > qt - qf + 3) {
            matches.push({ from: qf, to: qt, term: 'scare quotes', category: 'scare-quote', weight: SCARE_QUOTE_WEIGHT });
          }
        }
        if (matches.length === 0) return;
        matches.sort((x, y) => x.from - y.from || y.to - x.to);
        const counterparts = ctx.counterparts[ai]![si]!;
        for (const m of matches) {
          const start = a.tokens[m.from]!.start;
          const end = a.tokens[m.to - 1]!.end;
          // A word inside a name is part of the name ("Tea Party Patriots", "Socialist Party").
          if (m.category !== 'scare-quote' && insideName(ctx, ai, start, end)) continue;
          const actual = spanText(a, start, end);
          const inQuote = m.category !== 'scare-quote' && (quoted.some(([qs, qe]) => qs <= start && end <= qe) || direct.some((q) => q.start <= start && end <= q.end));
          // Reported speech (the analysis's reported statements) or a "that" clause after a speech noun or verb.
          let attributed = reported.some((q) => q.start <= start && end <= q.end);
          for (let t = m.from - 1; !attributed && t >= from; t--) {
            if (a.tokens[t]!.form !== 'that') continue;
            for (let h = t - 1; h >= Math.max(from, t - ATTRIBUTED_CLAUSE_REACH); h--) if (ATTRIBUTED_CLAUSE_HEADS.has(a.tokens[h]!.form)) attributed = true;
          }
          attributed &&= !inQuote && m.category !== 'scare-quote';
          // Does each counterpart sentence use the same term?
          const forms = a.tokens.slice(m.from, m.to).map((t) => t.key);
          const shared = counterparts.filter(([bi, bs]) => {
            const b = ctx.articles[bi]!;
            if (m.category === 'scare-quote') {
              // Shared only if the counterpart also sets the words in quotation marks.
              const t = b.article.sentences[bs]!;
              return foldTypography(spanText(b, t.start, t.end)).toLowerCase().includes(`"${foldTypography(actual).toLowerCase()}"`);
            }
            const [bf, bt] = b.sentenceTokens[bs]!;
            for (let k = bf; k + forms.length <= bt; k++) {
              if (forms.every((f, x) => b.tokens[k + x]!.key === f)) return true;
            }
            return false;
          });
          let factor: number = COUNTERPART_FACTOR.noCounterpart;
          if (counterparts.length > 0) factor = shared.length === counterparts.length ? COUNTERPART_FACTOR.sharedTerm : COUNTERPART_FACTOR.neutralCounterpart;
          if (inQuote) factor *= QUOTED_FACTOR;
          if (attributed) factor *= ATTRIBUTED_FACTOR;
          const salience = roundSalience(m.weight * factor);
          const neutralOnes = counterparts.filter((c) => !shared.includes(c));
          const counterpartText = neutralOnes.map(([bi, bs]) => {
            const b = ctx.articles[bi]!;
            const t = b.article.sentences[bs]!;
            return spanText(b, t.start, t.end);
          });
          const who = neutralOnes.map(([bi]) => outletName(ctx.articles[bi]!));
          const kind = KIND_TEXT[m.category.split(':')[0]!] ?? 'subjective wording';
          const reason = inQuote
            ? `${outletName(a)} quotes ${kind}, "${actual}"; the wording is the speaker's, not the outlet's.`
            : attributed
              ? `${outletName(a)} uses ${kind}, "${actual}", in a statement it attributes to others; the word may be theirs.`
              : who.length > 0
              ? `${outletName(a)} uses ${kind}, "${actual}", where ${listNames(who)} report${who.length === 1 ? 's' : ''} the same passage without it.`
              : `${outletName(a)} uses ${kind}: "${actual}".`;
          const confidence = inQuote ? LOADED_CONFIDENCE.quoted : attributed ? LOADED_CONFIDENCE.attributed : who.length > 0 ? LOADED_CONFIDENCE.neutralCounterpart : LOADED_CONFIDENCE.noCounterpart;
          out.push({
            ruleId: 'framing/loaded',
            severity: salience >= 0.7 ? 'warning' : salience >= 0.4 ? 'notice' : 'info',
            salience,
            confidence,
            reason,
            spans: [span(a, start, end)],
            actual,
            ...(counterpartText.length ? { counterpart: counterpartText } : {}),
            data: {
              category: m.category,
              lexiconEntry: m.term,
              quoted: inQuote,
              attributed,
              counterpartSpans: neutralOnes.map(([bi, bs]) => {
                const b = ctx.articles[bi]!;
                const t = b.article.sentences[bs]!;
                return span(b, t.start, t.end);
              }),
            },
          });
        }
      });
    });
    return mergeRepeats(out);
  },
};

/**
 * One finding per word an outlet uses again and again with no counterpart to contrast it with
 * ("complained" three times in one story is one choice of words, not three findings): its spans
 * are every use, its reason counts them.
 */
function mergeRepeats(findings: DraftFinding[]): DraftFinding[] {
  const out: DraftFinding[] = [];
  const first = new Map<string, number>();
  for (const f of findings) {
    const d = f.data as { category: string; quoted: boolean; attributed: boolean; counterpartSpans: unknown[] };
    const key = d.counterpartSpans.length === 0 && !d.quoted && !d.attributed ? `${f.spans[0]!.article}\u0000${d.category}\u0000${(f.actual ?? '').toLowerCase()}` : null;
    const at = key === null ? undefined : first.get(key);
    if (at === undefined) {
      if (key !== null) first.set(key, out.length);
      out.push(f);
      continue;
    }
    const kept = out[at]!;
    const spans = [...kept.spans, ...f.spans];
    out[at] = { ...kept, spans, salience: Math.max(kept.salience, f.salience), reason: kept.reason.replace(/^(.*?) uses (.*?): ("[^"]*")(?: \(\d+ times\))?\.$/, `$1 uses $2: $3 (${spans.length} times).`) };
  }
  return out;
}

/** How each category is named in a reason. */
const KIND_TEXT: Record<string, string> = {
  custom: 'a term on your list',
  pejorative: 'a pejorative label',
  dramatising: 'dramatising wording',
  subjective: 'subjective wording',
  emotive: 'emotive wording',
  attribution: 'a characterising attribution verb',
  'scare-quote': 'scare quotes around',
};
