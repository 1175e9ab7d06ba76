const NEW = await import('../engine/index.ts');
const OLD = await import('/tmp/old/engine/index.ts');
const { syntheticCluster } = await import('./bench/synthetic.ts');
const { readEventFolder } = await import('../server/ingest/files.ts');
for (const [name, req] of [['seed', readEventFolder('seeds/un-security-council-ukraine-2025').request], ['5x1500', syntheticCluster({ articles: 5, words: 1500, seed: 1 })], ['10x3000', syntheticCluster({ articles: 10, words: 3000, seed: 1 })]] as const) {
  for (const [k, m] of [['old', OLD], ['new', NEW]] as const) {
    const c = m.compare(req);
    const nf = m.compare({ ...req, options: { framing: { disabledRules: ['framing/', 'wording/', 'facts/', 'coverage/'] }, diff: { sentenceDiffs: false } } } as any);
    const times = (r: any) => { const ts: number[] = []; for (let i = 0; i < 7; i++) { const s = performance.now(); m.compare(r); ts.push(performance.now() - s); } return ts.sort((a, b) => a - b)[3]!.toFixed(1); };
    console.log(name, k, 'cands', c.stats.candidatePairs, 'links', c.stats.paragraphLinks, 'sent', c.stats.sentenceLinks, 'diffs', c.stats.diffs, 'findings', c.findings.length, 'ms', times(req), 'noframing/nosentdiff ms', times({ ...req, options: { framing: { disabledRules: ['framing/', 'wording/', 'facts/', 'coverage/'] }, diff: { sentenceDiffs: false } } }));
  }
}
