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
      if (row.members.length < 2 || row.missing.length === 0) return;
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
const NOT_NAME = new Set(['the', 'a', 'an', 'he', 'she', 'they', 'it', 'we', 'i', 'but', 'and', 'mr', 'mrs', 'ms', 'dr']);
const PRONOUNS = new Set(['he', 'she', 'they']);

/** A run of capitalised tokens ending at token `end` (exclusive) or starting at `start`. */
function nameAround(a: PreparedArticle, from: number, to: number, at: number, dir: -1 | 1): string | null {
  const names: string[] = [];
  let t = at;
  while (t >= from && t < to) {
    const tok = a.tokens[t]!;
    if (!tok.capitalized || tok.kind === 'number' || NOT_NAME.has(tok.form)) break;
    names.push(a.article.text.slice(tok.start, tok.end));
    t += dir;
    if (names.length >= 4) break;
  }
  if (names.length === 0) return null;
  const name = (dir === -1 ? names.reverse() : names).join(' ').replace(/['\u2019]s$/, '');
  return name;
}

/**
 * Who each outlet quotes: for every attribution verb, the named speaker next to it ("Peskov
 * said", "said Dmitry Peskov", "according to Nebenzia"); "he/she said" goes to the last named
 * speaker. Counts statements, quoted words and the paragraph of the first one. Speakers are keyed
 * by their last name so "Dmitry Peskov" and "Peskov" are one voice.
 */
export function voices(ctx: FramingContext, ai: number): VoiceSummary[] {
  const a = ctx.articles[ai]!;
  const bySurname = new Map<string, VoiceSummary>();
  let last: string | null = null;
  a.sentenceTokens.forEach(([from, to], si) => {
    const s = a.article.sentences[si]!;
    for (let t = from; t < to; t++) {
      const tok = a.tokens[t]!;
      const isVerb = ATTRIBUTION.has(tok.form);
      const isAccording = tok.form === 'according' && a.tokens[t + 1]?.form === 'to';
      if (!isVerb && !isAccording) continue;
      let speaker: string | null = null;
      if (isAccording) speaker = nameAround(a, from, to, t + 2, 1);
      else {
        const before = t - 1 >= from ? a.tokens[t - 1]! : null;
        speaker = nameAround(a, from, to, t - 1, -1) ?? nameAround(a, from, to, t + 1, 1);
        if (!speaker && before && PRONOUNS.has(before.form)) speaker = last;
      }
      if (!speaker) continue;
      last = speaker;
      const key = speaker.split(' ').pop()!.toLowerCase();
      const v = bySurname.get(key) ?? { speaker, quotes: 0, quotedWords: 0, firstParagraph: s.paragraph };
      if (speaker.length > v.speaker.length) v.speaker = speaker;
      v.quotes++;
      const quoted = a.article.text.slice(s.start, s.end).match(/["\u201C][^"\u201C\u201D]*["\u201D]/g) ?? [];
      v.quotedWords += quoted.reduce((n, q) => n + q.split(/\s+/).filter(Boolean).length, 0);
      bySurname.set(key, v);
      break; // one attribution per sentence
    }
  });
  return [...bySurname.values()].sort((x, y) => y.quotes - x.quotes || x.firstParagraph - y.firstParagraph || (x.speaker < y.speaker ? -1 : 1));
}
