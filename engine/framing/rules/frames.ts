import framesData from '../lexicons/frames.json' with { type: 'json' };
import { compileLexicon, matchLexicon, type Lexicon } from '../lexicon.ts';
import { outletName, roundSalience, span, type DraftFinding, type FramingContext, type FramingRule } from '../context.ts';

/** A frame must take at least this share of an outlet's frame cues to be its emphasis. */
const MIN_EMPHASIS_SHARE = 0.2;
/** ... and exceed every other outlet's share by this much (the frame is this outlet's own). */
const MIN_DIVERGENCE = 0.12;
/** Fewest frame cues an article needs before its profile means anything. */
const MIN_CUES = 8;
/**
 * Cue occurrences given as the finding's spans: one (the first), so an article-level observation
 * does not paint the article with highlights; all of them are in `data.cueSpans`.
 */
const EVIDENCE_CUES = 1;

let lexicon: Lexicon | undefined;
function framesLexicon(): Lexicon {
  lexicon ??= compileLexicon(Object.entries(framesData.frames as Record<string, string[]>).map(([category, terms]) => ({ category, weight: 1, terms })));
  return lexicon;
}

/** Frame cues of one article: frame -> spans of its cue words. */
function cues(ctx: FramingContext, ai: number): Map<string, Array<{ start: number; end: number }>> {
  const a = ctx.articles[ai]!;
  const out = new Map<string, Array<{ start: number; end: number }>>();
  for (const m of matchLexicon(framesLexicon(), a.tokens, 0, a.tokens.length)) {
    const list = out.get(m.category) ?? [];
    list.push({ start: a.tokens[m.from]!.start, end: a.tokens[m.to - 1]!.end });
    out.set(m.category, list);
  }
  return out;
}

/**
 * Per-article frame profile over the Media Frames Corpus dimensions: the share of the article's
 * frame cue words that belong to each frame (keys in codebook order, shares rounded).
 */
export function frameProfile(ctx: FramingContext, ai: number): Record<string, number> {
  const c = cues(ctx, ai);
  const total = [...c.values()].reduce((n, l) => n + l.length, 0);
  const out: Record<string, number> = {};
  for (const frame of Object.keys(framesData.frames)) {
    const n = c.get(frame)?.length ?? 0;
    if (n > 0) out[frame] = Math.round((1000 * n) / total) / 1000;
  }
  return out;
}

/**
 * `framing/frames`: an outlet that leans on a frame more than any other outlet does (e.g.
 * economics where the others write about security), from the frame profiles.
 */
export const framesRule: FramingRule = {
  id: 'framing/frames',
  run(ctx: FramingContext): DraftFinding[] {
    const all = ctx.articles.map((_, ai) => cues(ctx, ai));
    const totals = all.map((c) => [...c.values()].reduce((k, l) => k + l.length, 0));
    const out: DraftFinding[] = [];
    ctx.articles.forEach((a, ai) => {
      if (totals[ai]! < MIN_CUES) return;
      const others = ctx.articles.map((_, j) => j).filter((j) => j !== ai && totals[j]! >= MIN_CUES);
      if (others.length === 0) return;
      for (const frame of Object.keys(framesData.frames)) {
        const spans = all[ai]!.get(frame) ?? [];
        const share = spans.length / totals[ai]!;
        if (share < MIN_EMPHASIS_SHARE) continue;
        const othersShare = Math.max(...others.map((j) => (all[j]!.get(frame)?.length ?? 0) / totals[j]!));
        const divergence = share - othersShare;
        if (divergence < MIN_DIVERGENCE) continue;
        out.push({
          ruleId: 'framing/frames',
          severity: 'info',
          salience: roundSalience(0.4 + divergence),
          reason: `${outletName(a)} leans on the ${frame} frame (${Math.round(share * 100)}% of its frame cues) far more than any other outlet (${Math.round(othersShare * 100)}% at most).`,
          spans: spans.slice(0, EVIDENCE_CUES).map((s) => span(a, s.start, s.end)),
          data: {
            frame,
            share: Math.round(share * 1000) / 1000,
            othersShare: Math.round(othersShare * 1000) / 1000,
            cues: spans.length,
            cueSpans: spans.map((s) => span(a, s.start, s.end)),
          },
        });
      }
    });
    return out;
  },
};
