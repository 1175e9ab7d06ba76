/**
 * Extraction benchmark (a plain script, not a test): `npm run bench` runs it after the engine
 * benchmark; alone: `node --expose-gc --import tsx test/bench/extract.bench.ts`.
 *
 * Compares Parallax's extractor (cheerio/htmlparser2 + the heuristics in engine/extract/) with
 * Mozilla Readability over linkedom, in-process, on:
 *  - the project's golden pages (test/fixtures/extraction), time per page;
 *  - the development pages in ../shared/eval/extraction when that folder exists beside the repo
 *    (read in place, never copied): body F1 as the article-extraction-benchmark scores it
 *    (4-word shingles, precision and recall averaged over pages), and time per page;
 *  - a synthetic 5 MB page and a page nested 30,000 elements deep: time and memory.
 * Times are medians over all pages of the median of 5 runs per page, after one warm-up pass.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { decodePage, extractArticle } from '../../engine/extract/index.ts';

const FIXTURES = 'test/fixtures/extraction';
const DEV = '../shared/eval/extraction';
const RUNS = 5;

type Extractor = (html: string) => string;

const ours: Extractor = (html) => {
  try {
    return extractArticle(html).paragraphs.join('\n');
  } catch {
    return '';
  }
};

const readability: Extractor = (html) => {
  const { document } = parseHTML(html);
  // linkedom's document is not typed as the DOM's; Readability only walks it.
  return new Readability(document as unknown as ConstructorParameters<typeof Readability>[0]).parse()?.textContent ?? '';
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function timePerPage(pages: string[], fn: Extractor): number {
  for (const p of pages) fn(p);
  return median(pages.map((p) => {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = process.hrtime.bigint();
      fn(p);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return median(times);
  }));
}

const words = (t: string) => t.match(/[\p{L}\p{N}_]+/gu) ?? [];
function shingles(text: string): Map<string, number> {
  const t = words(text);
  const out = new Map<string, number>();
  for (let i = 0; i < Math.max(1, t.length - 3); i++) {
    const k = t.slice(i, i + 4).join(' ');
    if (k) out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

/** Body F1 as the article-extraction-benchmark computes it. */
function bodyF1(truths: string[], preds: string[]): { f1: number; p: number; r: number } {
  const ps: number[] = [];
  const rs: number[] = [];
  truths.forEach((truth, i) => {
    const T = shingles(truth);
    const P = shingles(preds[i] ?? '');
    let tp = 0, fp = 0, fn = 0;
    for (const k of new Set([...T.keys(), ...P.keys()])) {
      const a = T.get(k) ?? 0, b = P.get(k) ?? 0;
      tp += Math.min(a, b); fp += Math.max(0, b - a); fn += Math.max(0, a - b);
    }
    const exact = fp === 0 && fn === 0;
    if (tp + fp > 0) ps.push(exact ? 1 : tp / (tp + fp));
    if (tp + fn > 0) rs.push(exact ? 1 : tp / (tp + fn));
  });
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const p = mean(ps), r = mean(rs);
  return { f1: (2 * p * r) / (p + r || 1), p, r };
}

const f3 = (x: number) => x.toFixed(3);
const ms = (x: number) => `${x.toFixed(1)} ms`;
const rows: string[][] = [['workload', 'pages', 'extractor', 'body F1', 'P', 'R', 'median / page']];

if (existsSync(FIXTURES)) {
  const pages = readdirSync(FIXTURES).filter((f) => f.endsWith('.html')).sort().map((f) => decodePage(new Uint8Array(readFileSync(join(FIXTURES, f)))).text);
  rows.push(['golden pages (ours)', String(pages.length), 'parallax', '', '', '', ms(timePerPage(pages, ours))]);
  rows.push(['golden pages (ours)', String(pages.length), 'readability+linkedom', '', '', '', ms(timePerPage(pages, readability))]);
}

if (existsSync(join(DEV, 'ground-truth.json'))) {
  const truth = JSON.parse(readFileSync(join(DEV, 'ground-truth.json'), 'utf8')) as Record<string, { articleBody: string }>;
  const ids = readdirSync(join(DEV, 'pages')).filter((f) => f.endsWith('.html.gz')).sort().map((f) => f.replace(/\.html\.gz$/, ''));
  const pages = ids.map((id) => decodePage(new Uint8Array(gunzipSync(readFileSync(join(DEV, 'pages', `${id}.html.gz`))))).text);
  const truths = ids.map((id) => truth[id]?.articleBody ?? '');
  for (const [name, fn] of [['parallax', ours], ['readability+linkedom', readability]] as const) {
    const m = bodyF1(truths, pages.map(fn));
    rows.push(['dev pages (shared/eval)', String(pages.length), name, f3(m.f1), f3(m.p), f3(m.r), ms(timePerPage(pages, fn))]);
  }
} else {
  console.log(`(${DEV} not found: dev-page quality not measured)`);
}

const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
console.log('\nArticle extraction, in-process (one warm-up pass, then median of 5 runs per page; median over pages)');
for (const [i, r] of rows.entries()) {
  console.log(r.map((c, j) => (j < 3 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}

// Hostile sizes: a 5 MB page and a deeply nested one.
const para = '<p>The council met on Tuesday, and members argued over the wording of the resolution for several hours before a vote.</p>\n';
let big = `<html><head><title>Big</title></head><body><nav>${'<a href="/s">Section</a> '.repeat(50)}</nav><article>`;
while (big.length < 5 * 1024 * 1024 - 200) big += para;
big += '</article></body></html>';
const deep = `<html><body>${'<div>'.repeat(30000)}${para.repeat(5)}${'</div>'.repeat(30000)}</body></html>`;
console.log('\nLarge and hostile pages (median of 3 runs)');
for (const [name, html] of [['5 MB page, 40,000 paragraphs', big], ['30,000 nested divs', deep]] as const) {
  globalThis.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let peak = 0;
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = process.hrtime.bigint();
    const a = extractArticle(html);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    peak = Math.max(peak, process.memoryUsage().heapUsed - heap0);
    if (a.paragraphs.length === 0) throw new Error('no paragraphs');
  }
  console.log(`  ${name.padEnd(30)} ${ms(median(times)).padStart(10)}   heap growth ${(peak / 1e6).toFixed(0)} MB (page ${(html.length / 1e6).toFixed(1)} MB)`);
}
