/**
 * Features of a (derived sentence, source sentence) pair: what the provenance model weighs to
 * decide whether the derived sentence was written from that source sentence. Rewrites keep about
 * a third of the content words, so besides shared terms the features count words matched through
 * a shared stem prefix or a WordNet concept (synonyms, derived forms), and where the pair ranks
 * among each sentence's other candidates (a rewrite's sentence draws on its best match, and rewrites
 * mostly keep their source's order).
 */
import wordnet from '../data/wordnet-concepts.json' with { type: 'json' };
import { cosine, type TermIndex, type TermVector } from '../align/features.ts';

/** The features, in the order of the weights in `engine/data/provenance-model.json`. */
export const PROVENANCE_FEATURES = [
  'cosine', // weighted-term cosine (TF-IDF with two-word phrases)
  'sqrtCosine', // its square root: lifts the low cosines of paraphrase
  'containDerived', // IDF mass of the derived sentence's terms found in the source sentence, over its own mass
  'containSource', // ... of the source sentence's terms found in the derived one, over its mass
  'softDerived', // as containDerived, counting words matched by a stem prefix or a WordNet concept too
  'softSource', // as containSource, likewise
  'sharedNumbers', // log(1 + figures in common)
  'sharedEntities', // log(1 + names in common)
  'relativeDerived', // soft score / the derived sentence's best soft score over all source sentences
  'rankDerived', // 1 / rank of the source sentence among the derived sentence's candidates (by soft score)
  'rankSource', // 1 / rank of the derived sentence among the source sentence's candidates
  'positionGap', // |relative position in the derived article - relative position in the source|
  'neighbours', // best soft score of the neighbouring pairs (d-1, s-1) and (d+1, s+1)
  'lengthRatio', // |log(content words of the derived sentence / of the source sentence)|
] as const;

export const PROVENANCE_FEATURE_COUNT = PROVENANCE_FEATURES.length;

/** WordNet concepts per word stem. */
const CONCEPTS: ReadonlyMap<string, number[]> = new Map(Object.entries(wordnet.stems as Record<string, number[]>));

/** Letters of a stem that key a prefix match ("negotiat" meets "negotiator"). */
const PREFIX_LETTERS = 5;

/** One sentence as the features read it. */
export interface SentenceTerms {
  vector: TermVector;
  /** Content terms (words, names, figures; no phrases), sorted, with their IDF. */
  terms: Int32Array;
  idf: Float64Array;
  mass: number;
  /** Soft keys of its word terms: stem prefixes (negative) and concepts (non-negative), sorted. */
  keys: Int32Array;
  /** Per term (as in `terms`): its soft keys' range in `termKeys`. */
  termKeyStart: Int32Array;
  termKeys: Int32Array;
  numbers: number;
  entities: number;
  words: number;
}

/** Soft keys per term id: a prefix key (−1 − prefix id) and concept ids; cached per index. */
const KEYS = new WeakMap<TermIndex, Array<Int32Array | null>>();

function keysOf(index: TermIndex): Array<Int32Array | null> {
  let table = KEYS.get(index);
  if (table) return table;
  const prefixIds = new Map<string, number>();
  table = index.vocab.terms.map((t, id) => {
    if (index.vocab.kinds[id] !== 'word') return null;
    const out: number[] = [];
    if (t.length >= PREFIX_LETTERS) {
      const p = t.slice(0, PREFIX_LETTERS);
      let pid = prefixIds.get(p);
      if (pid === undefined) prefixIds.set(p, (pid = prefixIds.size));
      out.push(-1 - pid);
    }
    for (const c of CONCEPTS.get(t) ?? []) out.push(c);
    return out.length ? Int32Array.from(out).sort() : null;
  });
  KEYS.set(index, table);
  return table;
}

/** A sentence's terms and keys, from its term vector. */
export function sentenceTerms(vector: TermVector, index: TermIndex): SentenceTerms {
  const keys = keysOf(index);
  const { kinds, idf } = index.vocab;
  const terms: number[] = [];
  const weights: number[] = [];
  const allKeys: number[] = [];
  const termKeyStart: number[] = [];
  const termKeys: number[] = [];
  let mass = 0;
  let numbers = 0;
  let entities = 0;
  let words = 0;
  for (let i = 0; i < vector.ids.length; i++) {
    const id = vector.ids[i]!;
    const kind = kinds[id];
    if (kind === 'phrase') continue;
    terms.push(id);
    weights.push(idf[id]!);
    mass += idf[id]!;
    termKeyStart.push(termKeys.length);
    if (kind === 'number') numbers++;
    else if (kind === 'entity') entities++;
    else words++;
    const k = keys[id];
    if (k) for (let j = 0; j < k.length; j++) (termKeys.push(k[j]!), allKeys.push(k[j]!));
  }
  termKeyStart.push(termKeys.length);
  return {
    vector,
    terms: Int32Array.from(terms),
    idf: Float64Array.from(weights),
    mass,
    keys: Int32Array.from(new Set(allKeys)).sort(),
    termKeyStart: Int32Array.from(termKeyStart),
    termKeys: Int32Array.from(termKeys),
    numbers,
    entities,
    words,
  };
}

function hasKey(sorted: Int32Array, k: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === k) return true;
    if (v < k) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** What two sentences share: exact IDF mass each way, soft mass each way, shared figures and names. */
export interface Overlap {
  exact: number;
  softA: number;
  softB: number;
  numbers: number;
  entities: number;
}

/** Exact and soft overlap of two sentences (a merge over their sorted terms, then key lookups for the rest). */
export function overlap(a: SentenceTerms, b: SentenceTerms, kinds: TermIndex['vocab']['kinds']): Overlap {
  let i = 0;
  let j = 0;
  let exact = 0;
  let numbers = 0;
  let entities = 0;
  let softA = 0;
  let softB = 0;
  const matchedB = new Uint8Array(b.terms.length);
  while (i < a.terms.length || j < b.terms.length) {
    const x = i < a.terms.length ? a.terms[i]! : Number.MAX_SAFE_INTEGER;
    const y = j < b.terms.length ? b.terms[j]! : Number.MAX_SAFE_INTEGER;
    if (x === y) {
      exact += a.idf[i]!;
      if (kinds[x] === 'number') numbers++;
      else if (kinds[x] === 'entity') entities++;
      matchedB[j] = 1;
      i++;
      j++;
    } else if (x < y) {
      // A term of a only: soft-matched when one of its keys is among b's.
      for (let k = a.termKeyStart[i]!; k < a.termKeyStart[i + 1]!; k++) {
        if (hasKey(b.keys, a.termKeys[k]!)) {
          softA += a.idf[i]!;
          break;
        }
      }
      i++;
    } else {
      j++;
    }
  }
  for (let t = 0; t < b.terms.length; t++) {
    if (matchedB[t]) continue;
    for (let k = b.termKeyStart[t]!; k < b.termKeyStart[t + 1]!; k++) {
      if (hasKey(a.keys, b.termKeys[k]!)) {
        softB += b.idf[t]!;
        break;
      }
    }
  }
  return { exact, softA: exact + softA, softB: exact + softB, numbers, entities };
}

/** The soft score of a pair: the geometric mean of its two soft containments. */
export const softScore = (o: Overlap, a: SentenceTerms, b: SentenceTerms): number =>
  a.mass > 0 && b.mass > 0 ? Math.sqrt((o.softA / a.mass) * (o.softB / b.mass)) : 0;

/**
 * The features of every (derived sentence, source sentence) pair: `derived` the derived article's
 * sentences, `sources` each source's. Returns per source a row-major matrix
 * `[derived sentence][source sentence][feature]`, flattened.
 */
export function provenanceFeatures(derived: readonly SentenceTerms[], sources: readonly (readonly SentenceTerms[])[], index: TermIndex): Float64Array[] {
  const kinds = index.vocab.kinds;
  const nd = derived.length;
  const F = PROVENANCE_FEATURE_COUNT;
  // Pass 1: overlaps and soft scores of every pair.
  const soft = sources.map((src) => new Float64Array(nd * src.length));
  const overlaps = sources.map((src) => new Array<Overlap>(nd * src.length));
  sources.forEach((src, si) => {
    for (let d = 0; d < nd; d++) {
      for (let s = 0; s < src.length; s++) {
        const o = overlap(derived[d]!, src[s]!, kinds);
        overlaps[si]![d * src.length + s] = o;
        soft[si]![d * src.length + s] = softScore(o, derived[d]!, src[s]!);
      }
    }
  });
  // Each derived sentence's best soft score, per source and overall.
  const bestPer = sources.map((src, si) => {
    const best = new Float64Array(nd);
    for (let d = 0; d < nd; d++) for (let s = 0; s < src.length; s++) best[d] = Math.max(best[d]!, soft[si]![d * src.length + s]!);
    return best;
  });
  // Ranks of each source sentence among a derived sentence's candidates in every source (one sort
  // per derived sentence), by soft score; ties in source then sentence order.
  const rankD: Float64Array[][] = [];
  for (let d = 0; d < nd; d++) {
    const cand: Array<[number, number, number]> = [];
    sources.forEach((src, si) => {
      for (let s = 0; s < src.length; s++) cand.push([soft[si]![d * src.length + s]!, si, s]);
    });
    cand.sort((p, q) => q[0] - p[0] || p[1] - q[1] || p[2] - q[2]);
    const ranks = sources.map((src) => new Float64Array(src.length));
    cand.forEach(([, si, s], r) => (ranks[si]![s] = 1 / (r + 1)));
    rankD.push(ranks);
  }
  const out: Float64Array[] = [];
  sources.forEach((src, si) => {
    const ns = src.length;
    const x = new Float64Array(nd * ns * F);
    const sc = soft[si]!;
    const rankS = new Float64Array(nd * ns);
    const order = new Int32Array(nd);
    for (let s = 0; s < ns; s++) {
      for (let d = 0; d < nd; d++) order[d] = d;
      order.sort((p, q) => sc[q * ns + s]! - sc[p * ns + s]! || p - q);
      for (let r = 0; r < nd; r++) rankS[order[r]! * ns + s] = 1 / (r + 1);
    }
    for (let d = 0; d < nd; d++) {
      let bestOverall = 0;
      bestPer.forEach((b) => (bestOverall = Math.max(bestOverall, b[d]!)));
      for (let s = 0; s < ns; s++) {
        const k = d * ns + s;
        const a = derived[d]!;
        const b = src[s]!;
        const o = overlaps[si]![k]!;
        const cos = cosine(a.vector, b.vector);
        const at = k * F;
        x[at] = cos;
        x[at + 1] = Math.sqrt(Math.max(0, cos));
        x[at + 2] = a.mass > 0 ? o.exact / a.mass : 0;
        x[at + 3] = b.mass > 0 ? o.exact / b.mass : 0;
        x[at + 4] = a.mass > 0 ? o.softA / a.mass : 0;
        x[at + 5] = b.mass > 0 ? o.softB / b.mass : 0;
        x[at + 6] = Math.log1p(o.numbers);
        x[at + 7] = Math.log1p(o.entities);
        x[at + 8] = bestOverall > 0 ? sc[k]! / bestOverall : 0;
        x[at + 9] = rankD[d]![si]![s]!;
        x[at + 10] = rankS[k]!;
        x[at + 11] = Math.abs((nd > 1 ? d / (nd - 1) : 0) - (ns > 1 ? s / (ns - 1) : 0));
        const prev = d > 0 && s > 0 ? sc[(d - 1) * ns + s - 1]! : 0;
        const next = d + 1 < nd && s + 1 < ns ? sc[(d + 1) * ns + s + 1]! : 0;
        x[at + 12] = Math.max(prev, next);
        x[at + 13] = Math.abs(Math.log((a.words + a.entities + a.numbers + 1) / (b.words + b.entities + b.numbers + 1)));
      }
    }
    out.push(x);
  });
  return out;
}
