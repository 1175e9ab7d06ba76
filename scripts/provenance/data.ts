/**
 * The news_synth development pairs (ABCD-Link, CC BY 4.0; read from ../shared/eval/synth/, never
 * copied here) turned into training examples for the provenance model: every (rewrite sentence,
 * original sentence) pair with its features and whether the gold links it.
 */
import { readFileSync } from 'node:fs';
import { buildTermIndex } from '../../engine/align/features.ts';
import { sentenceVectors } from '../../engine/align/link-features.ts';
import { prepareArticles } from '../../engine/input/article.ts';
import { resolveOptions } from '../../engine/options.ts';
import { PROVENANCE_FEATURE_COUNT, provenanceFeatures, sentenceTerms } from '../../engine/provenance/features.ts';

export const SYNTH = new URL('../../../shared/eval/synth/news_synth_dev.json', import.meta.url).pathname;

export interface Pair {
  id: string;
  derived: string[];
  source: string[];
  /** Gold: derived sentence index -> source sentence indexes. */
  links: Map<number, Set<number>>;
}

export function loadPairs(file = SYNTH): Pair[] {
  const { docs, pairs } = JSON.parse(readFileSync(file, 'utf8')) as { docs: Record<string, Record<string, string>>; pairs: Record<string, { doc1: string; doc2: string; links: Record<string, string[]> }> };
  const sentences = (d: string) => Object.keys(docs[d]!).sort((x, y) => Number(x) - Number(y)).map((k) => docs[d]![k]!);
  return Object.keys(pairs).sort().map((id) => {
    const p = pairs[id]!;
    const links = new Map<number, Set<number>>();
    for (const [s, ts] of Object.entries(p.links)) links.set(Number(s), new Set(ts.map(Number)));
    return { id, derived: sentences(p.doc1), source: sentences(p.doc2), links };
  });
}

/** One pair's examples: per engine sentence pair its features, label, and the gold paragraphs it maps to. */
export interface Examples {
  pair: Pair;
  nd: number;
  ns: number;
  /** Engine sentence -> paragraph (= gold sentence) index. */
  dPara: number[];
  sPara: number[];
  x: Float64Array;
  y: Uint8Array;
}

/** Builds one pair's examples the way the engine will see it (each gold sentence its own paragraph). */
export function examples(pair: Pair): Examples {
  const options = resolveOptions({});
  const articles = prepareArticles([{ id: 'derived', paragraphs: pair.derived }, { id: 'source', paragraphs: pair.source }], options);
  const index = buildTermIndex(articles);
  const vectors = sentenceVectors(articles, index, options);
  const terms = vectors.map((vs) => vs.map((v) => sentenceTerms(v, index)));
  const [x] = provenanceFeatures(terms[0]!, [terms[1]!], index);
  const dPara = articles[0]!.article.sentences.map((s) => s.paragraph);
  const sPara = articles[1]!.article.sentences.map((s) => s.paragraph);
  const nd = dPara.length;
  const ns = sPara.length;
  const y = new Uint8Array(nd * ns);
  for (let d = 0; d < nd; d++) for (let s = 0; s < ns; s++) y[d * ns + s] = pair.links.get(dPara[d]!)?.has(sPara[s]!) ? 1 : 0;
  if (x!.length !== nd * ns * PROVENANCE_FEATURE_COUNT) throw new Error('feature matrix size');
  return { pair, nd, ns, dPara, sPara, x: x!, y };
}
