/**
 * Provenance benchmark (a plain script, not a test; part of `npm run bench`): tracing a derived
 * piece of 1,000 words against 10 sources of 1,000 words, in-process. Reported: the tracing alone
 * (features, model, decisions, change rules; on articles already prepared, indexed and their quotes
 * found, as compare() has them)
 * and the whole compare() with and without provenance. Median of 15 runs after 3 warm-ups.
 */
import { buildTermIndex } from '../../engine/align/features.ts';
import { comparisonSpeech, quoteRecords } from '../../engine/analysis/speakers.ts';
import { sentenceVectors } from '../../engine/align/link-features.ts';
import { compare } from '../../engine/index.ts';
import { prepareArticles } from '../../engine/input/article.ts';
import { resolveOptions } from '../../engine/options.ts';
import { traceProvenance } from '../../engine/provenance/trace.ts';
import { syntheticCluster } from './synthetic.ts';

const RUNS = 15;
const WARM = 3;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const time = (fn: () => unknown): number => {
  const xs: number[] = [];
  for (let i = 0; i < WARM + RUNS; i++) {
    const t = performance.now();
    fn();
    if (i >= WARM) xs.push(performance.now() - t);
  }
  return median(xs);
};

const request = syntheticCluster({ articles: 11, words: 1_000 });
const derived = request.articles[0]!.id ?? 'a1';
const options = resolveOptions({ provenance: { derived } });
const articles = prepareArticles(request.articles, options);
const index = buildTermIndex(articles);
const vectors = sentenceVectors(articles, index, options);
const words = articles.reduce((n, a) => n + a.article.wordCount, 0);
const pairs = articles[0]!.article.sentences.length * articles.slice(1).reduce((n, a) => n + a.article.sentences.length, 0);

// The quotes compare() finds (the quote rules read them), found once outside the timing.
const quotes = quoteRecords(articles, comparisonSpeech(articles));
const trace = time(() => traceProvenance(articles, index, vectors, options, quotes));
const without = time(() => compare({ articles: request.articles }));
const withIt = time(() => compare({ articles: request.articles, options: { provenance: { derived } } }));

console.log(`\nProvenance: a derived piece of ${articles[0]!.article.wordCount} words against 10 sources (${words} words in all, ${pairs} sentence pairs), in-process; median of ${RUNS} runs`);
console.log(`  tracing alone (features, model, decisions):  ${trace.toFixed(1)} ms`);
console.log(`  compare() without provenance:                ${without.toFixed(1)} ms`);
console.log(`  compare() with provenance:                   ${withIt.toFixed(1)} ms (${(withIt / without).toFixed(2)}x)`);
console.log(`  target: tracing under 100 ms: ${trace < 100 ? 'PASS' : 'MISS'}`);
