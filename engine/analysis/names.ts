import type { PreparedArticle } from '../input/article.ts';
import stopwords from '../data/stopwords-en.json' with { type: 'json' };
import names from './data/names.json' with { type: 'json' };

/** What a run of capitalised words names. */
export type NameKind = 'person' | 'organisation' | 'place' | 'agency' | 'title';

/** A name found in an article's text: a run of capitalised tokens, classified. */
export interface NameMention {
  kind: NameKind;
  /** The name as it should be shown: titles, tags and a leading "The" stripped. */
  name: string;
  /** Offsets of `name` in the article's text. */
  start: number;
  end: number;
  /** Token range of the whole run (titles included), `[from, to)`. */
  from: number;
  to: number;
  /** Role a later mention may use for the person ("the senator"), from a title. */
  role?: string;
  /** Gender a courtesy title or a gendered role implies. */
  gender?: 'm' | 'f';
}

interface TitleInfo {
  role?: string;
  gender?: 'm' | 'f';
}

const TITLES: ReadonlyMap<string, TitleInfo> = new Map(Object.entries(names.titles as Record<string, TitleInfo>));
const AGENCIES: ReadonlySet<string> = new Set(names.agencies);
const ORGANISATION_WORDS: ReadonlySet<string> = new Set(names.organisationWords);
const PLACES: ReadonlySet<string> = new Set(names.places);
/** Plural nouns for unnamed groups ("Officials said"): no name, so no speaker. */
const GROUP_NOUNS: ReadonlySet<string> = new Set(names.groupNouns);
const STOPWORDS: ReadonlySet<string> = new Set(stopwords.words);
/** Given names and the gender they are mostly given to (only to keep "she" off a man's name). */
const GIVEN_NAMES: ReadonlyMap<string, 'm' | 'f'> = new Map([
  ...(names.givenNames.f as string[]).map((n): [string, 'f'] => [n, 'f']),
  ...(names.givenNames.m as string[]).map((n): [string, 'm'] => [n, 'm']),
]);
/** Whether a word names an unnamed group ("officials", "aides"). */
export function isGroupNoun(form: string): boolean {
  return GROUP_NOUNS.has(form);
}

/** Whether a token's form is a title ("Ms.", "Sen.", "President"). */
export function isTitle(form: string): boolean {
  return TITLES.has(plainForm(form));
}

/** Whether a word is a common given name ("Elizabeth" opening a sentence is still a name). */
export function isGivenName(form: string): boolean {
  return GIVEN_NAMES.has(form);
}

/** Role nouns a definite description uses for a person named before ("the senator said"). */
export const ROLE_NOUNS: ReadonlySet<string> = new Set(names.roleNouns);
/** Gender of the personal pronouns that may stand for a speaker. */
export const PRONOUN_GENDER: Readonly<Record<string, 'm' | 'f'>> = names.genderPronouns as Record<string, 'm' | 'f'>;

/**
 * Capitalised words that open sentences and are no part of a name: calendar words and sentence
 * adverbs (the stop-word list has the function words).
 */
const NOT_NAME: ReadonlySet<string> = new Set([
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'meanwhile', 'instead', 'still', 'later', 'earlier', 'yesterday', 'today', 'tonight', 'tomorrow', 'last', 'next',
  'asked', 'speaking', 'according', 'yes', 'no', 'well', 'now', 'then', 'thus', 'also', 'indeed', 'even', 'many', 'some',
]);
/** Lower-case words that may join the capitalised parts of one name: "Department of Justice", "Charles de Gaulle". */
const CONNECTORS: ReadonlySet<string> = new Set(['of', 'de', 'del', 'da', 'van', 'von', 'der', 'bin', 'al', 'for', 'on']);
/** Party and state tag after a name, AP style: "R-Ohio", "D-Calif.", "I-Vt.". */
const PARTY_TAG_RE = /^[rdi]-[a-z.]+$/;
/** Longest run of tokens taken as one name. */
const MAX_NAME_TOKENS = 7;

/** A token's form for the word lists: lower-case, without dots ("a.p." is "ap") or a possessive. */
export function plainForm(form: string): string {
  return form.replace(/['\u2019]s$/, '').replace(/\./g, '');
}

/** Whether token `t` may be part of a name. */
function nameToken(a: PreparedArticle, t: number): boolean {
  const tok = a.tokens[t];
  if (!tok || !tok.capitalized || tok.kind === 'number') return false;
  const form = plainForm(tok.form);
  if (PARTY_TAG_RE.test(form)) return false;
  if (TITLES.has(form)) return true;
  return !STOPWORDS.has(form) && !NOT_NAME.has(form) && !GROUP_NOUNS.has(form);
}

/** Whether the text between tokens `t` and `t + 1` lets them belong to one name. */
function joined(a: PreparedArticle, t: number): boolean {
  const x = a.tokens[t]!;
  const y = a.tokens[t + 1]!;
  const gap = a.article.text.slice(x.end, y.start);
  if (/^[ \t]+$/.test(gap)) return true;
  // "Mr. Steele", "J. Smith", "Sen. Roe": the abbreviation's dot.
  return /^\.[ \t]+$/.test(gap) && (TITLES.has(plainForm(x.form)) || x.form.length === 1);
}

/**
 * The name run that ends at token `t` (inclusive), read backwards, not before token `min`;
 * null when token `t` cannot end a name.
 */
export function runEndingAt(a: PreparedArticle, t: number, min: number): [number, number] | null {
  if (t < min || !nameToken(a, t)) return null;
  let from = t;
  while (from - 1 >= min && t - from + 1 < MAX_NAME_TOKENS) {
    if (nameToken(a, from - 1) && joined(a, from - 1)) from--;
    else if (from - 2 >= min && CONNECTORS.has(a.tokens[from - 1]!.form) && !a.tokens[from - 1]!.capitalized && nameToken(a, from - 2) && joined(a, from - 2) && joined(a, from - 1)) from -= 2;
    else break;
  }
  return [from, t + 1];
}

/** The name run that starts at token `t`, read forwards, before token `max`; null when there is none. */
export function runStartingAt(a: PreparedArticle, t: number, max: number): [number, number] | null {
  if (t >= max || !nameToken(a, t)) return null;
  let to = t + 1;
  while (to < max && to - t < MAX_NAME_TOKENS) {
    if (nameToken(a, to) && joined(a, to - 1)) to++;
    else if (to + 1 < max && CONNECTORS.has(a.tokens[to]!.form) && !a.tokens[to]!.capitalized && nameToken(a, to + 1) && joined(a, to - 1) && joined(a, to)) to += 2;
    else break;
  }
  return [t, to];
}

/**
 * What a run of tokens names, read as news copy writes names (rules in order):
 * 1. a title followed by words that are neither titles nor places is a person ("Sen. Jane Roe",
 *    "Secretary of State Hillary Clinton", "House Speaker John Boehner"): the name is those words;
 * 2. a run that ends in a news-agency word is an agency ("Associated Press", "New York Times"):
 *    never a speaker, it reports and is not quoted;
 * 3. a run holding an organisation word, or one acronym, is an organisation ("Department of
 *    Justice", "White House", "NAACP");
 * 4. a run of places is a place ("Texas", "United States");
 * 5. titles alone ("the President") are a title, resolved later like "the senator";
 * 6. anything else is taken for a person's name ("George Washington" too: no title word in it).
 */
export function classifyRun(a: PreparedArticle, from: number, to: number): NameMention {
  // "Darrell Issa of California", "Rick Perry of Texas": the place after "of" is no part of a person's name.
  for (let t = from + 2; t < to; t++) {
    if (a.tokens[t - 1]!.form !== 'of') continue;
    let places = true;
    for (let u = t; u < to; u++) if (!PLACES.has(plainForm(a.tokens[u]!.form))) places = false;
    if (places && !ORGANISATION_WORDS.has(plainForm(a.tokens[t - 2]!.form)) && !TITLES.has(plainForm(a.tokens[t - 2]!.form))) {
      to = t - 1;
      break;
    }
  }
  const forms = [];
  for (let t = from; t < to; t++) forms.push(plainForm(a.tokens[t]!.form));
  // Trailing words that are no title, place, agency or organisation word: the personal name.
  let nameFrom = to;
  while (nameFrom > from) {
    const f = forms[nameFrom - 1 - from]!;
    if (TITLES.has(f) || PLACES.has(f) || ORGANISATION_WORDS.has(f) || AGENCIES.has(f) || CONNECTORS.has(f)) break;
    nameFrom--;
  }
  let role: string | undefined;
  let gender: 'm' | 'f' | undefined;
  for (let t = from; t < nameFrom; t++) {
    const info = TITLES.get(forms[t - from]!);
    if (info?.role) role = info.role;
    if (info?.gender) gender = info.gender;
  }
  const hasTitle = forms.slice(0, nameFrom - from).some((f) => TITLES.get(f)?.role !== undefined || TITLES.get(f)?.gender !== undefined);
  const text = (s: number, e: number) => a.article.text.slice(a.tokens[s]!.start, a.tokens[e - 1]!.end).replace(/['\u2019]s$/, '');
  const mention = (kind: NameKind, s: number, e: number): NameMention => ({
    kind,
    name: text(s, e),
    start: a.tokens[s]!.start,
    end: a.tokens[e - 1]!.end - (/['\u2019]s$/.test(a.tokens[e - 1]!.form) ? 2 : 0),
    from,
    to,
    ...(role !== undefined ? { role } : {}),
    ...(gender !== undefined ? { gender } : {}),
  });
  // No title's gender: the given name's, if it is a common one.
  if (gender === undefined && to - nameFrom >= 2) gender = GIVEN_NAMES.get(forms[nameFrom - from]!);
  if (hasTitle && nameFrom < to) return mention('person', nameFrom, to);
  if (AGENCIES.has(forms[forms.length - 1]!)) return mention('agency', from, to);
  if (forms.some((f) => ORGANISATION_WORDS.has(f)) || (to - from === 1 && a.tokens[from]!.kind === 'acronym')) return mention('organisation', from, to);
  if (forms.every((f) => PLACES.has(f) || CONNECTORS.has(f))) return mention('place', from, to);
  if (nameFrom === to) return forms.some((f) => TITLES.has(f)) ? mention('title', from, to) : mention('person', from, to);
  return mention('person', nameFrom, to);
}

/** Surname key of a person's name: its last word, lower-cased, suffixes such as "Jr." skipped. */
export function surnameKey(name: string): string {
  const parts = name.toLowerCase().split(/\s+/).filter((p) => !/^(jr|sr|ii|iii|iv)\.?$/.test(p));
  return parts[parts.length - 1] ?? '';
}
