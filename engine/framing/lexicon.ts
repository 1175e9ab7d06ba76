import type { Token } from '../text/tokenize.ts';

/** One lexicon entry: a word, a word prefix (`radical*`) or a phrase (`witch hunt`). */
interface Entry {
  term: string;
  category: string;
  weight: number;
  /** Token forms of the entry; the last may be a prefix. */
  parts: string[];
  prefix: boolean;
}

/** A compiled word list, matched on token forms (typography folded, lower-cased). */
export interface Lexicon {
  /** Entries by their first token form (exact). */
  exact: Map<string, Entry[]>;
  /** Prefix entries of one token by their first PREFIX_KEY characters, longest prefix first. */
  prefixes: Map<string, Entry[]>;
}

/** Characters of a prefix entry used to find it (every prefix entry is at least this long). */
const PREFIX_KEY = 3;

/** A lexicon match: tokens `[from, to)` of the token array it was matched in. */
export interface LexiconMatch {
  from: number;
  to: number;
  term: string;
  category: string;
  weight: number;
}

/** Splits an entry into token forms the way the tokenizer would. */
function entryParts(term: string): string[] {
  return term
    .toLowerCase()
    .replace(/[\u2019]/g, "'")
    .split(/\s+/)
    .filter(Boolean);
}

/**
 * Compiles word lists into a lexicon. `lists` maps a category to its entries and weight.
 * Entries in `exclude` are dropped (a user's neutral terms).
 */
export function compileLexicon(lists: Array<{ category: string; weight: number; terms: readonly string[] }>, exclude: readonly string[] = []): Lexicon {
  const excluded = new Set(exclude.map((t) => t.toLowerCase().trim()));
  const exact = new Map<string, Entry[]>();
  const prefixes = new Map<string, Entry[]>();
  for (const { category, weight, terms } of lists) {
    for (const raw of terms) {
      const term = raw.toLowerCase().trim();
      if (!term || excluded.has(term) || excluded.has(term.replace(/\*$/, ''))) continue;
      const prefix = term.endsWith('*');
      const parts = entryParts(prefix ? term.slice(0, -1) : term);
      if (parts.length === 0) continue;
      const entry: Entry = { term, category, weight, parts, prefix };
      if (prefix && parts.length === 1 && parts[0]!.length >= PREFIX_KEY) {
        const key = parts[0]!.slice(0, PREFIX_KEY);
        prefixes.set(key, [...(prefixes.get(key) ?? []), entry]);
      } else {
        const list = exact.get(parts[0]!) ?? [];
        list.push(entry);
        exact.set(parts[0]!, list);
      }
    }
  }
  for (const list of prefixes.values()) list.sort((x, y) => y.parts[0]!.length - x.parts[0]!.length || (x.term < y.term ? -1 : 1));
  for (const list of exact.values()) list.sort((x, y) => y.parts.length - x.parts.length || (x.term < y.term ? -1 : 1));
  return { exact, prefixes };
}

function partMatches(entry: Entry, k: number, form: string): boolean {
  const part = entry.parts[k]!;
  return entry.prefix && k === entry.parts.length - 1 ? form.startsWith(part) : form === part;
}

/**
 * Finds lexicon entries in `tokens[from, to)`: longest phrase first, no overlapping matches.
 * Excluded terms never match, even through a prefix entry.
 */
export function matchLexicon(lex: Lexicon, tokens: readonly Token[], from: number, to: number, exclude?: ReadonlySet<string>): LexiconMatch[] {
  const out: LexiconMatch[] = [];
  let i = from;
  while (i < to) {
    const form = tokens[i]!.form;
    let hit: { entry: Entry; len: number } | null = null;
    for (const entry of lex.exact.get(form) ?? []) {
      const len = entry.parts.length;
      if (i + len > to) continue;
      let ok = true;
      for (let k = 1; k < len && ok; k++) ok = partMatches(entry, k, tokens[i + k]!.form);
      if (ok) {
        hit = { entry, len };
        break;
      }
    }
    if (!hit && !(exclude?.has(form) ?? false)) {
      for (const entry of lex.prefixes.get(form.slice(0, PREFIX_KEY)) ?? []) {
        if (form.startsWith(entry.parts[0]!)) {
          hit = { entry, len: 1 };
          break;
        }
      }
    }
    if (hit && !(exclude?.has(form) ?? false)) {
      out.push({ from: i, to: i + hit.len, term: hit.entry.term, category: hit.entry.category, weight: hit.entry.weight });
      i += hit.len;
    } else {
      i++;
    }
  }
  return out;
}
