import type { PreparedArticle } from '../input/article.ts';
import type { Quote, VoiceSummary } from '../types.ts';
import type { NameMention } from './names.ts';
import { surnameKey } from './names.ts';
import names from './data/names.json' with { type: 'json' };
import { articleSpeech, type ArticleQuote } from './quotes.ts';

/** A quote of one article with its speaker's canonical name (the same person, the same name, in every article). */
export interface ResolvedQuote extends ArticleQuote {
  /** Canonical speaker name, or null. */
  name: string | null;
}

/** Every article's quotes, speakers named canonically across the comparison. */
export interface ComparisonSpeech {
  /** Per article (request order), its quotes in text order. */
  quotes: ResolvedQuote[][];
  /** Per article, the names it mentions (people, organisations, places, agencies, titles), in text order. */
  mentions: NameMention[][];
}

/** Familiar forms of given names and the full name they stand for (`data/names.json`). */
const NICKNAMES: Readonly<Record<string, string>> = names.nicknames;
/** Fewest letters of a short form matched as the start of a full given name ("Tim" Timothy; "Al" is too short to tell Albert from Alan). */
const MIN_SHORT_FORM = 3;

/** First-name key of a full name: its first word, lower-cased, familiar forms folded to the full name, or '' for a surname alone. */
function firstKey(name: string): string {
  const parts = name.toLowerCase().split(/\s+/);
  if (parts.length < 2) return '';
  const first = parts[0]!.replace(/\.$/, '');
  return NICKNAMES[first] ?? first;
}

/**
 * Per surname, each first-name key that is the start of another key of the same surname
 * ("tim" of "timothy"), mapped to the longest such key: one person written two ways.
 */
function shortForms(keysBySurname: Map<string, Set<string>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [surname, keys] of keysBySurname) {
    const firsts = [...keys].map((k) => k.slice(surname.length + 1)).sort();
    for (const a of firsts) {
      if (a.length < MIN_SHORT_FORM) continue;
      const longer = firsts.filter((b) => b.length > a.length && b.startsWith(a)).sort((x, y) => y.length - x.length || (x < y ? -1 : 1))[0];
      if (longer) out.set(`${surname}|${a}`, `${surname}|${longer}`);
    }
  }
  return out;
}

/**
 * Canonical names for the people of a comparison: every full name ("Donald Trump", "Donald J.
 * Trump") falls in a cluster of surname and first name, named by its most frequent form (ties: the
 * longer, then the alphabetically first); a surname alone ("Trump", left after "President Trump")
 * takes its article's full name when it has one (already done in `articleSpeech`), else the
 * most-named cluster with that surname in the comparison, else stays as written. Organisations keep their name
 * without a leading "the".
 */
function canonicalNames(mentions: NameMention[][]): (m: NameMention) => string {
  const variants = new Map<string, Map<string, number>>();
  /** Cluster keys folded into another ("murray|tim" into "murray|timothy"). */
  const alias = new Map<string, string>();
  const clustersBySurname = new Map<string, Set<string>>();
  for (const list of mentions) {
    for (const m of list) {
      if (m.kind !== 'person' || !m.name.includes(' ')) continue;
      const surname = surnameKey(m.name);
      const key = `${surname}|${firstKey(m.name)}`;
      const v = variants.get(key) ?? new Map<string, number>();
      v.set(m.name, (v.get(m.name) ?? 0) + 1);
      variants.set(key, v);
      const set = clustersBySurname.get(surname) ?? new Set<string>();
      set.add(key);
      clustersBySurname.set(surname, set);
    }
  }
  // Fold short forms into their full name's cluster.
  for (const [short, full] of shortForms(clustersBySurname)) {
    const from = variants.get(short)!;
    const into = variants.get(full)!;
    for (const [name, k] of from) into.set(name, (into.get(name) ?? 0) + k);
    variants.delete(short);
    clustersBySurname.get(short.slice(0, short.indexOf('|')))!.delete(short);
    alias.set(short, full);
  }
  const canonical = new Map<string, string>();
  for (const [key, v] of variants) {
    const best = [...v].sort((x, y) => y[1] - x[1] || y[0].length - x[0].length || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))[0]!;
    canonical.set(key, best[0]);
  }
  return (m) => {
    if (m.kind !== 'person') return m.name.replace(/^the\s+/i, '');
    const surname = surnameKey(m.name);
    if (m.name.includes(' ')) {
      const key = `${surname}|${firstKey(m.name)}`;
      return canonical.get(alias.get(key) ?? key) ?? m.name;
    }
    // Several people share the surname ("Richard" and "Dick Blumenthal", "Barack" and "Malia
    // Obama"): the one named most often is meant far more often than not.
    const clusters = clustersBySurname.get(surname);
    if (!clusters) return m.name;
    const best = [...clusters].map((k) => [k, [...variants.get(k)!.values()].reduce((x, y) => x + y, 0)] as const).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]!;
    return canonical.get(best[0]) ?? m.name;
  };
}

/** Finds and attributes the quotes of every article, with canonical speaker names across them. */
export function comparisonSpeech(articles: PreparedArticle[]): ComparisonSpeech {
  const speech = articles.map(articleSpeech);
  const name = canonicalNames(speech.map((s) => s.mentions));
  return { quotes: speech.map((s) => s.quotes.map((q) => ({ ...q, name: q.speaker ? name(q.speaker) : null }))), mentions: speech.map((s) => s.mentions) };
}

/** The comparison JSON's `quotes`: every article's quotes, in request order then text order. */
export function quoteRecords(articles: PreparedArticle[], speech: ComparisonSpeech): Quote[] {
  return speech.quotes.flatMap((qs, ai) =>
    qs.map((q): Quote => ({
      article: articles[ai]!.article.id,
      start: q.start,
      end: q.end,
      kind: q.kind,
      speaker: q.name,
      ...(q.speaker ? { speakerKind: q.speaker.kind === 'organisation' ? 'organisation' : 'person' } : {}),
      ...(q.speakerStart !== undefined ? { speakerStart: q.speakerStart, speakerEnd: q.speakerEnd! } : {}),
      ...(q.verb !== undefined ? { verb: q.verb } : {}),
      ...(q.rule !== undefined ? { attribution: q.rule } : {}),
    })),
  );
}

/**
 * Who an article quotes: statements per speaker (direct and reported), words inside quotation
 * marks, and the paragraph of the first one, most quoted first. Speakers are the canonical names,
 * so "Trump", "President Trump" and "President Donald Trump" are one voice.
 */
export function voiceSummaries(a: PreparedArticle, quotes: readonly ResolvedQuote[]): VoiceSummary[] {
  const byName = new Map<string, VoiceSummary>();
  for (const q of quotes) {
    if (!q.name) continue;
    const v = byName.get(q.name) ?? { speaker: q.name, quotes: 0, quotedWords: 0, firstParagraph: q.paragraph };
    v.quotes++;
    if (q.kind === 'direct') v.quotedWords += a.article.text.slice(q.start, q.end).split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
    byName.set(q.name, v);
  }
  return [...byName.values()].sort((x, y) => y.quotes - x.quotes || x.firstParagraph - y.firstParagraph || (x.speaker < y.speaker ? -1 : 1));
}
