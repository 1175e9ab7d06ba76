import { speakerConfidence } from '../../analysis/quotes.ts';
import type { ResolvedQuote } from '../../analysis/speakers.ts';
import { ATTRIBUTION, ATTRIBUTION_WEIGHT } from '../attribution.ts';
import { outletName, roundSalience, sentenceAt, span, type DraftFinding, type FramingContext, type FramingRule } from '../context.ts';

/** Share of content words two renderings must share (Dice) to be one statement when their sentences are not linked. */
const SAME_STATEMENT_WORDS = 0.5;
/** Confidence of a contrast between statements of unnamed speakers in aligned sentences. */
const UNNAMED_CONFIDENCE = 0.7;
/** Confidence factor when the two statements are matched by their words only, not by the alignment. */
const WORDS_ONLY_FACTOR = 0.85;

/** Content words of a quote (lower-case, three letters or more). */
function words(ctx: FramingContext, ai: number, q: ResolvedQuote): Set<string> {
  const text = ctx.articles[ai]!.article.text.slice(q.start, q.end).toLowerCase();
  return new Set(text.split(/[^\p{L}\p{N}']+/u).filter((w) => w.length >= 3));
}

function dice(x: Set<string>, y: Set<string>): number {
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const w of x) if (y.has(w)) common++;
  return (2 * common) / (x.size + y.size);
}

/**
 * `framing/attribution`: the same statement by the same speaker, attributed with verbs of
 * different connotation ("said" / "claimed", "said" / "admitted"). Statements are the analysis's
 * quotes (direct and reported), each with its resolved speaker and the speech verb that attributes
 * it: a noun ("his on-camera claim") or a verb of reaction ("comments widely condemned") is no
 * attribution. Two statements are the same when their sentences are aligned, or when they share
 * most of their words.
 */
export const attributionRule: FramingRule = {
  id: 'framing/attribution',
  run(ctx: FramingContext): DraftFinding[] {
    const out: DraftFinding[] = [];
    const linked = (ai: number, si: number, bi: number, sj: number) => ctx.counterparts[ai]?.[si]?.some(([x, y]) => x === bi && y === sj) ?? false;
    for (let ai = 0; ai < ctx.articles.length; ai++) {
      for (let bi = ai + 1; bi < ctx.articles.length; bi++) {
        const a = ctx.articles[ai]!;
        const b = ctx.articles[bi]!;
        const qa = (ctx.quotes[ai] ?? []).filter((q) => q.verb && q.verbStart !== undefined && ATTRIBUTION.has(q.verb));
        const qb = (ctx.quotes[bi] ?? []).filter((q) => q.verb && q.verbStart !== undefined && ATTRIBUTION.has(q.verb));
        // One finding per verb pair: several quotes may share one attribution.
        const seen = new Set<string>();
        for (const x of qa) {
          for (const y of qb) {
            if (x.name !== y.name) continue;
            const cx = ATTRIBUTION.get(x.verb!)!;
            const cy = ATTRIBUTION.get(y.verb!)!;
            const weight = Math.abs((ATTRIBUTION_WEIGHT[cx] ?? 0) - (ATTRIBUTION_WEIGHT[cy] ?? 0));
            if (cx === cy || weight === 0) continue;
            const byAlignment = linked(ai, sentenceAt(a, x.start), bi, sentenceAt(b, y.start));
            // Unnamed speakers ("the ambassador said") are the same only in aligned sentences.
            if (x.name === null && !byAlignment) continue;
            if (!byAlignment && dice(words(ctx, ai, x), words(ctx, bi, y)) < SAME_STATEMENT_WORDS) continue;
            const key = `${x.verbStart}|${y.verbStart}`;
            if (seen.has(key)) continue;
            seen.add(key);
            // The marked side: the verb further from neutral.
            const xFirst = (ATTRIBUTION_WEIGHT[cx] ?? 0) >= (ATTRIBUTION_WEIGHT[cy] ?? 0);
            const [m, mArticle, mCat, p, pArticle, pCat] = xFirst ? [x, a, cx, y, b, cy] : [y, b, cy, x, a, cx];
            const mText = mArticle.article.text.slice(m.verbStart!, m.verbEnd!);
            const pText = pArticle.article.text.slice(p.verbStart!, p.verbEnd!);
            const salience = roundSalience(0.35 + 0.55 * weight);
            // Named speakers: as sure as their attributions; unnamed ones rest on the alignment alone.
            const confidence = (m.name && p.name ? Math.min(speakerConfidence(m), speakerConfidence(p)) : UNNAMED_CONFIDENCE) * (byAlignment ? 1 : WORDS_ONLY_FACTOR);
            const whose = m.name ? `${m.name}'s statement` : 'the statement';
            out.push({
              ruleId: 'framing/attribution',
              severity: salience >= 0.7 ? 'warning' : 'notice',
              salience,
              confidence,
              reason: `${outletName(mArticle)} attributes ${whose} with "${mText}" (${mCat}) where ${outletName(pArticle)} writes "${pText}" (${pCat}).`,
              spans: [span(mArticle, m.verbStart!, m.verbEnd!)],
              actual: mText,
              counterpart: [pText],
              data: {
                categories: { [mArticle.article.id]: mCat, [pArticle.article.id]: pCat },
                ...(m.name ? { speaker: m.name } : {}),
                statements: [span(mArticle, m.start, m.end), span(pArticle, p.start, p.end)],
                counterpartSpans: [span(pArticle, p.verbStart!, p.verbEnd!)],
              },
            });
          }
        }
      }
    }
    return out;
  },
};
