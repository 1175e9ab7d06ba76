const NEW = await import('../engine/index.ts');
const OLD = await import('/tmp/old/engine/index.ts');
const { syntheticCluster } = await import('./bench/synthetic.ts');
const { readEventFolder } = await import('../server/ingest/files.ts');
const work: Array<[string, any]> = [['seed', readEventFolder('seeds/un-security-council-ukraine-2025').request], ['3x800', syntheticCluster({ articles: 3, words: 800, seed: 1 })], ['5x1500', syntheticCluster({ articles: 5, words: 1500, seed: 1 })], ['10x3000', syntheticCluster({ articles: 10, words: 3000, seed: 1 })]];
if (process.argv.includes('--big')) work.push(['12x10000', syntheticCluster({ articles: 12, words: 10000, seed: 1 })]);
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
for (const [name, req] of work) {
  const runs = name === '12x10000' ? 3 : name === '10x3000' ? 7 : 15;
  const t: Record<string, number[]> = { old: [], new: [] };
  for (let i = 0; i < 2; i++) { OLD.compare(req); NEW.compare(req); }
  for (let i = 0; i < runs; i++) for (const [k, m] of [['old', OLD], ['new', NEW]] as const) { const s = performance.now(); m.compare(req); t[k]!.push(performance.now() - s); }
  console.log(name.padEnd(9), `old ${med(t.old!).toFixed(1)} ms`, `new ${med(t.new!).toFixed(1)} ms`, `ratio ${(med(t.new!) / med(t.old!)).toFixed(2)}`);
}
