const M = await import(process.argv[2] === 'old' ? '/tmp/old/engine/index.ts' : '../engine/index.ts');
const { syntheticCluster } = await import('./bench/synthetic.ts');
const req = process.argv[3] === 'small' ? syntheticCluster({ articles: 5, words: 1500, seed: 1 }) : syntheticCluster({ articles: 10, words: 3000, seed: 1 });
const N = process.argv[3] === 'small' ? 60 : 8;
for (let i = 0; i < N; i++) M.compare(req);
