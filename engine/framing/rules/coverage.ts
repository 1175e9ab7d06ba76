import type { PreparedArticle } from '../../input/article.ts';
import type { VoiceSummary } from '../../types.ts';
import { ATTRIBUTION } from '../attribution.ts';
import { listNames, outletName, roundSalience, span, spanText, type DraftFinding, type FramingContext, type FramingRule } from '../context.ts';

/** Excerpt length used in omission reasons. */
const EXCERPT_CHARS = 90;

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= EXCERPT_CHARS ? flat : `${flat.slice(0, EXCERPT_CHARS - 1).replace(/\s+\S*$/, '')}…`;
}

/**
 * `coverage/omission`: content that most outlets carry and some leave out. Salience grows with
 * the share of outlets that carry it, and with how early they carry it (what outlets put in
 * their lead is what they think central).
 */
export const omissionRule: FramingRule = {
  id: 'coverage/omission',
  run(ctx: FramingContext): DraftFinding[] {
    const n = ctx.articles.length;
    // With two articles, "omitted by one" is just "unique to the other": nothing to weigh.
    if (n < 3) return [];
    const out: DraftFinding[] = [];
    ctx.rows.forEach((row, ri) => {
      if (row.headline || row.members.length < 2 || row.missing.length === 0) return;
      const share = row.members.length / n;
      if (share < 0.5) return;
      // Mean position of the row in its carriers (0 = first paragraph, 1 = last).
      const positions = row.members.map((m) => {
        const a = ctx.articles[ctx.indexOf.get(m.article)!]!;
        return Math.min(...m.paragraphs) / Math.max(1, a.article.paragraphs.length - 1);
      });
      const position = positions.reduce((x, y) => x + y, 0) / positions.length;
      const salience = roundSalience(share * (0.55 + 0.35 * (1 - position)));
      const first = row.members[0]!;
      const fa = ctx.articles[ctx.indexOf.get(first.article)!]!;
      const p = fa.article.paragraphs[first.paragraphs[0]!]!;
      const missingNames = row.missing.map((id) => outletName(ctx.articles[ctx.indexOf.get(id)!]!));
      out.push({
        ruleId: 'coverage/omission',
        severity: salience >= 0.6 ? 'notice' : 'info',
        salience,
        reason: `${row.members.length} of ${n} outlets report "${excerpt(spanText(fa, p.start, p.end))}"; ${listNames(missingNames)} ${row.missing.length === 1 ? 'leaves' : 'leave'} it out.`,
        spans: row.members.flatMap((m) => {
          const a = ctx.articles[ctx.indexOf.get(m.article)!]!;
          return m.paragraphs.map((pi) => span(a, a.article.paragraphs[pi]!.start, a.article.paragraphs[pi]!.end));
        }),
        data: { row: ri, carriedBy: row.members.map((m) => m.article), missing: row.missing },
      });
    });
    return out;
  },
};

/** Words that may precede a name in an attribution and are not part of it. */
const NOT_NAME = new Set([
  'the', 'a', 'an', 'he', 'she', 'they', 'it', 'we', 'i', 'but', 'and', 'mr', 'mrs', 'ms', 'dr',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
]);
const PRONOUNS = new Set(['he', 'she', 'they']);

/**
 * A run of capitalised tokens from token `at`, walking backwards (`dir` -1) or forwards (+1),
 * within `[from, to)` and without crossing punctuation: "Dmitry Peskov", "United Nations".
 */
function nameAround(a: PreparedArticle, from: number, to: number, at: number, dir: -1 | 1): string | null {
  const names: string[] = [];
  let t = at;
  let prev: { start: number; end: number } | null = null;
  while (t >= from && t < to) {
    const tok = a.tokens[t]!;
    if (!tok.capitalized || tok.kind === 'number' || NOT_NAME.has(tok.form)) break;
    if (prev) {
      const gap = dir === -1 ? a.article.text.slice(tok.end, prev.start) : a.article.text.slice(prev.end, tok.start);
      if (!/^\s+$/.test(gap)) break;
    }
    names.push(a.article.text.slice(tok.start, tok.end));
    prev = tok;
    t += dir;
    if (names.length >= 4) break;
  }
  if (names.length === 0) return null;
  return (dir === -1 ? names.reverse() : names).join(' ').replace(/['\u2019]s$/, '');
}

/** A name followed by an appositive right before offset `at`: "Barbara Woodward, Britain's ambassador, ". */
const APPOSITIVE_RE = /(\p{Lu}[\p{L}'\u2019.-]+(?:\s+\p{Lu}[\p{L}'\u2019.-]+){0,3}),[^,"\u201C\u201D]{1,80},\s*$/u;

/** Per context and article: the speaker each sentence attributes a statement to, or null. */
const speakerCache = new WeakMap<FramingContext, Array<Array<string | null>>>();

/**
 * The speaker of each sentence of an article: the named person or body next to an attribution
 * verb ("Peskov said", "said Dmitry Peskov", "according to Nebenzia"); "he/she said" goes to the
 * last named speaker.
 */
function sentenceSpeakers(ctx: FramingContext, ai: number): Array<string | null> {
  let all = speakerCache.get(ctx);
  if (!all) speakerCache.set(ctx, (all = []));
  const cached = all[ai];
  if (cached) return cached;
  const a = ctx.articles[ai]!;
  let last: string | null = null;
  const out = a.sentenceTokens.map(([from, to]) => {
    for (let t = from; t < to; t++) {
      const tok = a.tokens[t]!;
      // Verbs are lower-case in running text: "States" in "United States" is a name.
      const isVerb = !tok.capitalized && ATTRIBUTION.has(tok.form);
      const isAccording = tok.form === 'according' && a.tokens[t + 1]?.form === 'to';
      if (!isVerb && !isAccording) continue;
      let speaker: string | null = null;
      if (isAccording) speaker = nameAround(a, from, to, t + 2, 1);
      else {
        const before = t - 1 >= from ? a.tokens[t - 1]! : null;
        // "said Peskov" names the speaker only after a quotation or a clause: `..." said Peskov`,
        // `..., said Peskov`; otherwise the name after the verb is what was said ("said London regretted").
        const inverted = /[,"\u201D]\s*$/u.test(a.article.text.slice(Math.max(0, tok.start - 3), tok.start));
        speaker = nameAround(a, from, to, t - 1, -1);
        if (!speaker && inverted) {
          const m = APPOSITIVE_RE.exec(a.article.text.slice(a.article.sentences[0] ? Math.max(0, tok.start - 160) : 0, tok.start));
          speaker = m ? m[1]!.replace(/['\u2019]s$/, '') : nameAround(a, from, to, t + 1, 1);
        }
        if (!speaker && before && PRONOUNS.has(before.form)) speaker = last;
      }
      if (!speaker) continue;
      last = speaker;
      return speaker;
    }
    return null;
  });
  all[ai] = out;
  return out;
}

/** The speaker sentence `si` of article `ai` attributes a statement to, or null. */
export function speakerOf(ctx: FramingContext, ai: number, si: number): string | null {
  return sentenceSpeakers(ctx, ai)[si] ?? null;
}

/**
 * Who each outlet quotes: statements per speaker, quoted words and the paragraph of the first
 * one. Speakers are keyed by their last name so "Dmitry Peskov" and "Peskov" are one voice.
 */
export function voices(ctx: FramingContext, ai: number): VoiceSummary[] {
  const a = ctx.articles[ai]!;
  const bySurname = new Map<string, VoiceSummary>();
  sentenceSpeakers(ctx, ai).forEach((speaker, si) => {
    if (!speaker) return;
    const s = a.article.sentences[si]!;
    const key = speaker.split(' ').pop()!.toLowerCase();
    const v = bySurname.get(key) ?? { speaker, quotes: 0, quotedWords: 0, firstParagraph: s.paragraph };
    if (speaker.length > v.speaker.length) v.speaker = speaker;
    v.quotes++;
    const quoted = a.article.text.slice(s.start, s.end).match(/["\u201C][^"\u201C\u201D]*["\u201D]/g) ?? [];
    v.quotedWords += quoted.reduce((n, q) => n + q.split(/\s+/).filter(Boolean).length, 0);
    bySurname.set(key, v);
  });
  return [...bySurname.values()].sort((x, y) => y.quotes - x.quotes || x.firstParagraph - y.firstParagraph || (x.speaker < y.speaker ? -1 : 1));
}

/** Salience of a voice that other outlets quote and this one does not. */
const MISSING_VOICE_SALIENCE = { base: 0.45, perOutlet: 0.05, max: 0.7 } as const;

/**
 * `coverage/voices`: a speaker that most outlets quote and some do not quote at all: who gets
 * to speak is framing.
 */
export const voicesRule: FramingRule = {
  id: 'coverage/voices',
  run(ctx: FramingContext): DraftFinding[] {
    const n = ctx.articles.length;
    if (n < 3) return [];
    const all = ctx.articles.map((_, ai) => voices(ctx, ai));
    const quotedBy = new Map<string, number[]>();
    all.forEach((vs, ai) => {
      for (const v of vs) {
        const key = v.speaker.split(' ').pop()!.toLowerCase();
        quotedBy.set(key, [...(quotedBy.get(key) ?? []), ai]);
      }
    });
    const out: DraftFinding[] = [];
    for (const [key, ais] of [...quotedBy].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
      if (ais.length < Math.max(2, Math.ceil(n / 2)) || ais.length === n) continue;
      const name = all[ais[0]!]!.find((v) => v.speaker.split(' ').pop()!.toLowerCase() === key)!.speaker;
      const missing = ctx.articles.filter((_, ai) => !ais.includes(ai));
      const spans = ais.flatMap((ai) => {
        const a = ctx.articles[ai]!;
        return sentenceSpeakers(ctx, ai).flatMap((sp, si) => (sp && sp.split(' ').pop()!.toLowerCase() === key ? [span(a, a.article.sentences[si]!.start, a.article.sentences[si]!.end)] : []));
      });
      const salience = roundSalience(Math.min(MISSING_VOICE_SALIENCE.max, MISSING_VOICE_SALIENCE.base + MISSING_VOICE_SALIENCE.perOutlet * (ais.length - 2)));
      out.push({
        ruleId: 'coverage/voices',
        severity: 'info',
        salience,
        reason: `${ais.length} of ${n} outlets quote ${name}; ${listNames(missing.map(outletName))} ${missing.length === 1 ? 'does' : 'do'} not.`,
        spans,
        data: { speaker: name, quotedBy: ais.map((ai) => ctx.articles[ai]!.article.id), missing: missing.map((a) => a.article.id) },
      });
    }
    return out;
  },
};

/** Leads: the paragraphs that open an article. */
const LEAD_PARAGRAPHS = 2;
/** "Deep" in an article: past this share of its paragraphs. */
const DEEP_POSITION = 0.6;

/**
 * `framing/prominence`: content one outlet puts in its lead and another buries deep in its
 * article. Evidence: the first sentence of the paragraph in each.
 */
export const prominenceRule: FramingRule = {
  id: 'framing/prominence',
  run(ctx: FramingContext): DraftFinding[] {
    const out: DraftFinding[] = [];
    for (const row of ctx.rows) {
      if (row.headline || row.members.length < 2) continue;
      const placed = row.members.map((m) => {
        const a = ctx.articles[ctx.indexOf.get(m.article)!]!;
        const p = Math.min(...m.paragraphs);
        return { a, p, share: p / Math.max(1, a.article.paragraphs.length - 1) };
      });
      const leads = placed.filter((x) => x.p < LEAD_PARAGRAPHS);
      const deep = placed.filter((x) => x.p >= LEAD_PARAGRAPHS && x.share >= DEEP_POSITION);
      if (leads.length === 0 || deep.length === 0) continue;
      const first = (x: (typeof placed)[number]) => {
        const para = x.a.article.paragraphs[x.p]!;
        const s = x.a.article.sentences[para.firstSentence]!;
        return span(x.a, s.start, s.end);
      };
      out.push({
        ruleId: 'framing/prominence',
        severity: 'info',
        // One lead facing one buried mention is weak evidence (below the default minSalience); each
        // further outlet on either side makes the contrast clearer.
        salience: roundSalience(0.35 + 0.1 * Math.min(4, leads.length + deep.length - 2)),
        reason: `${listNames(leads.map((x) => outletName(x.a)))} ${leads.length === 1 ? 'puts' : 'put'} "${excerpt(spanText(leads[0]!.a, first(leads[0]!).start, first(leads[0]!).end))}" in the lead; ${listNames(deep.map((x) => `${outletName(x.a)} (paragraph ${x.p + 1} of ${x.a.article.paragraphs.length})`))} ${deep.length === 1 ? 'keeps' : 'keep'} it deep in the story.`,
        spans: [...deep.map(first)],
        data: {
          lead: leads.map((x) => ({ article: x.a.article.id, paragraph: x.p })),
          deep: deep.map((x) => ({ article: x.a.article.id, paragraph: x.p })),
          counterpartSpans: leads.map(first),
        },
      });
    }
    return out;
  },
};
