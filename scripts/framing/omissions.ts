/**
 * How often an omission claim ("outlet X leaves it out") is contradicted by gold paragraph links:
 * a claim is wrong when the omitting article has a gold link (any annotator) to one of the
 * paragraphs that carry the content. Usage: `npm run eval:omissions -- --gold DIR` (a BASIL-style
 * folder with `articles/` and `gold/`, e.g. ../shared/eval/basil). Prints one line per triplet with
 * `--verbose`, then the totals.
 */
import { compare } from '../../engine/index.ts';
import { linkKey, loadTriplets } from '../align/data.ts';

const args = process.argv.slice(2);
const dir = args[args.indexOf('--gold') + 1];
if (!args.includes('--gold') || !dir) {
  console.error('usage: npm run eval:omissions -- --gold DIR [--verbose] [--json] [--options JSON] [--min-confidence X]');
  process.exit(64);
}
const options = args.includes('--options') ? JSON.parse(args[args.indexOf('--options') + 1]!) : undefined;
let claims = 0;
let contradicted = 0;
for (const t of loadTriplets(dir)) {
  const c = compare({ ...t.request, ...(options ? { options } : {}) });
  const gold = new Set(t.gold.flatMap((g) => [...g.links]));
  let wrong = 0;
  const minConfidence = args.includes('--min-confidence') ? Number(args[args.indexOf('--min-confidence') + 1]) : 0;
  const omissions = c.findings.filter((f) => f.ruleId === 'coverage/omission' && f.confidence >= minConfidence);
  for (const f of omissions) {
    const row = c.alignment.rows[(f.data as { row: number }).row]!;
    const missing = (f.data as { missing: string[] }).missing;
    const counts = new Map(c.articles.map((a) => [a.id, a.paragraphs.length]));
    // Wrong when some omitting article has a gold link to a carrier paragraph.
    const isWrong = missing.some((m) =>
      row.members.some((member) =>
        member.paragraphs.some((p) => {
          for (let q = 0; q < counts.get(m)!; q++) if (gold.has(linkKey(Number(member.article), p, Number(m), q))) return true;
          return false;
        }),
      ),
    );
    if (isWrong) wrong++;
  }
  claims += omissions.length;
  contradicted += wrong;
  if (args.includes('--verbose')) console.log(`${t.id}: ${omissions.length} omission claims, ${wrong} contradicted by gold links`);
}
if (args.includes('--json')) console.log(JSON.stringify({ claims, contradicted }));
else console.log(`omission claims: ${claims}; contradicted by gold links: ${contradicted} (${((100 * contradicted) / Math.max(1, claims)).toFixed(1)}%)`);
