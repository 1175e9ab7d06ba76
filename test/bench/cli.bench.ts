/**
 * Command-line benchmark (a plain script, not a test; `npm run bench` runs it): whole-process
 * times on this machine, medians of runs taken in turn so that every command sees the same load.
 *  1. `parallax --version` (start-up alone);
 *  2. `parallax batch` on 100 generated clusters (3 articles x 600 words, `triplets.ts`) with
 *     `--jobs 1` and `--jobs 2`;
 *  3. the bare TF-IDF paragraph aligner (`../shared/eval/baseline/tfidf.py`) and the naive
 *     approach (`../shared/eval/baseline/naive.mjs`: string-similarity on every paragraph pair and
 *     jsdiff on each link) on the same file, when `../shared/eval` is there.
 * The build in dist/ is made fresh first, so no run pays for it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tripletLines } from './triplets.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const BASELINE = join(ROOT, '..', 'shared', 'eval', 'baseline');
const RUNS = Number(process.env['CLI_BENCH_RUNS'] ?? 5);
const TARGETS = { versionMs: 150, tfidfRatio: 1.0, naiveRatio: 0.1 };

const dir = mkdtempSync(join(tmpdir(), 'parallax-cli-bench-'));
const input = join(dir, 'triplets.jsonl');
writeFileSync(input, tripletLines(100));

/** Wall time of one whole-process run in ms (output discarded); throws if the command fails. */
function time(cmd: string, args: string[]): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.toString().slice(0, 500)}`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

// Build first (and check it works), outside the measured runs.
time(process.execPath, ['bin/parallax.js', '--version']);

const commands: Array<{ name: string; cmd: string; args: string[] }> = [
  { name: 'parallax --version', cmd: process.execPath, args: ['bin/parallax.js', '--version'] },
  { name: 'parallax batch --jobs 1', cmd: process.execPath, args: ['bin/parallax.js', 'batch', input, '--jobs', '1'] },
  { name: 'parallax batch --jobs 2', cmd: process.execPath, args: ['bin/parallax.js', 'batch', input, '--jobs', '2'] },
];
const haveBaselines = existsSync(join(BASELINE, 'tfidf.py'));
if (haveBaselines) {
  commands.push({ name: 'tfidf.py (bare TF-IDF aligner)', cmd: 'python3', args: [join(BASELINE, 'tfidf.py'), input] });
  commands.push({ name: 'naive.mjs (Dice + jsdiff)', cmd: process.execPath, args: [join(BASELINE, 'naive.mjs'), input] });
}
const times = new Map(commands.map((c) => [c.name, [] as number[]]));
for (let r = 0; r < RUNS; r++) {
  for (const c of commands) {
    // The naive approach takes tens of seconds: three runs of it are enough for a median.
    if (c.name.startsWith('naive') && r >= 3) continue;
    times.get(c.name)!.push(time(c.cmd, c.args));
  }
}
rmSync(dir, { recursive: true, force: true });

const med = (name: string) => median(times.get(name)!);
console.log(`\nCommand line, whole process, 100 generated clusters (3 articles x 600 words), medians of ${RUNS} runs in turn (naive: 3)`);
for (const c of commands) console.log(`  ${c.name.padEnd(34)} ${med(c.name).toFixed(0).padStart(7)} ms`);
const best = Math.min(med('parallax batch --jobs 1'), med('parallax batch --jobs 2'));
const result: Record<string, number> = { versionMs: med('parallax --version'), batchJobs1Ms: med('parallax batch --jobs 1'), batchJobs2Ms: med('parallax batch --jobs 2') };
console.log(`  --jobs 2 against --jobs 1: ${(result.batchJobs2Ms! / result.batchJobs1Ms!).toFixed(2)}x the time`);
console.log('\nTargets');
console.log(`  parallax --version < ${TARGETS.versionMs} ms: ${result.versionMs!.toFixed(0)} ms  ${result.versionMs! < TARGETS.versionMs ? 'PASS' : 'MISS'}`);
if (haveBaselines) {
  const tfidf = med('tfidf.py (bare TF-IDF aligner)');
  const naive = med('naive.mjs (Dice + jsdiff)');
  result['tfidfMs'] = tfidf;
  result['naiveMs'] = naive;
  console.log(`  batch / tfidf.py <= ${TARGETS.tfidfRatio}: ${(best / tfidf).toFixed(2)}  ${best / tfidf <= TARGETS.tfidfRatio ? 'PASS' : 'MISS'}`);
  console.log(`  batch / naive.mjs <= ${TARGETS.naiveRatio}: ${(best / naive).toFixed(3)}  ${best / naive <= TARGETS.naiveRatio ? 'PASS' : 'MISS'}`);
} else {
  console.log('  (../shared/eval/baseline not found: the ratios against tfidf.py and naive.mjs are left out)');
}
console.log(`CLI_BENCH_SUMMARY ${JSON.stringify(result)}`);
