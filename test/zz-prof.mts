const { buildTermIndex } = await import('../engine/align/features.ts');
const lf = await import('../engine/align/link-features.ts');
const { headlineParagraphs, paragraphPassages, scoreCandidates } = await import('../engine/align/paragraphs.ts');
const { prepareArticles } = await import('../engine/input/article.ts');
const { resolveOptions } = await import('../engine/options.ts');
const { linkProbabilities } = await import('../engine/align/link-model.ts');
const { syntheticCluster } = await import('../test/bench/synthetic.ts');
const { readEventFolder } = await import('../server/ingest/files.ts');
const req = process.argv[2] === 'seed' ? readEventFolder('../seeds/un-security-council-ukraine-2025').request : syntheticCluster({ articles: 10, words: 3000, seed: 1 });
const options = resolveOptions({});
for (let r = 0; r < 4; r++) {
  const T: Record<string, number> = {}; let t = performance.now();
  const lap = (k: string) => { const n = performance.now(); T[k] = +(n - t).toFixed(1); t = n; };
  const articles = prepareArticles(req.articles, options); lap('prepare');
  const index = buildTermIndex(articles); lap('index');
  const passages = paragraphPassages(articles, index, options); lap('passages');
  const { links } = scoreCandidates(passages, index, options, headlineParagraphs(articles)); lap('candidates');
  const sv = lf.sentenceVectors(articles, index, options); lap('sentvec');
  const x = lf.linkFeatures(articles, index, passages, sv, links); lap('features');
  linkProbabilities(links, x, articles.map((a: any) => a.article.paragraphs.length)); lap('model');
  console.log(links.length, JSON.stringify(T));
}
console.log(JSON.stringify((globalThis as any).T, (k, v) => typeof v === 'number' ? +(v / 4).toFixed(1) : v));
