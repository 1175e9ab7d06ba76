import loaded from './lexicons/loaded-terms.json' with { type: 'json' };
import senses from './lexicons/senses.json' with { type: 'json' };
import { compileLexicon, matchLexicon, type Lexicon, type LexiconMatch } from './lexicon.ts';
import type { Token } from '../text/tokenize.ts';
import type { Options } from '../types.ts';

/**
 * The connotation lexicon: the shipped loaded-term list and the user's own list, minus the
 * user's neutral terms.
 *
 * General sentiment lists were measured against expert annotations of lexical bias (BASIL dev
 * data) and left out: AFINN-165 words with |valence| >= 3 fall in biased sentences 5-10% of the
 * time (they are mostly the plain vocabulary of the events: "illegal", "violence", "victory"),
 * and the `hedges`/`weasels` lists are dominated by function words ("about", "also", "could").
 * The curated list scores 17-25%, characterising attribution verbs 56%.
 */
export function connotationLexicon(options: Options): Lexicon {
  const { loadedTerms, neutralTerms } = options.framing;
  // Compiled once per word-list setting: most comparisons use the shipped lists alone.
  const key = JSON.stringify([loadedTerms, neutralTerms]);
  const cached = compiled.get(key);
  if (cached) return cached;
  const lex = compile(loadedTerms, neutralTerms);
  if (compiled.size >= MAX_CACHED) compiled.clear();
  compiled.set(key, lex);
  return lex;
}

/** Compiled lexicons by word-list setting (bounded: callers may pass many different lists). */
const compiled = new Map<string, Lexicon>();
const MAX_CACHED = 16;

function compile(loadedTerms: readonly string[], neutralTerms: readonly string[]): Lexicon {
  const cats = loaded.categories as Record<string, string[]>;
  const weights = loaded.weights as Record<string, number>;
  return compileLexicon(
    [
      ...Object.entries(cats).map(([category, terms]) => ({ category, weight: weights[category] ?? 0.5, terms })),
      // A newsroom's own list: full weight, it is what they asked to see.
      { category: 'custom', weight: 1, terms: loadedTerms },
    ],
    neutralTerms,
  );
}

/** A plain, literal or technical sense of a listed word, told by its neighbours (`lexicons/senses.json`). */
interface SenseGuard {
  before: ReadonlySet<string>;
  after: ReadonlySet<string>;
}

/** Sense guards by lexicon entry. */
const SENSE_GUARDS: ReadonlyMap<string, SenseGuard> = new Map(
  (senses.guards as Array<{ term: string; before: string[]; after: string[] }>).map((g) => [g.term, { before: new Set(g.before), after: new Set(g.after) }]),
);

/** Words around a match that a sense guard looks at. */
const SENSE_WINDOW = 2;

/**
 * Whether a match stands in a plain sense of its word ("bomb blast", "sanctions regime", "the
 * so-called marriage penalty", "pleaded guilty"); `m.term` is its lexicon entry or, for an
 * attribution verb, its form. Only words inside `[from, to)` (its sentence) are looked at.
 */
export function plainSense(m: Pick<LexiconMatch, 'term' | 'from' | 'to'>, tokens: readonly Token[], from: number, to: number): boolean {
  const g = SENSE_GUARDS.get(m.term);
  if (!g) return false;
  for (let k = 1; k <= SENSE_WINDOW; k++) {
    const b = tokens[m.from - k];
    if (m.from - k >= from && b && g.before.has(b.form)) return true;
    const a = tokens[m.to - 1 + k];
    if (m.to - 1 + k < to && a && g.after.has(a.form)) return true;
  }
  return false;
}

/**
 * Connotation matches in tokens `[from, to)`; the user's neutral terms never match, nor does a
 * listed word in a plain sense its neighbours show (a user's own terms are always matched).
 */
export function connotations(lex: Lexicon, tokens: readonly Token[], from: number, to: number, options: Options): LexiconMatch[] {
  const neutral = options.framing.neutralTerms;
  return matchLexicon(lex, tokens, from, to, neutral.length ? new Set(neutral.map((t) => t.toLowerCase())) : undefined).filter((m) => m.category === 'custom' || !plainSense(m, tokens, from, to));
}
