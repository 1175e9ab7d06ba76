import { InputError } from './errors.ts';
import { LINK_MODEL } from './align/link-model.ts';
import { PROVENANCE_MODEL } from './provenance/model.ts';
import type { Options } from './types.ts';

/**
 * Every tunable of the engine, with its default. Callers pass any subset (`PartialOptions`);
 * it is merged over these defaults, validated, and echoed in the comparison's `options`.
 * Every cost limit is here so that a service can bound the work a request may cause.
 */
export const DEFAULT_OPTIONS: Readonly<Options> = Object.freeze({
  limits: Object.freeze({
    /** Fewest articles a comparison takes: a comparison needs two sides. */
    minArticles: 2,
    /** Most articles a comparison takes: beyond 12 columns a side-by-side view stops being readable. */
    maxArticles: 12,
    /** Longest article body, in UTF-16 code units after normalization (a long feature is ~60,000). */
    maxArticleChars: 200_000,
    /** Most paragraphs per article: bounds alignment cost on pathological one-line-per-word input. */
    maxParagraphsPerArticle: 5_000,
    /**
     * Most paragraph links kept (the best-scoring), and most sentence links. Cost bounds: with
     * permissive thresholds every candidate becomes a link, and each link a diff. 12 articles of
     * 3,000 words give under 10,000 paragraph links.
     */
    maxParagraphLinks: 50_000,
    maxSentenceLinks: 100_000,
    /**
     * Most candidate pairs scored by the link model (the best by term cosine; the others score
     * 0). A cost bound: the model costs about 10 µs and 300 bytes a pair, and pathological input
     * (12 articles of 5,000 one-line paragraphs) makes 1.5 million candidates. 12 articles of
     * 10,000 words make about 75,000.
     */
    maxScoredCandidates: 200_000,
  }),
  alignment: Object.freeze({
    /**
     * Lowest link probability (the learned link model's, `engine/data/link-model.json`) for two
     * paragraphs to be linked. The default is the model's own threshold, picked with it out of
     * fold on the training gold for the best F1; raise it for fewer, surer links.
     */
    linkThreshold: LINK_MODEL.threshold,
    /**
     * A sentence link must reach this share of the best partner that at least one of its two
     * sentences has in the other paragraph: each sentence keeps its clear counterpart and
     * near-ties, and sentences that merely share a topic word are dropped.
     */
    relativeThreshold: 0.95,
    /**
     * Lowest share of linked cross-article paragraph pairs for two groups to share a row
     * (0.5: at least half of the pairs that would sit side by side report the same content).
     */
    rowThreshold: 0.5,
    /** Lowest score for a sentence link inside linked paragraphs. */
    sentenceLinkThreshold: 0.25,
    /** Most candidate partners per paragraph and other article scored after pruning (cost bound). */
    maxCandidatesPerParagraph: 6,
    /**
     * Comparisons with at most this many cross-article paragraph pairs skip pruning: every pair
     * that shares a term is scored (three articles of 40 paragraphs make 4,800 pairs). Pruning
     * loses some real counterparts; where it would save little, none is lost.
     */
    exhaustivePairs: 20_000,
    /**
     * Terms found in more paragraphs than this many per article (and in more than 10) are not
     * used to find candidates (they still count in scores). A term that identifies a fact sits
     * in one or two paragraphs of each article; one spread wider is the event's topic, would
     * pair everything with everything, and walking its postings would make cost grow with the
     * square of the text.
     */
    commonTermPerArticle: 3,
    /** Weight multiplier for names (capitalised words that are not sentence-initial stopwords). */
    entityBoost: 1.5,
    /** Weight multiplier for numbers: figures identify a fact across outlets. */
    numberBoost: 1.5,
    /** Weight multiplier for phrases (neighbouring content terms); 0 turns phrase terms off. */
    phraseBoost: 1,
    /**
     * Weight of quoted-words similarity when both passages quote and the quotes clearly match
     * (0 turns it off). Small: on the development data quotes add little beyond the words.
     */
    quoteWeight: 0.1,
    /** Most paragraphs one article may contribute to a single row (stops runaway merging). */
    maxParagraphsPerRowMember: 4,
  }),
  diff: Object.freeze({
    /** Also diff linked sentence pairs (paragraph pairs are always diffed). */
    sentenceDiffs: true,
    /**
     * Cost budget of one word diff, in token comparisons. Beyond it the pair is reported as
     * substantially rewritten instead of diffed (2,000,000 is ~10 ms on this machine).
     */
    maxComparisons: 2_000_000,
    /**
     * Cost budget of all word diffs of one comparison together, in token comparisons (each diff
     * is charged the smaller of its table size and `maxComparisons`). Once it is spent, the
     * remaining linked pairs are reported as `rewritten` instead of diffed, so very permissive
     * thresholds cannot make a comparison run for minutes. 300,000,000 is ~2 s on this machine,
     * six times what 12 articles of 3,000 words need.
     */
    maxTotalComparisons: 300_000_000,
  }),
  framing: Object.freeze({
    /** Rule ids or prefixes to skip, e.g. `["coverage/omission", "framing/agency"]` or `["coverage/"]`. */
    disabledRules: [] as string[],
    /**
     * Findings below this salience (0-1) are dropped: noise is the enemy of a reviewer's trust.
     * At 0.4 a loaded term needs a neutral counterpart, or a strong category, to be shown.
     */
    minSalience: 0.4,
    /** Most findings kept, best first (a cost and noise bound). */
    maxFindings: 400,
    /** Entries in the review list. */
    reviewSize: 10,
    /**
     * Least salience x confidence a finding needs to enter the review list (it stays among the
     * findings): the list an editor reads first shows only differences whose evidence holds.
     * At 0.3 a loaded word with no counterpart passage (0.6 x 0.4), or an omission whose row rests
     * on doubtful links, stays out of it.
     */
    minReviewWeight: 0.3,
    /** Extra loaded terms to flag (a newsroom's style-guide list): lower-case words or phrases. */
    loadedTerms: [] as string[],
    /** Terms never flagged as loaded, whatever the lexicons say. */
    neutralTerms: [] as string[],
  }),
  provenance: Object.freeze({
    /**
     * The id of the derived article (a rewrite, an aggregation, a summary) to trace back to the
     * others, sentence by sentence; empty: no tracing. See `engine/provenance/trace.ts`.
     */
    derived: '',
    /**
     * Lowest link probability (the provenance model's, `engine/data/provenance-model.json`) for a
     * source sentence to count as a source of a derived sentence. The default is the model's
     * own, picked out of fold on its training pairs for the best link F1 + support F1.
     */
    linkThreshold: PROVENANCE_MODEL.thresholds.link,
    /** A source must reach this share of the derived sentence's best source's probability (near-ties kept, stragglers dropped). */
    relativeThreshold: PROVENANCE_MODEL.thresholds.relative,
    /**
     * A derived sentence whose best source is under `linkThreshold` but at least this is still
     * supported ("partial"), by that best source alone; under it, no source supports the sentence.
     */
    supportThreshold: PROVENANCE_MODEL.thresholds.support,
    /** Share of a sentence's weighted terms found in its source, both ways, for "verbatim" support. */
    verbatimShare: 0.9,
    /**
     * Most (derived sentence, source sentence) pairs scored (a cost bound: about 1 µs and 120
     * bytes a pair). A 1,000-word piece against 10 sources of 1,000 words makes about 25,000.
     */
    maxSentencePairs: 1_000_000,
  }),
});

type Section = keyof Options;

/** Bounds for every numeric option: [min, max, integer?]. */
const NUMERIC_BOUNDS: { [S in Section]: { [K in keyof Options[S]]?: [number, number, boolean] } } = {
  limits: {
    minArticles: [2, 12, true],
    maxArticles: [2, 100, true],
    maxArticleChars: [1, 10_000_000, true],
    maxParagraphsPerArticle: [1, 100_000, true],
    maxParagraphLinks: [0, 10_000_000, true],
    maxSentenceLinks: [0, 10_000_000, true],
    maxScoredCandidates: [0, 100_000_000, true],
  },
  alignment: {
    linkThreshold: [0, 1, false],
    relativeThreshold: [0, 1, false],
    rowThreshold: [0, 1, false],
    sentenceLinkThreshold: [0, 1, false],
    maxCandidatesPerParagraph: [1, 10_000, true],
    exhaustivePairs: [0, 1e7, true],
    commonTermPerArticle: [0, 1_000, false],
    entityBoost: [0, 10, false],
    numberBoost: [0, 10, false],
    quoteWeight: [0, 1, false],
    phraseBoost: [0, 10, false],
    maxParagraphsPerRowMember: [1, 1_000, true],
  },
  diff: {
    maxComparisons: [1, 1e10, true],
    maxTotalComparisons: [1, 1e12, true],
  },
  framing: {
    minSalience: [0, 1, false],
    maxFindings: [0, 100_000, true],
    reviewSize: [0, 1_000, true],
    minReviewWeight: [0, 1, false],
  },
  provenance: {
    linkThreshold: [0, 1, false],
    relativeThreshold: [0, 1, false],
    supportThreshold: [0, 1, false],
    verbatimShare: [0, 1, false],
    maxSentencePairs: [0, 100_000_000, true],
  },
};

/** Most entries in a word-list option, and longest entry. */
const MAX_LIST_ENTRIES = 10_000;
const MAX_LIST_ENTRY_CHARS = 200;

/**
 * Merges caller options over `DEFAULT_OPTIONS` and validates them.
 * @throws InputError (`invalid-options`) naming the offending field.
 */
export function resolveOptions(partial: unknown): Options {
  const out = JSON.parse(JSON.stringify(DEFAULT_OPTIONS)) as Options;
  if (partial === undefined || partial === null) return out;
  if (typeof partial !== 'object' || Array.isArray(partial)) {
    throw new InputError('invalid-options', 'options must be an object', { field: 'options' });
  }
  for (const [section, value] of Object.entries(partial)) {
    if (!(section in out)) {
      throw new InputError('invalid-options', `unknown option section "${section}" (known: ${Object.keys(out).join(', ')})`, {
        field: `options.${section}`,
      });
    }
    if (value === undefined) continue;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InputError('invalid-options', `options.${section} must be an object`, { field: `options.${section}` });
    }
    const target = out[section as Section] as unknown as Record<string, unknown>;
    const bounds = NUMERIC_BOUNDS[section as Section] as Record<string, [number, number, boolean] | undefined>;
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const field = `options.${section}.${key}`;
      if (!(key in target)) {
        throw new InputError('invalid-options', `unknown option ${field}`, { field });
      }
      if (v === undefined) continue;
      if (Array.isArray(target[key])) {
        if (!Array.isArray(v) || v.length > MAX_LIST_ENTRIES || v.some((x) => typeof x !== 'string' || x.length === 0 || x.length > MAX_LIST_ENTRY_CHARS)) {
          throw new InputError('invalid-options', `${field} must be a list of at most ${MAX_LIST_ENTRIES} non-empty strings of at most ${MAX_LIST_ENTRY_CHARS} characters`, { field });
        }
        target[key] = [...v];
        continue;
      }
      const expected = typeof target[key];
      if (typeof v !== expected) {
        throw new InputError('invalid-options', `${field} must be a ${expected}`, { field });
      }
      const b = bounds[key];
      if (b && typeof v === 'number') {
        const [min, max, integer] = b;
        if (!Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
          throw new InputError('invalid-options', `${field} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`, {
            field,
          });
        }
      }
      target[key] = v;
    }
  }
  if (out.provenance.derived.length > 200) {
    throw new InputError('invalid-options', 'options.provenance.derived must be an article id (at most 200 characters)', { field: 'options.provenance.derived' });
  }
  if (out.limits.minArticles > out.limits.maxArticles) {
    throw new InputError('invalid-options', 'options.limits.minArticles must not exceed options.limits.maxArticles', {
      field: 'options.limits.minArticles',
    });
  }
  return out;
}
