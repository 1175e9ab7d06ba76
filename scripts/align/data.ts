/**
 * Development data for the paragraph-link model: BASIL-style triplets with gold paragraph links
 * (`<dir>/articles/<year>/<uuid>_<n>.json`, `<dir>/gold/<uuid>.<annotator>.json`), turned into
 * candidate pairs with their features and a label. Read from outside the repo (the data is not
 * ours to ship); nothing here is used at run time.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTermIndex } from '../../engine/align/features.ts';
import { linkFeatures, sentenceVectors, worthScoring } from '../../engine/align/link-features.ts';
import { headlineParagraphs, paragraphPassages, scoreCandidates, type ScoredLink } from '../../engine/align/paragraphs.ts';
import { prepareArticles } from '../../engine/input/article.ts';
import { resolveOptions } from '../../engine/options.ts';
import type { CompareRequest, Options } from '../../engine/types.ts';

/** One gold file: links between articles "1", "2", "3" by paragraph index. */
export interface GoldFile {
  triplet: string;
  annotator: string;
  /** Unordered link keys `x:i|y:j` (x < y as article numbers). */
  links: Set<string>;
  same: Set<string>;
}

/** A triplet with its request and its gold files (one or more annotators). */
export interface Triplet {
  id: string;
  request: CompareRequest;
  gold: GoldFile[];
}

/** Candidate pairs of one triplet, with features. */
export interface Examples {
  triplet: string;
  links: ScoredLink[];
  /** Link keys in the gold's article numbering. */
  keys: string[];
  x: Float64Array[];
  /** Paragraphs per article. */
  counts: number[];
  /** Keys of every candidate, scored or not (for candidate recall). */
  candidates: string[];
}

/** `x:i|y:j` with the smaller article number first. */
export function linkKey(a: number, i: number, b: number, j: number): string {
  return a < b ? `${a}:${i}|${b}:${j}` : `${b}:${j}|${a}:${i}`;
}

/** Loads every triplet that has gold, sorted by id. */
export function loadTriplets(dir: string): Triplet[] {
  const goldDir = join(dir, 'gold');
  if (!existsSync(goldDir)) throw new Error(`no gold folder at ${goldDir}`);
  const byTriplet = new Map<string, GoldFile[]>();
  for (const f of readdirSync(goldDir).filter((n) => n.endsWith('.json')).sort()) {
    const g = JSON.parse(readFileSync(join(goldDir, f), 'utf8')) as { triplet: string; annotator: string; pairs: Record<string, Array<{ a: number; b: number; kind: string }>> };
    const links = new Set<string>();
    const same = new Set<string>();
    for (const [pair, list] of Object.entries(g.pairs)) {
      const [x, y] = pair.split('-').map(Number) as [number, number];
      for (const l of list) {
        const k = linkKey(x, l.a, y, l.b);
        links.add(k);
        if (l.kind === 'same') same.add(k);
      }
    }
    const list = byTriplet.get(g.triplet) ?? [];
    list.push({ triplet: g.triplet, annotator: g.annotator, links, same });
    byTriplet.set(g.triplet, list);
  }
  const years = readdirSync(join(dir, 'articles'));
  const article = (uuid: string, n: number): { source: string; title: string; 'body-paragraphs': string[][] } => {
    for (const y of years) {
      const p = join(dir, 'articles', y, `${uuid}_${n}.json`);
      if (existsSync(p)) return JSON.parse(readFileSync(p, 'utf8'));
    }
    throw new Error(`no article ${uuid}_${n}`);
  };
  return [...byTriplet.keys()].sort().map((id) => ({
    id,
    gold: byTriplet.get(id)!,
    request: {
      id,
      articles: [1, 2, 3].map((n) => {
        const a = article(id, n);
        return { id: String(n), outlet: a.source, title: a.title, paragraphs: a['body-paragraphs'].map((s) => s.join(' ')) };
      }),
    },
  }));
}

/**
 * The three two-article comparisons of a triplet (1-2, 1-3, 2-3), each with the gold links of
 * its pair: what a user comparing two outlets gets, and what the pair model is trained on.
 */
export function pairsOf(t: Triplet): Triplet[] {
  return (
    [
      [1, 2],
      [1, 3],
      [2, 3],
    ] as const
  ).map(([x, y]) => {
    const keep = (k: string): boolean => k.startsWith(`${x}:`) && k.includes(`|${y}:`);
    return {
      id: `${t.id}/${x}-${y}`,
      request: { id: `${t.id}/${x}-${y}`, articles: [t.request.articles[x - 1]!, t.request.articles[y - 1]!] },
      gold: t.gold.map((g) => ({ ...g, links: new Set([...g.links].filter(keep)), same: new Set([...g.same].filter(keep)) })),
    };
  });
}

/** Runs the engine's candidate generation and feature extraction on one triplet. */
export function examples(t: Triplet, partial: unknown = {}): Examples {
  const options: Options = resolveOptions(partial);
  const articles = prepareArticles(t.request.articles, options);
  const index = buildTermIndex(articles);
  const passages = paragraphPassages(articles, index, options);
  const all = scoreCandidates(passages, index, options, headlineParagraphs(articles)).links;
  const links = all.filter(worthScoring);
  const x = linkFeatures(articles, index, passages, sentenceVectors(articles, index, options), links);
  const key = (l: ScoredLink): string => linkKey(Number(articles[l.a]!.article.id), l.aIndex, Number(articles[l.b]!.article.id), l.bIndex);
  return { triplet: t.id, links, keys: links.map(key), x, counts: articles.map((a) => a.article.paragraphs.length), candidates: all.map(key) };
}
