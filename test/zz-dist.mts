const { buildTermIndex } = await import('../engine/align/features.ts');
const { headlineParagraphs, paragraphPassages, scoreCandidates } = await import('../engine/align/paragraphs.ts');
const { prepareArticles } = await import('../engine/input/article.ts');
const { resolveOptions } = await import('../engine/options.ts');
const { syntheticCluster } = await import('./bench/synthetic.ts');
const { readEventFolder } = await import('../server/ingest/files.ts');
for (const req of [readEventFolder('seeds/un-security-council-ukraine-2025').request, syntheticCluster({ articles: 10, words: 3000, seed: 1 }), syntheticCluster({ articles: 12, words: 10000, seed: 1 })]) {
  const options = resolveOptions({});
  const articles = prepareArticles(req.articles, options);
  const index = buildTermIndex(articles);
  const { links } = scoreCandidates(paragraphPassages(articles, index, options), index, options, headlineParagraphs(articles));
  const c = links.map((l: any) => l.cosine);
  console.log(links.length, [0.01, 0.02, 0.05, 0.1].map((f) => `${f}:${c.filter((x: number) => x < f).length}`).join(' '));
}
