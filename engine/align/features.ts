import { stemmer } from 'stemmer';
import stopwords from '../data/stopwords-en.json' with { type: 'json' };
import type { PreparedArticle } from '../input/article.ts';
import type { Token } from '../text/tokenize.ts';
import { americanSpelling } from '../text/spelling.ts';
import type { Options } from '../types.ts';

const STOPWORDS: ReadonlySet<string> = new Set(stopwords.words);

/** What a term is: shapes how much it identifies content across outlets. */
export type TermKind = 'word' | 'entity' | 'number' | 'phrase';

/** The comparison's vocabulary: interned terms with their document frequency. */
export interface Vocabulary {
  ids: Map<string, number>;
  terms: string[];
  kinds: TermKind[];
  /** A readable form of each term: its first surface occurrence. */
  display: string[];
  /** Number of passages (paragraphs) that contain the term. */
  df: number[];
  idf: number[];
  /** Passages counted in `df`. */
  passages: number;
}

/** A passage's weighted term vector, sorted by term id, unit length. */
export interface TermVector {
  ids: Int32Array;
  weights: Float64Array;
}

/** A quoted stretch of a passage, folded for comparison, with its set of words. */
export interface Quote {
  text: string;
  words: Set<string>;
}

/** The quotes of a passage. */
export type Quotes = Quote[];

const LATIN_RE = /^[\p{Script=Latin}\d'.-]+$/u;

/** Lower-case word key of a token, or null for stopwords and noise. */
function contentKey(token: Token): string | null {
  const key = token.key;
  if (token.kind !== 'word') return key;
  if (STOPWORDS.has(key)) return null;
  if (key.length === 1 && LATIN_RE.test(key)) return null;
  return key;
}

/** Porter stem for English-looking words; other scripts are used as they are. */
function stemOf(key: string): string {
  return key.length > 3 && LATIN_RE.test(key) ? stemmer(americanSpelling(key)) : key;
}

/** Term ids of every token of every article (-1 for stopwords), plus the shared vocabulary. */
export interface TermIndex {
  vocab: Vocabulary;
  /** Per article, per token: term id or -1. */
  tokenTerms: Int32Array[];
  /** Per article, per token: id of the phrase (this term + the next content term), or -1. */
  tokenPhrases: Int32Array[];
  /** Per article, per token: index of the phrase's second token. */
  phraseEnds: Int32Array[];
}

/**
 * Whether each sentence is set in title case (headlines, sub-heads): capitals there say nothing
 * about names. Title case = most words of four or more letters capitalised.
 */
function titleCaseSentences(a: PreparedArticle): boolean[] {
  return a.sentenceTokens.map(([from, to]) => isTitleCase(a.tokens, from, to));
}

/** Whether tokens `[from, to)` are set in title case: most words of four or more letters capitalised. */
export function isTitleCase(tokens: Token[], from: number, to: number): boolean {
  let long = 0;
  let caps = 0;
  for (let t = from; t < to; t++) {
    const tok = tokens[t]!;
    if (tok.kind !== 'word' || tok.end - tok.start < 4) continue;
    long++;
    if (tok.capitalized) caps++;
  }
  return long >= 3 && caps / long > 0.6;
}

/**
 * Names are words capitalised mid-sentence more often than not across the comparison (outside
 * headlines). Names are kept whole (`States` in "United States" is not the verb "state"); other
 * words are stemmed.
 */
function findNames(articles: PreparedArticle[]): Set<string> {
  const votes = new Map<string, number>();
  for (const a of articles) {
    const titled = titleCaseSentences(a);
    a.sentenceTokens.forEach(([from, to], si) => {
      if (titled[si]) return;
      for (let t = from; t < to; t++) {
        const tok = a.tokens[t]!;
        if (tok.kind !== 'word') continue;
        const key = contentKey(tok);
        if (key === null) continue;
        // Sentence-initial capitals are no evidence either way.
        if (t === from) continue;
        votes.set(key, (votes.get(key) ?? 0) + (tok.capitalized ? 1 : -1));
      }
    });
  }
  const names = new Set<string>();
  for (const [k, v] of votes) if (v > 0) names.add(k);
  return names;
}

/**
 * Interns the terms of all articles and computes document frequencies over paragraphs, so that
 * a term's weight reflects how well it singles out a passage within this comparison. Besides
 * single terms, each pair of neighbouring content terms is a phrase term ("task force",
 * "armed officers"): shared phrasing is stronger evidence of the same fact than shared words.
 */
export function buildTermIndex(articles: PreparedArticle[]): TermIndex {
  const names = findNames(articles);
  const ids = new Map<string, number>();
  const terms: string[] = [];
  const kinds: TermKind[] = [];
  const display: string[] = [];
  const df: number[] = [];
  const lastSeen: number[] = [];
  let passage = 0;
  const intern = (term: string, kind: TermKind, shown: string): number => {
    let id = ids.get(term);
    if (id === undefined) {
      id = terms.length;
      ids.set(term, id);
      terms.push(term);
      kinds.push(kind);
      display.push(shown);
      df.push(0);
      lastSeen.push(-1);
    }
    if (lastSeen[id] !== passage) {
      lastSeen[id] = passage;
      df[id]!++;
    }
    return id;
  };
  // Stemming is the costliest step per token; words repeat, so each is stemmed once.
  const stems = new Map<string, string>();
  const tokenTerms: Int32Array[] = [];
  const tokenPhrases: Int32Array[] = [];
  const phraseEnds: Int32Array[] = [];
  for (const a of articles) {
    const endsOut = new Int32Array(a.tokens.length);
    const termsOut = new Int32Array(a.tokens.length).fill(-1);
    const phrasesOut = new Int32Array(a.tokens.length).fill(-1);
    for (const [from, to] of a.paragraphTokens) {
      let prev = -1;
      let prevTerm = '';
      for (let t = from; t < to; t++) {
        const token = a.tokens[t]!;
        const key = contentKey(token);
        if (key === null) continue;
        let term: string;
        let kind: TermKind;
        if (token.kind === 'number') {
          term = `#${key}`;
          kind = 'number';
        } else if (token.kind === 'acronym' || names.has(key)) {
          term = `@${key}`;
          kind = 'entity';
        } else {
          let stem = stems.get(key);
          if (stem === undefined) stems.set(key, (stem = stemOf(key)));
          term = stem;
          kind = 'word';
        }
        const shown = a.article.text.slice(token.start, token.end);
        termsOut[t] = intern(term, kind, kind === 'word' ? shown.toLowerCase() : shown);
        if (prev >= 0) {
          phrasesOut[prev] = intern(`${prevTerm} ${term}`, 'phrase', `${display[termsOut[prev]!]} ${shown}`);
          endsOut[prev] = t;
        }
        prev = t;
        prevTerm = term;
      }
      passage++;
    }
    tokenTerms.push(termsOut);
    tokenPhrases.push(phrasesOut);
    phraseEnds.push(endsOut);
  }
  const idf = df.map((d) => Math.log(1 + passage / d));
  return { vocab: { ids, terms, kinds, display, df, idf, passages: passage }, tokenTerms, tokenPhrases, phraseEnds };
}

/** Per-kind weight multipliers from the options. */
function kindBoost(kind: TermKind, options: Options): number {
  if (kind === 'entity') return options.alignment.entityBoost;
  if (kind === 'number') return options.alignment.numberBoost;
  if (kind === 'phrase') return options.alignment.phraseBoost;
  return 1;
}

/** Scratch term counts per term index, reused by every vector of one comparison. */
const COUNTS = new WeakMap<TermIndex, Int32Array>();

/**
 * TF-IDF vector of tokens `[from, to)`: sublinear term frequency (1 + ln tf) times IDF times the
 * kind boost, L2-normalised so that the dot product of two vectors is their cosine.
 */
export function termVector(article: number, from: number, to: number, index: TermIndex, options: Options): TermVector {
  // Counts in a reused array over term ids (reset after use): no map per vector.
  let counts = COUNTS.get(index);
  if (counts === undefined) COUNTS.set(index, (counts = new Int32Array(index.vocab.terms.length)));
  const termIds = index.tokenTerms[article]!;
  const phraseIds = index.tokenPhrases[article]!;
  const phraseEnds = index.phraseEnds[article]!;
  const usePhrases = options.alignment.phraseBoost > 0;
  const seen: number[] = [];
  for (let t = from; t < to; t++) {
    const id = termIds[t]!;
    if (id >= 0 && counts[id]!++ === 0) seen.push(id);
    // A phrase counts only when both its terms are inside the passage.
    const ph = phraseIds[t]!;
    if (usePhrases && ph >= 0 && phraseEnds[t]! < to && counts[ph]!++ === 0) seen.push(ph);
  }
  const ids = Int32Array.from(seen).sort();
  const weights = new Float64Array(ids.length);
  let norm = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const w = (1 + Math.log(counts[id]!)) * index.vocab.idf[id]! * kindBoost(index.vocab.kinds[id]!, options);
    counts[id] = 0;
    weights[i] = w;
    norm += w * w;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < weights.length; i++) weights[i]! /= norm;
  return { ids, weights };
}

/** Cosine of two unit vectors (merge over sorted ids). */
export function cosine(a: TermVector, b: TermVector): number {
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i]!;
    const y = b.ids[j]!;
    if (x === y) dot += a.weights[i++]! * b.weights[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return dot;
}

/** Shared term ids of two vectors, by contribution to their cosine, strongest first. */
export function sharedTerms(a: TermVector, b: TermVector): Array<{ id: number; contribution: number }> {
  const out: Array<{ id: number; contribution: number }> = [];
  let i = 0;
  let j = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i]!;
    const y = b.ids[j]!;
    if (x === y) out.push({ id: x, contribution: a.weights[i++]! * b.weights[j++]! });
    else if (x < y) i++;
    else j++;
  }
  return out.sort((p, q) => q.contribution - p.contribution || p.id - q.id);
}

/** Quote marks that open and close quoted speech. Straight quotes pair with themselves. */
const QUOTE_RE = /[\u201C\u201E«"]([^\u201C\u201D\u201E«»"]{12,}?)[\u201D»"]|(?:^|[\s(\u2014-])[\u2018']([^\u2018\u2019']{12,}?)[\u2019'](?=[\s.,;:!?)\u2014-]|$)/gu;

/** Quoted stretches of `text[start, end)` (12 characters or more), folded for comparison. */
export function extractQuotes(text: string, start: number, end: number): Quotes {
  const out: Quotes = [];
  const slice = text.slice(start, end);
  QUOTE_RE.lastIndex = 0;
  for (let m = QUOTE_RE.exec(slice); m !== null; m = QUOTE_RE.exec(slice)) {
    const q = (m[1] ?? m[2] ?? '').toLowerCase().replace(/[\u2019]/g, "'").replace(/\s+/g, ' ').trim();
    if (q.length >= 12) out.push({ text: q, words: new Set(q.split(/[^\p{L}\p{M}\p{N}']+/u).filter(Boolean)) });
  }
  return out;
}
