/**
 * Engine benchmark (a plain script, not a vitest test): `npm run bench`
 * (= node --expose-gc --import tsx test/bench/engine.bench.ts).
 *
 * Measures `compare()` on the UN seed event and on deterministic synthetic clusters
 * (3x800, 5x1,500, 10x3,000, 12x10,000 words), the growth of time with input size, and the
 * naive approach (every paragraph pair of every article pair scored with string-similarity's
 * Dice coefficient, linked at >= 0.27, then jsdiff `diffWords` on each link) for contrast.
 * Times are medians of several runs after warm-up, taken with `process.hrtime.bigint()`.
 * Prints readable tables, targets with PASS/MISS, and a one-line JSON summary at the end.
 */
import { diffWords } from 'diff';
import stringSimilarity from 'string-similarity';
import { compare, splitParagraphs, type CompareRequest, type Comparison } from '../../engine/index.ts';
import { readEventFolder } from '../../server/ingest/files.ts';
import { syntheticCluster } from './synthetic.ts';

const SEED_DIR = 'seeds/un-security-council-ukraine-2025';
const NAIVE_THRESHOLD = 0.27;

const TARGETS = {
  seedMs: 15,
  cluster10x3000Ms: 300,
  growthPerDoubling: 2.3,
  naiveSpeedup10x3000: 5,
};

// ---------------------------------------------------------------- measurement

function gc(): void {
  globalThis.gc?.();
}

function nowMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
}

interface Timing {
  median: number;
  min: number;
  max: number;
  runs: number;
  warmups: number;
}

/**
 * Times `fn`: one cold run decides the plan (more runs and about a second of warm-up for quick
 * workloads, at least 5 runs for large ones). When a single run takes over 5 s the cold run counts as a sample (JIT warm-up is
 * noise at that scale) and at most 2 more runs follow, none when a run takes over 10 s, so the
 * whole benchmark stays within a few minutes. One full GC runs before the timed runs (not between
 * them), outside the timing.
 */
function measure(fn: () => unknown): Timing {
  gc();
  let start = process.hrtime.bigint();
  fn();
  const cold = nowMs(start);
  const times: number[] = [];
  let warmups: number;
  let runs: number;
  // Quick workloads are warmed up for about a second, so the JIT has optimised the hot code:
  // a handful of warm-up runs measures the compiler, not the engine.
  if (cold < 30) [warmups, runs] = [Math.min(200, Math.max(20, Math.ceil(1000 / Math.max(cold, 1)))), 31];
  else if (cold < 300) [warmups, runs] = [Math.max(5, Math.ceil(1500 / cold)), 15];
  else if (cold < 1500) [warmups, runs] = [2, 7];
  else if (cold < 5000) [warmups, runs] = [1, 5];
  else {
    times.push(cold);
    [warmups, runs] = [-1, cold <= 10_000 ? 2 : 0];
  }
  for (let i = 0; i < warmups; i++) fn();
  // One full GC before the timed runs, none between them: a forced full collection before every
  // run shrinks the heap and makes each run pay to grow it again (measured: seed event median
  // 21 ms with a GC before each run, 14 ms without), which no long-running process does.
  gc();
  for (let i = 0; i < runs; i++) {
    start = process.hrtime.bigint();
    fn();
    times.push(nowMs(start));
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times), runs: times.length, warmups: warmups + 1 };
}

interface Memory {
  /** heapUsed right after one run (result still referenced, no GC) minus heapUsed after a full GC before it, MB. */
  heapDeltaMb: number;
  /** Process peak resident set size so far, MB (workloads run smallest first, so this is their peak). */
  maxRssMb: number;
}

function measureMemory(fn: () => unknown): Memory {
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const result = fn();
  const after = process.memoryUsage().heapUsed;
  void result;
  return { heapDeltaMb: (after - before) / 2 ** 20, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

// ---------------------------------------------------------------- naive baseline

function paragraphsOf(request: CompareRequest): string[][] {
  return request.articles.map((a) => {
    if (a.paragraphs) return a.paragraphs;
    const text = a.text ?? '';
    return splitParagraphs(text).map((s) => text.slice(s.start, s.end));
  });
}

/** Every paragraph pair of every article pair scored by Dice bigram similarity; jsdiff on each link. */
function naiveCompare(request: CompareRequest): { links: number; diffParts: number } {
  const paras = paragraphsOf(request);
  let links = 0;
  let diffParts = 0;
  for (let i = 0; i < paras.length; i++) {
    for (let j = i + 1; j < paras.length; j++) {
      for (const pa of paras[i] ?? []) {
        for (const pb of paras[j] ?? []) {
          if (stringSimilarity.compareTwoStrings(pa, pb) >= NAIVE_THRESHOLD) {
            links++;
            diffParts += diffWords(pa, pb).length;
          }
        }
      }
    }
  }
  return { links, diffParts };
}

// ---------------------------------------------------------------- formatting

function table(headers: string[], rows: (string | number)[][], rightAlign: boolean[] = headers.map((_, i) => i > 0)): string {
  const cells = rows.map((r) => r.map(String));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]): string =>
    '  ' + r.map((c, i) => (rightAlign[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
  const rule = '  ' + widths.map((w) => '-'.repeat(w)).join('  ');
  return [fmt(headers), rule, ...cells.map(fmt)].join('\n');
}

const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const int = (x: number): string => Math.round(x).toLocaleString('en-US');
const mb = (x: number): string => x.toFixed(1);
const factor = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(2)}x` : 'n/a');
const runsLabel = (t: Timing): string => (t.warmups > 0 ? `${t.runs}+${t.warmups}w` : `${t.runs} (cold incl.)`);
const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');

// ---------------------------------------------------------------- workloads

interface EngineResult {
  name: string;
  articles: number;
  words: number;
  paragraphs: number;
  candidatePairs: number;
  links: number;
  rows: number;
  timing: Timing;
  memory: Memory;
}

function runEngine(name: string, request: CompareRequest): EngineResult {
  let last: Comparison | undefined;
  const timing = measure(() => (last = compare(request)));
  const memory = measureMemory(() => compare(request));
  if (!last) throw new Error('compare returned nothing');
  const s = last.stats;
  return {
    name,
    articles: s.articles,
    words: s.words,
    paragraphs: s.paragraphs,
    candidatePairs: s.candidatePairs,
    links: s.paragraphLinks,
    rows: s.rows,
    timing,
    memory,
  };
}

function log(msg: string): void {
  process.stderr.write(`  .. ${msg}\n`);
}

const benchStart = process.hrtime.bigint();
console.log(`Parallax engine benchmark  (node ${process.version}, ${process.platform}/${process.arch}${globalThis.gc ? '' : ', WARNING: run with --expose-gc'})`);
console.log('Times: median of timed runs after warm-up (one full GC before the timed runs, outside the timing).');
console.log('runs: timed runs + warm-up runs (w). heap Δ: heapUsed after one run, result alive, minus heapUsed after a full GC before it.');
console.log('max RSS: process peak so far (engine workloads run smallest first, before the naive baseline).\n');

const seedRequest = readEventFolder(SEED_DIR).request;
const SIZES = [
  { articles: 3, words: 800 },
  { articles: 5, words: 1_500 },
  { articles: 10, words: 3_000 },
  { articles: 12, words: 10_000 },
] as const;
const synthetic = SIZES.map((s) => ({ name: `synthetic ${s.articles}x${int(s.words)}`, spec: s, request: syntheticCluster(s) }));

// 1 + 2: the engine (all engine workloads first, smallest first, so max RSS is the engine's own).
log(`engine: seed event ${SEED_DIR}`);
const seed = runEngine('seed: UN Security Council', seedRequest);
const clusters: EngineResult[] = [];
for (const c of synthetic) {
  log(`engine: ${c.name}`);
  clusters.push(runEngine(c.name, c.request));
}
const engineResults = [seed, ...clusters];

console.log('Engine: compare()');
console.log(
  table(
    ['workload', 'articles', 'words', 'paragraphs', 'cand. pairs', 'links', 'rows', 'median ms', 'min-max ms', 'runs', 'heap Δ MB', 'max RSS MB'],
    engineResults.map((r) => [
      r.name,
      r.articles,
      int(r.words),
      int(r.paragraphs),
      int(r.candidatePairs),
      int(r.links),
      int(r.rows),
      ms(r.timing.median),
      `${ms(r.timing.min)}-${ms(r.timing.max)}`,
      runsLabel(r.timing),
      mb(r.memory.heapDeltaMb),
      mb(r.memory.maxRssMb),
    ]),
    [false, ...Array<boolean>(11).fill(true)],
  ),
);

// Growth: time growth per doubling of total words, between consecutive sizes and overall (log-log fit).
const growthSteps = clusters.slice(1).map((r, i) => {
  const p = clusters[i];
  if (!p) throw new Error('unreachable');
  const exponent = Math.log(r.timing.median / p.timing.median) / Math.log(r.words / p.words);
  return { from: p, to: r, exponent, perDoubling: 2 ** exponent };
});
const xs = clusters.map((r) => Math.log(r.words));
const ys = clusters.map((r) => Math.log(r.timing.median));
const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
const my = ys.reduce((a, b) => a + b, 0) / ys.length;
let sxy = 0;
let sxx = 0;
xs.forEach((x, i) => {
  sxy += (x - mx) * ((ys[i] ?? 0) - my);
  sxx += (x - mx) ** 2;
});
const slope = sxy / sxx;
const overallGrowth = 2 ** slope;
const worstStep = Math.max(...growthSteps.map((g) => g.perDoubling));

console.log('\nGrowth of engine time with total words (synthetic clusters)');
console.log(
  table(
    ['step', 'words ratio', 'links ratio', 'time ratio', 'exponent', 'time per 2x words'],
    [
      ...growthSteps.map((g) => [
        `${g.from.name.replace('synthetic ', '')} -> ${g.to.name.replace('synthetic ', '')}`,
        factor(g.to.words / g.from.words),
        factor(g.to.links / g.from.links),
        factor(g.to.timing.median / g.from.timing.median),
        g.exponent.toFixed(2),
        factor(g.perDoubling),
      ]),
      ['overall (log-log least squares)', '', '', '', slope.toFixed(2), factor(overallGrowth)],
    ],
    [false, true, true, true, true, true],
  ),
);

// The sizes above add articles as they add words, and links (and their diffs) are made for every
// pair of articles, so the output itself grows faster than the words. With the article count
// fixed, the same engine's growth per doubling of words:
const fixedCount = [1_500, 6_000].map((words) => {
  log(`engine: synthetic 10x${int(words)} (fixed article count)`);
  return runEngine(`synthetic 10x${int(words)}`, syntheticCluster({ articles: 10, words }));
});
const ten = clusters.find((r) => r.articles === 10);
if (!ten) throw new Error('no 10-article cluster');
const fixedSeries = [fixedCount[0]!, ten, fixedCount[1]!];
console.log('\nGrowth with the article count fixed at 10 (links grow with words alone)');
console.log(
  table(
    ['step', 'words ratio', 'links ratio', 'time ratio', 'time per 2x words', 'median ms'],
    fixedSeries.slice(1).map((r, i) => {
      const p = fixedSeries[i]!;
      const e = Math.log(r.timing.median / p.timing.median) / Math.log(r.words / p.words);
      return [`${p.name.replace('synthetic ', '')} -> ${r.name.replace('synthetic ', '')}`, factor(r.words / p.words), factor(r.links / p.links), factor(r.timing.median / p.timing.median), factor(2 ** e), `${ms(p.timing.median)} -> ${ms(r.timing.median)}`];
    }),
    [false, true, true, true, true, true],
  ),
);
const fixedGrowth = 2 ** (Math.log(fixedSeries[2]!.timing.median / fixedSeries[0]!.timing.median) / Math.log(fixedSeries[2]!.words / fixedSeries[0]!.words));

// 3: the naive approach, on the seed event and the 3x800 and 10x3,000 clusters.
const naiveTargets: { name: string; request: CompareRequest; engine: EngineResult }[] = [
  { name: seed.name, request: seedRequest, engine: seed },
];
for (const [i, c] of synthetic.entries()) {
  const e = clusters[i];
  if (e && (c.spec.articles === 3 || c.spec.articles === 10)) naiveTargets.push({ name: c.name, request: c.request, engine: e });
}
const naiveResults = naiveTargets.map((t) => {
  log(`naive: ${t.name}`);
  let out = { links: 0, diffParts: 0 };
  const timing = measure(() => (out = naiveCompare(t.request)));
  const paras = paragraphsOf(t.request);
  let pairs = 0;
  for (let i = 0; i < paras.length; i++) for (let j = i + 1; j < paras.length; j++) pairs += (paras[i]?.length ?? 0) * (paras[j]?.length ?? 0);
  return { ...t, timing, links: out.links, pairs, ratio: timing.median / t.engine.timing.median };
});

console.log(`\nNaive approach: all paragraph pairs x string-similarity (link >= ${NAIVE_THRESHOLD}) + jsdiff diffWords per link`);
console.log(
  table(
    ['workload', 'pairs scored', 'naive links', 'naive ms', 'runs', 'engine ms', 'engine links', 'naive/engine'],
    naiveResults.map((r) => [
      r.name,
      int(r.pairs),
      int(r.links),
      ms(r.timing.median),
      runsLabel(r.timing),
      ms(r.engine.timing.median),
      int(r.engine.links),
      factor(r.ratio),
    ]),
    [false, true, true, true, true, true, true, true],
  ),
);

// 3b: framing analysis cost: the same workloads with every framing rule switched off.
const NO_FRAMING = { framing: { disabledRules: ['framing/', 'wording/', 'facts/', 'coverage/'] } };
const framingTargets = [
  { name: seed.name, request: seedRequest, engine: seed },
  ...synthetic.filter((c) => c.spec.articles === 10).map((c) => ({ name: c.name, request: c.request, engine: clusters.find((r) => r.articles === 10)! })),
];
// Both measured here, back to back, so the JIT is equally warm for the two (the engine table's
// figures for the seed event come from the first, coldest workload of the run).
const framingResults = framingTargets.map((t) => {
  log(`with and without framing: ${t.name}`);
  const without = measure(() => compare({ ...t.request, options: { ...(t.request.options ?? {}), ...NO_FRAMING } })).median;
  const withFraming = measure(() => compare(t.request)).median;
  return { name: t.name, without, with: withFraming, ratio: withFraming / without };
});
console.log('\nFraming analysis cost: engine time with all rules vs with every framing rule switched off');
console.log(
  table(
    ['workload', 'without framing ms', 'with framing ms', 'ratio'],
    framingResults.map((r) => [r.name, ms(r.without), ms(r.with), factor(r.ratio)]),
    [false, true, true, true],
  ),
);

// 4: targets.
const c10 = clusters.find((r) => r.articles === 10);
const naive10 = naiveResults.find((r) => r.engine === c10);
if (!c10 || !naive10) throw new Error('10x3,000 cluster missing');
const checks = [
  { target: 'seed event median', goal: `<= ${TARGETS.seedMs} ms`, result: `${ms(seed.timing.median)} ms`, ok: seed.timing.median <= TARGETS.seedMs },
  { target: '10x3,000 median', goal: `<= ${TARGETS.cluster10x3000Ms} ms`, result: `${ms(c10.timing.median)} ms`, ok: c10.timing.median <= TARGETS.cluster10x3000Ms },
  {
    target: 'growth per 2x words (overall fit)',
    goal: `<= ${TARGETS.growthPerDoubling}x`,
    result: `${factor(overallGrowth)} (worst step ${factor(worstStep)})`,
    ok: overallGrowth <= TARGETS.growthPerDoubling,
  },
  {
    target: 'framing at most doubles engine time',
    goal: '<= 2x',
    result: framingResults.map((r) => factor(r.ratio)).join(', '),
    ok: framingResults.every((r) => r.ratio <= 2),
  },
  {
    target: 'naive/engine on 10x3,000',
    goal: `>= ${TARGETS.naiveSpeedup10x3000}x`,
    result: factor(naive10.ratio),
    ok: naive10.ratio >= TARGETS.naiveSpeedup10x3000,
  },
];
console.log('\nTargets');
console.log(table(['target', 'goal', 'result', ''], checks.map((c) => [c.target, c.goal, c.result, verdict(c.ok)]), [false, false, false, false]));

const totalS = nowMs(benchStart) / 1000;
console.log(`\nBenchmark wall time: ${totalS.toFixed(1)} s`);

const summary = {
  node: process.version,
  seed: { ms: round(seed.timing.median), words: seed.words, paragraphs: seed.paragraphs, links: seed.links },
  synthetic: clusters.map((r) => ({
    cluster: r.name.replace('synthetic ', '').replace(/,/g, ''),
    ms: round(r.timing.median),
    words: r.words,
    paragraphs: r.paragraphs,
    links: r.links,
    heapDeltaMb: round(r.memory.heapDeltaMb),
    maxRssMb: round(r.memory.maxRssMb),
  })),
  growthPerDoubling: round(overallGrowth),
  growthPerDoublingFixedArticles: round(fixedGrowth),
  growthSteps: growthSteps.map((g) => round(g.perDoubling)),
  naive: naiveResults.map((r) => ({ workload: r.name.replace('synthetic ', '').replace(/,/g, ''), ms: round(r.timing.median), ratio: round(r.ratio) })),
  framing: framingResults.map((r) => ({ workload: r.name.replace('synthetic ', '').replace(/,/g, ''), withoutMs: round(r.without), withMs: round(r.with), ratio: round(r.ratio) })),
  targets: Object.fromEntries(checks.map((c) => [c.target, c.ok ? 'PASS' : 'MISS'])),
};
console.log(`BENCH_SUMMARY ${JSON.stringify(summary)}`);

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
