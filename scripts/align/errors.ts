/**
 * Error analysis of the link model, out of sample (leave one triplet out): counts missed and
 * false links by kind, and prints a few of each for reading.
 *
 *   npm run errors:align -- [--gold DIR] [--show N]
 */
import { examples, loadTriplets } from './data.ts';
import { countsAt, f1, labels, pickThreshold, predictTwoPass, trainTwoPass } from './train-lib.ts';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const dir = arg('--gold', process.env['PARALLAX_ALIGN_GOLD'] ?? '../shared/eval/basil');
const show = Number(arg('--show', '0'));
const ts = loadTriplets(dir);
const ex = ts.map((t) => examples(t));
const ys = ts.map((t, i) => labels(t, ex[i]!));
const counts: Record<string, number> = {};
const bump = (k: string): void => void (counts[k] = (counts[k] ?? 0) + 1);
const samples: string[] = [];
for (let f = 0; f < ts.length; f++) {
  const train = ts.map((_, i) => i).filter((i) => i !== f);
  const m = trainTwoPass(train.map((i) => ex[i]!), train.map((i) => ys[i]!));
  const th = pickThreshold((t) => countsAt(train.map((i) => ts[i]!), train.map((i) => ex[i]!), m.outOfFold, t), f1);
  const p = predictTwoPass(m, ex[f]!);
  const t = ts[f]!;
  const e = ex[f]!;
  const at = new Map(e.keys.map((k, i) => [k, i]));
  const cands = new Set(e.candidates);
  const para = (k: string): string =>
    k
      .split('|')
      .map((s) => {
        const [a, i] = s.split(':');
        return `[${a}:${i}] ${t.request.articles[Number(a) - 1]!.paragraphs![Number(i)]!.slice(0, 160)}`;
      })
      .join('\n      ');
  for (const g of t.gold) {
    for (const k of g.links) {
      const i = at.get(k);
      const kind = g.same.has(k) ? 'same' : 'partial';
      if (i === undefined) bump(cands.has(k) ? `missed: below the scoring floor (${kind})` : `missed: never a candidate (${kind})`);
      else if (p[i]! < th) {
        const c = e.links[i]!.cosine;
        bump(`missed: ${kind}, cosine ${c < 0.1 ? '< 0.10' : '>= 0.10'}`);
        if (samples.length < show) samples.push(`MISSED p=${p[i]!.toFixed(2)} cos=${c.toFixed(2)} ${kind}\n      ${para(k)}`);
      } else bump(`found: ${kind}`);
    }
    e.keys.forEach((k, i) => {
      if (p[i]! < th || g.links.has(k)) return;
      const l = e.links[i]!;
      const lead = l.aIndex < 2 && l.bIndex < 2;
      bump(`false: ${lead ? 'both in the lead' : l.cosine >= 0.2 ? 'cosine >= 0.20 elsewhere' : 'cosine < 0.20 elsewhere'}`);
      if (samples.length < 2 * show && samples.length >= show) samples.push(`FALSE p=${p[i]!.toFixed(2)} cos=${l.cosine.toFixed(2)}\n      ${para(k)}`);
    });
  }
}
for (const k of Object.keys(counts).sort()) console.log(`${k.padEnd(44)} ${counts[k]}`);
if (samples.length > 0) console.log(samples.join('\n'));
