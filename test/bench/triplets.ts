/**
 * Generates a batch file of synthetic three-outlet clusters (`syntheticCluster`, 3 articles of
 * about 600 words each), one request per line, for the CLI benchmark:
 * `node --import tsx test/bench/triplets.ts OUT.jsonl [COUNT]` (COUNT defaults to 100).
 * The same arguments give the same file.
 */
import { writeFileSync } from 'node:fs';
import { syntheticCluster } from './synthetic.ts';

/** The batch lines of `count` clusters of 3 articles x `words` words. */
export function tripletLines(count: number, words = 600): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const request = syntheticCluster({ articles: 3, words, seed: 0x7e1 + i });
    out.push(JSON.stringify({ id: `cluster-${i + 1}`, articles: request.articles }));
  }
  return `${out.join('\n')}\n`;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const path = process.argv[2];
  if (!path) {
    console.error('usage: node --import tsx test/bench/triplets.ts OUT.jsonl [COUNT]');
    process.exit(64);
  }
  writeFileSync(path, tripletLines(Number(process.argv[3] ?? 100)));
}
