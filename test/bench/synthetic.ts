/**
 * Deterministic synthetic "coverage of one event" clusters for the benchmark.
 *
 * A cluster is built from a pool of facts (sentences made of generated pseudo-words, stopwords,
 * names and numbers, each fact drawn mostly from one of a few dozen topics). Every article picks
 * its own subset of the facts in a loosely shuffled order, rewords them (synonym swaps, dropped
 * and inserted words), mixes in sentences of its own, and groups 2-4 sentences per paragraph
 * (~40-80 words). Paragraphs of different articles therefore share real content in different
 * positions and wordings, which is what the aligner has to find.
 *
 * Everything comes from a seeded PRNG (mulberry32): the same arguments give the same text.
 */
import type { ArticleInput, CompareRequest } from '../../engine/index.ts';

/** mulberry32: small, fast, seeded 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;

function int(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

function pick<T>(rng: Rng, xs: readonly T[]): T {
  const x = xs[Math.floor(rng() * xs.length)];
  if (x === undefined) throw new Error('pick from an empty list');
  return x;
}

/** Index in [0, n) with a Zipf-like (1/rank) distribution, as word frequencies have. */
function zipfIndex(rng: Rng, n: number): number {
  // Inverse CDF of the continuous 1/x density on [1, n+1).
  return Math.min(n - 1, Math.floor(Math.exp(rng() * Math.log(n + 1))) - 1);
}

const STOPWORDS = [
  'the', 'the', 'the', 'of', 'of', 'and', 'and', 'to', 'to', 'a', 'a', 'in', 'in', 'that', 'on', 'for',
  'with', 'was', 'is', 'by', 'as', 'at', 'from', 'it', 'its', 'their', 'after', 'before', 'which',
  'would', 'had', 'has', 'have', 'been', 'were', 'not', 'but', 'over', 'into', 'about', 'than', 'more',
  'said', 'also', 'other', 'some', 'this', 'those', 'while', 'during', 'under', 'against',
];

const ONSETS = ['b', 'c', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z', 'br', 'ch', 'cr', 'dr', 'fl', 'gr', 'pl', 'pr', 'sh', 'st', 'str', 'th', 'tr'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'io', 'ou', 'ee'];
const CODAS = ['', '', '', 'n', 'r', 's', 'l', 't', 'nd', 'st', 'rk', 'ng', 'm'];
const SUFFIXES = ['', '', '', '', 'ed', 'ing', 'ion', 'ment', 'ity', 'er', 'al', 'ous', 's'];

function pseudoWord(rng: Rng): string {
  const syllables = int(rng, 1, 3);
  let w = '';
  for (let i = 0; i < syllables; i++) w += pick(rng, ONSETS) + pick(rng, VOWELS) + (i === syllables - 1 ? pick(rng, CODAS) : '');
  return w + pick(rng, SUFFIXES);
}

function capitalize(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/** The shared lexicon of a cluster: vocabulary, synonyms, names, topics. */
interface Lexicon {
  vocab: string[];
  /** Synonym for some vocabulary words (a different pseudo-word). */
  synonyms: Map<string, string>;
  names: string[];
  /** Each topic: vocabulary indexes it draws most content words from. */
  topics: number[][];
}

function makeLexicon(rng: Rng, vocabSize: number): Lexicon {
  const seen = new Set<string>(STOPWORDS);
  const fresh = (): string => {
    for (;;) {
      const w = pseudoWord(rng);
      if (w.length >= 3 && !seen.has(w)) {
        seen.add(w);
        return w;
      }
    }
  };
  const vocab: string[] = [];
  for (let i = 0; i < vocabSize; i++) vocab.push(fresh());
  const synonyms = new Map<string, string>();
  for (const w of vocab) if (rng() < 0.35) synonyms.set(w, fresh());
  const names: string[] = [];
  for (let i = 0; i < 160; i++) {
    const first = capitalize(fresh());
    names.push(rng() < 0.6 ? `${first} ${capitalize(fresh())}` : first);
  }
  const topics: number[][] = [];
  for (let t = 0; t < 48; t++) {
    const words: number[] = [];
    for (let i = 0; i < 90; i++) words.push(int(rng, 0, vocabSize - 1));
    topics.push(words);
  }
  return { vocab, synonyms, names, topics };
}

/** A sentence as words (no capital, no final full stop), so it can be reworded word by word. */
type Sentence = string[];

function makeSentence(rng: Rng, lex: Lexicon): Sentence {
  const topic = pick(rng, lex.topics);
  const length = int(rng, 12, 26);
  const words: string[] = [];
  while (words.length < length) {
    const r = rng();
    if (r < 0.42) words.push(pick(rng, STOPWORDS));
    else if (r < 0.75) words.push(lex.vocab[pick(rng, topic)] ?? 'x');
    else if (r < 0.93) words.push(lex.vocab[zipfIndex(rng, lex.vocab.length)] ?? 'x');
    else if (r < 0.97) words.push(pick(rng, lex.names));
    else words.push(rng() < 0.5 ? String(int(rng, 2, 999)) : `${int(rng, 1, 99)}.${int(rng, 0, 9)} percent`);
    if (words.length > 4 && words.length < length - 3 && rng() < 0.06) words[words.length - 1] += ',';
  }
  return words;
}

/** Rewords a sentence the way another outlet would: synonyms, dropped and inserted words. */
function reword(rng: Rng, lex: Lexicon, s: Sentence, intensity: number): Sentence {
  const out: string[] = [];
  for (const w of s) {
    const r = rng();
    if (r < 0.04 * intensity) continue; // dropped
    const syn = lex.synonyms.get(w);
    out.push(syn !== undefined && r < 0.3 * intensity ? syn : w);
    if (rng() < 0.04 * intensity) out.push(rng() < 0.5 ? pick(rng, STOPWORDS) : (lex.vocab[zipfIndex(rng, lex.vocab.length)] ?? 'x'));
  }
  return out.length > 3 ? out : s;
}

function render(s: Sentence, rng: Rng, names: readonly string[]): string {
  const text = s.join(' ').replace(/,$/, '');
  if (rng() < 0.08) return `"${capitalize(text)}," said ${pick(rng, names)}.`;
  return `${capitalize(text)}.`;
}

export interface ClusterSpec {
  articles: number;
  /** Words per article (each article stops at about this many words). */
  words: number;
  seed?: number;
}

/** Builds a deterministic compare request for a synthetic cluster. */
export function syntheticCluster(spec: ClusterSpec): CompareRequest {
  const seed = spec.seed ?? 0x5eed ^ (spec.articles * 7919) ^ spec.words;
  const rng = mulberry32(seed);
  const lex = makeLexicon(rng, 3000);
  const sentencesPerArticle = Math.ceil(spec.words / 19);
  const uniqueShare = 0.25;
  const pickShare = 0.6;
  const poolSize = Math.ceil((sentencesPerArticle * (1 - uniqueShare)) / pickShare) + 4;
  const pool: Sentence[] = [];
  for (let i = 0; i < poolSize; i++) pool.push(makeSentence(rng, lex));

  const articles: ArticleInput[] = [];
  for (let a = 0; a < spec.articles; a++) {
    const arng = mulberry32(seed * 31 + a * 1013 + 17);
    // This article's facts: a subset, in a loosely shuffled order (the story told differently).
    const chosen: { index: number; key: number }[] = [];
    for (let i = 0; i < poolSize; i++) if (arng() < pickShare) chosen.push({ index: i, key: i + (arng() - 0.5) * poolSize * 0.4 });
    chosen.sort((x, y) => x.key - y.key);
    const intensity = 0.5 + arng();
    const paragraphs: string[] = [];
    let current: string[] = [];
    let currentWords = 0;
    let target = int(arng, 40, 80);
    let total = 0;
    let next = 0;
    while (total < spec.words) {
      let s: Sentence;
      const fact = chosen[next];
      if (fact === undefined || arng() < uniqueShare) s = makeSentence(arng, lex);
      else {
        next++;
        s = reword(arng, lex, pool[fact.index] ?? [], intensity);
      }
      const text = render(s, arng, lex.names);
      const n = text.split(' ').length;
      current.push(text);
      currentWords += n;
      total += n;
      if ((currentWords >= target && current.length >= 2) || current.length >= 4) {
        paragraphs.push(current.join(' '));
        current = [];
        currentWords = 0;
        target = int(arng, 40, 80);
      }
    }
    if (current.length > 0) paragraphs.push(current.join(' '));
    articles.push({
      id: `s${a + 1}`,
      title: `${capitalize(pick(arng, lex.vocab))} ${pick(arng, lex.vocab)} ${pick(arng, lex.names)}`,
      text: paragraphs.join('\n\n'),
    });
  }
  return { id: `synthetic-${spec.articles}x${spec.words}`, articles };
}
