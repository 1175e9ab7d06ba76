import { stemmer } from 'stemmer';
import stopwords from '../data/stopwords-en.json' with { type: 'json' };
import type { PreparedArticle } from '../input/article.ts';
import type { Token } from '../text/tokenize.ts';
import type { Options } from '../types.ts';

const STOPWORDS: ReadonlySet<string> = new Set(stopwords.words);

/** What a term is: shapes how much it identifies content across outlets. */
export type TermKind = 'word' | 'entity' | 'number';

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

/** Quoted words of a passage, folded, for quote matching. */
export type Quotes = string[];

const LATIN_RE = /^[\p{Script=Latin}\d'.-]+$/u;

/**
 * The term a token contributes, or null for stopwords and noise.
 * English words are Porter-stemmed (invasion ~ invasions ~ invaded); other scripts are used as-is.
 */
export function termOf(token: Token): { term: string; kind: TermKind } | null {
  if (token.kind === 'number') return { term: `#${token.key}`, kind: 'number' };
  if (token.kind === 'acronym') return { term: token.key, kind: 'entity' };
  const key = token.key;
  if (STOPWORDS.has(key)) return null;
  if (key.length === 1 && LATIN_RE.test(key)) return null;
  const term = LATIN_RE.test(key) && key.length > 3 ? stemmer(key) : key;
  return { term, kind: token.capitalized ? 'entity' : 'word' };
}

/** Term ids of every token of every article (-1 for stopwords), plus the shared vocabulary. */
export interface TermIndex {
  vocab: Vocabulary;
  /** Per article, per token: term id or -1. */
  tokenTerms: Int32Array[];
}

/**
 * Interns the terms of all articles and computes document frequencies over paragraphs, so that
 * a term's weight reflects how well it singles out a passage within this comparison.
 */
export function buildTermIndex(articles: PreparedArticle[]): TermIndex {
  const ids = new Map<string, number>();
  const terms: string[] = [];
  const kinds: TermKind[] = [];
  const display: string[] = [];
  const df: number[] = [];
  const lastSeen: number[] = [];
  let passage = 0;
  const tokenTerms = articles.map((a) => {
    const out = new Int32Array(a.tokens.length).fill(-1);
    const sentenceInitial = new Set(a.sentenceTokens.map(([from]) => from));
    for (const [from, to] of a.paragraphTokens) {
      for (let t = from; t < to; t++) {
        const token = a.tokens[t]!;
        const tk = termOf(token);
        if (!tk) continue;
        let id = ids.get(tk.term);
        if (id === undefined) {
          id = terms.length;
          ids.set(tk.term, id);
          terms.push(tk.term);
          kinds.push(tk.kind === 'entity' && token.kind === 'word' ? 'word' : tk.kind);
          display.push(a.article.text.slice(token.start, token.end));
          df.push(0);
          lastSeen.push(-1);
        }
        // A word is a name when it is capitalised somewhere other than at a sentence start.
        if (tk.kind === 'entity' && kinds[id] === 'word' && !sentenceInitial.has(t)) kinds[id] = 'entity';
        out[t] = id;
        if (lastSeen[id] !== passage) {
          lastSeen[id] = passage;
          df[id]!++;
        }
      }
      passage++;
    }
    return out;
  });
  const idf = df.map((d) => Math.log(1 + passage / d));
  return { vocab: { ids, terms, kinds, display, df, idf, passages: passage }, tokenTerms };
}

/** Per-kind weight multipliers from the options. */
function kindBoost(kind: TermKind, options: Options): number {
  if (kind === 'entity') return options.alignment.entityBoost;
  if (kind === 'number') return options.alignment.numberBoost;
  return 1;
}

/**
 * TF-IDF vector of tokens `[from, to)`: sublinear term frequency (1 + ln tf) times IDF times the
 * kind boost, L2-normalised so that the dot product of two vectors is their cosine.
 */
export function termVector(termIds: Int32Array, from: number, to: number, index: TermIndex, options: Options): TermVector {
  const tf = new Map<number, number>();
  for (let t = from; t < to; t++) {
    const id = termIds[t]!;
    if (id >= 0) tf.set(id, (tf.get(id) ?? 0) + 1);
  }
  const ids = Int32Array.from([...tf.keys()].sort((x, y) => x - y));
  const weights = new Float64Array(ids.length);
  let norm = 0;
  ids.forEach((id, i) => {
    const w = (1 + Math.log(tf.get(id)!)) * index.vocab.idf[id]! * kindBoost(index.vocab.kinds[id]!, options);
    weights[i] = w;
    norm += w * w;
  });
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
  const out: string[] = [];
  const slice = text.slice(start, end);
  QUOTE_RE.lastIndex = 0;
  for (let m = QUOTE_RE.exec(slice); m !== null; m = QUOTE_RE.exec(slice)) {
    const q = (m[1] ?? m[2] ?? '').toLowerCase().replace(/[\u2019]/g, "'").replace(/\s+/g, ' ').trim();
    if (q.length >= 12) out.push(q);
  }
  return out;
}
