import type { EvidenceSpan, Finding, FindingSpan, OutletSummary, ReviewItem } from '../types.ts';
import type { DraftFinding, FramingContext, FramingRule } from './context.ts';
import { lastStartingBy } from '../text/spans.ts';
import { findingKeys } from './key.ts';
import { omissionRule, prominenceRule, voicesRule } from './rules/coverage.ts';
import { quoteVariantRule } from './rules/quotes.ts';
import { ATTRIBUTION } from './attribution.ts';
import { attributionRule } from './rules/attribution.ts';
import { certaintyRule, numberMismatchRule, substitutionRule } from './rules/diff-rules.ts';
import { actorLabelRule } from './rules/actors.ts';
import { agencyRule } from './rules/agency.ts';
import { frameProfile, framesRule } from './rules/frames.ts';
import { headlineRule } from './rules/headline.ts';
import { labelRule } from './rules/labels.ts';
import { loadedRule } from './rules/loaded.ts';

export { framingContext, type FramingContext, type FramingRule, type DraftFinding } from './context.ts';

/** Every rule, in the order their findings are listed on equal salience. */
export const RULES: readonly FramingRule[] = [numberMismatchRule, quoteVariantRule, attributionRule, actorLabelRule, labelRule, loadedRule, certaintyRule, agencyRule, substitutionRule, headlineRule, prominenceRule, framesRule, omissionRule, voicesRule];

/**
 * Prior confidence of each rule's findings (0-1), for rules that do not weigh their own evidence:
 * how often such a finding holds up when an editor checks it, as judged on development coverage
 * (not fitted). Rules that can weigh their evidence (the speaker's attribution, the alignment
 * score, a counterpart search) set `confidence` themselves.
 */
const RULE_CONFIDENCE: Readonly<Record<string, number>> = {
  'facts/number-mismatch': 0.8, // same slot of aligned sentences; figures in names and dates excluded
  'facts/quote-variant': 0.75,
  'framing/attribution': 0.75,
  'framing/label': 0.7, // the outlet never uses the name most others use
  'framing/actor-label': 0.7, // a loaded description of an actor others describe plainly
  'framing/certainty': 0.6, // a modal against its counterpart in aligned sentences
  'wording/substitution': 0.6, // a reworded slot, connotation from a lexicon
  'framing/loaded': 0.6, // a lexicon word with a plain counterpart passage
  'framing/headline': 0.6,
  'framing/agency': 0.6, // passive without agent against a counterpart that names it
  'coverage/omission': 0.6,
  'coverage/voices': 0.7,
  'framing/prominence': 0.6,
  // Shares of cue words: a tendency, not a statement (judged trivial in 8 of 8 audited cases, and
  // in 10 of 10 more on six other development triplets): ranked under the findings that point at a passage.
  'framing/frames': 0.25,
};
/** Confidence of a rule missing from the table. */
const DEFAULT_CONFIDENCE = 0.5;

/** A finding's evidence typed by role: its spans are flagged, its `data.counterpartSpans` counterparts (each span once). */
function typedEvidence(f: DraftFinding): EvidenceSpan[] {
  const counterparts = (f.data?.['counterpartSpans'] as FindingSpan[] | undefined) ?? [];
  const seen = new Set<string>();
  const out: EvidenceSpan[] = [];
  for (const [role, list] of [['flagged', f.spans], ['counterpart', counterparts]] as const) {
    for (const sp of list) {
      const key = `${sp.article}|${sp.field ?? ''}|${sp.start}|${sp.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ role, article: sp.article, start: sp.start, end: sp.end, ...(sp.field ? { field: sp.field } : {}) });
    }
  }
  return out;
}

/**
 * How far a contrast between passages of two outlets rests on their pairing: findings whose
 * evidence sits in linked paragraphs of different articles (a figure against a figure, a word
 * against its plain counterpart) are as sure as that link. Below `sure` the factor falls linearly
 * to `floor` at probability 0; evidence that is no pairing of paragraphs (a whole-article label, a
 * headline) keeps its confidence.
 */
const ALIGNMENT_CONFIDENCE = {
  /** Link probability from which the pairing is taken as sure (about twice the link threshold). */
  sure: 0.6,
  /** Factor of a pairing the model gives no probability. */
  floor: 0.5,
} as const;

/** Paragraph index of offset `at` in article `ai`. */
function paragraphAt(ctx: FramingContext, ai: number, at: number): number {
  return Math.max(0, lastStartingBy(ctx.articles[ai]!.article.paragraphs, at));
}

/** Link probability of every scored paragraph pair, by `article:paragraph|article:paragraph` (both orders). */
function pairScores(ctx: FramingContext): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of ctx.candidates) {
    m.set(`${l.a}:${l.aIndex}|${l.b}:${l.bIndex}`, l.score);
    m.set(`${l.b}:${l.bIndex}|${l.a}:${l.aIndex}`, l.score);
  }
  return m;
}

/** The alignment factor of a finding's confidence (see `ALIGNMENT_CONFIDENCE`). */
function alignmentFactor(ctx: FramingContext, scores: Map<string, number>, f: DraftFinding): number {
  const spans = [...f.spans, ...((f.data?.['counterpartSpans'] as FindingSpan[] | undefined) ?? [])].filter((s) => s.field === undefined);
  const first = spans[0];
  if (!first) return 1;
  const ai = ctx.indexOf.get(first.article);
  if (ai === undefined) return 1;
  const pa = paragraphAt(ctx, ai, first.start);
  const others = spans.filter((s) => s.article !== first.article);
  if (others.length === 0) return 1;
  let best = -1;
  for (const o of others) {
    const bi = ctx.indexOf.get(o.article);
    if (bi === undefined) continue;
    const pb = paragraphAt(ctx, bi, o.start);
    const score = scores.get(`${ai}:${pa}|${bi}:${pb}`);
    if (score !== undefined) best = Math.max(best, score);
  }
  // No scored pair between them: the evidence is no pairing of two passages (a voice, an omission's carriers).
  if (best < 0) return 1;
  return ALIGNMENT_CONFIDENCE.floor + (1 - ALIGNMENT_CONFIDENCE.floor) * Math.min(1, best / ALIGNMENT_CONFIDENCE.sure);
}

/** Rounds a confidence for stable output. */
function roundConfidence(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
}

/** Most review entries one rule may take, so the list shows different kinds of difference. */
const REVIEW_PER_RULE = 4;

/** Review headlines per rule. */
const REVIEW_TITLES: Record<string, string> = {
  'facts/number-mismatch': 'Figures disagree',
  'framing/attribution': 'Attribution verbs differ',
  'framing/loaded': 'Loaded wording',
  'framing/label': 'Different names for the same thing',
  'framing/actor-label': 'An actor described differently',
  'framing/certainty': 'Certain in one, possible in another',
  'wording/substitution': 'Different words for the same thing',
  'coverage/omission': 'Left out by some outlets',
  'coverage/voices': 'Quoted by some outlets only',
  'facts/quote-variant': 'A quote rendered differently',
  'framing/prominence': 'Lead in one outlet, buried in another',
  'framing/frames': 'Different frames',
  'framing/agency': 'Who did it, said by some only',
  'framing/headline': 'Headline wording',
};

function isDisabled(ruleId: string, disabled: readonly string[]): boolean {
  return disabled.some((d) => ruleId === d || (d.endsWith('/') && ruleId.startsWith(d)));
}

/**
 * Rules whose findings flag wording, most specific first: when two of them flag the same words,
 * the more specific explanation is kept (a contrast of attribution verbs says more than "loaded").
 */
const WORDING_RULES = ['facts/number-mismatch', 'framing/attribution', 'framing/actor-label', 'framing/label', 'wording/substitution', 'framing/certainty', 'framing/loaded'];

/**
 * Findings that flag the same words say the same thing. Within a rule, identical spans keep the
 * most salient finding; across the wording rules, a finding whose every span overlaps the spans
 * of a more specific rule's finding is dropped (a contrast of descriptions says more than
 * "loaded word").
 */
function dedupe(findings: DraftFinding[]): DraftFinding[] {
  const best = new Map<string, DraftFinding>();
  for (const f of findings) {
    const key = `${f.ruleId}|${f.spans.map((s) => `${s.article}:${s.field ?? ''}:${s.start}:${s.end}`).join(',')}`;
    const prev = best.get(key);
    if (!prev || prev.salience < f.salience) best.set(key, f);
  }
  const unique = [...best.values()];
  const wording = unique
    .filter((f) => WORDING_RULES.includes(f.ruleId))
    .sort((x, y) => WORDING_RULES.indexOf(x.ruleId) - WORDING_RULES.indexOf(y.ruleId) || y.salience - x.salience);
  const kept: DraftFinding[] = [];
  // Kept spans bucketed by place (article, field, 64-character cell), so each overlap test looks
  // only at spans nearby: comparing every finding with every kept one was quadratic.
  const CELL = 64;
  const buckets = new Map<string, { span: FindingSpan; owner: DraftFinding }[]>();
  const cellKeys = (s: FindingSpan): string[] => {
    const keys: string[] = [];
    for (let c = Math.floor(s.start / CELL); c <= Math.floor(Math.max(s.start, s.end - 1) / CELL); c++) keys.push(`${s.article}|${s.field ?? ''}|${c}`);
    return keys;
  };
  const overlapping = (s: FindingSpan): DraftFinding[] => {
    const owners: DraftFinding[] = [];
    for (const key of cellKeys(s)) {
      for (const e of buckets.get(key) ?? []) {
        if (e.span.start < s.end && s.start < e.span.end && !owners.includes(e.owner)) owners.push(e.owner);
      }
    }
    return owners;
  };
  for (const f of wording) {
    const perSpan = f.spans.map(overlapping);
    if (!perSpan.every((owners) => owners.length > 0)) {
      const copy = { ...f };
      kept.push(copy);
      for (const span of copy.spans) {
        for (const key of cellKeys(span)) {
          let list = buckets.get(key);
          if (!list) buckets.set(key, (list = []));
          list.push({ span, owner: copy });
        }
      }
      continue;
    }
    // The more specific finding takes over the salience of what it absorbs.
    const covering = new Set(perSpan.flat());
    for (const k of covering) k.salience = Math.max(k.salience, f.salience);
  }
  return [...unique.filter((f) => !WORDING_RULES.includes(f.ruleId)), ...kept];
}

/** Deterministic order: salience x confidence, then salience, then rule order, then first span. */
function rank(findings: Array<DraftFinding & { confidence: number }>, articleOrder: Map<string, number>): Array<DraftFinding & { confidence: number }> {
  const ruleOrder = new Map(RULES.map((r, i) => [r.id, i]));
  return findings.sort((x, y) => {
    const wx = Math.round(x.salience * x.confidence * 1e6);
    const wy = Math.round(y.salience * y.confidence * 1e6);
    if (wy !== wx) return wy - wx;
    if (y.salience !== x.salience) return y.salience - x.salience;
    const rx = ruleOrder.get(x.ruleId) ?? 99;
    const ry = ruleOrder.get(y.ruleId) ?? 99;
    if (rx !== ry) return rx - ry;
    const sx = x.spans[0];
    const sy = y.spans[0];
    if (!sx || !sy) return 0;
    return (articleOrder.get(sx.article) ?? 0) - (articleOrder.get(sy.article) ?? 0) || sx.start - sy.start || sx.end - sy.end;
  });
}

/**
 * Runs the framing rules over an aligned comparison: findings (de-duplicated, ranked by salience,
 * numbered), the review list (the top differences, at most REVIEW_PER_RULE per rule) and the
 * per-outlet summaries.
 */
export function analyzeFraming(ctx: FramingContext): { findings: Finding[]; review: ReviewItem[]; summary: { outlets: OutletSummary[] } } {
  const { disabledRules, minSalience, maxFindings, reviewSize, minReviewWeight } = ctx.options.framing;
  const drafts: DraftFinding[] = [];
  for (const rule of RULES) {
    if (isDisabled(rule.id, disabledRules)) continue;
    drafts.push(...rule.run(ctx));
  }
  const articleOrder = new Map(ctx.articles.map((a, i) => [a.article.id, i]));
  const scores = pairScores(ctx);
  const ranked = rank(
    dedupe(drafts.filter((f) => f.salience >= minSalience)).map((f) => ({ ...f, confidence: roundConfidence((f.confidence ?? RULE_CONFIDENCE[f.ruleId] ?? DEFAULT_CONFIDENCE) * alignmentFactor(ctx, scores, f)) })),
    articleOrder,
  ).slice(0, maxFindings);
  const counters = new Map<string, number>();
  const typed = ranked.map((f) => ({ ruleId: f.ruleId, evidence: typedEvidence(f) }));
  const byId = new Map(ctx.articles.map((a) => [a.article.id, a.article]));
  const keys = findingKeys(typed, (article, field) => {
    const a = byId.get(article);
    return (field === 'title' ? a?.title : a?.text) ?? '';
  });
  const findings: Finding[] = ranked.map((f, i) => {
    const n = (counters.get(f.ruleId) ?? 0) + 1;
    counters.set(f.ruleId, n);
    return { id: `${f.ruleId}#${n}`, key: keys[i]!, ...f, evidence: typed[i]!.evidence };
  });

  const review: ReviewItem[] = [];
  const perRule = new Map<string, number>();
  // The same wording flagged again elsewhere in the same article is one review entry.
  const reviewed = new Set<string>();
  for (const f of findings) {
    if (review.length >= reviewSize) break;
    if (f.salience * f.confidence < minReviewWeight) continue;
    const used = perRule.get(f.ruleId) ?? 0;
    if (used >= REVIEW_PER_RULE) continue;
    const sameKey = `${f.ruleId}|${f.spans[0]?.article}|${(f.actual ?? f.reason).toLowerCase()}`;
    if (reviewed.has(sameKey)) continue;
    reviewed.add(sameKey);
    perRule.set(f.ruleId, used + 1);
    review.push({
      rank: review.length + 1,
      ruleId: f.ruleId,
      title: REVIEW_TITLES[f.ruleId] ?? f.ruleId,
      reason: f.reason,
      salience: f.salience,
      confidence: f.confidence,
      findings: [f.id],
      articles: [...new Set(f.spans.map((s) => s.article))],
    });
  }

  const outlets: OutletSummary[] = ctx.articles.map((a, ai) => {
    const attribution: Record<string, number> = {};
    for (const t of a.tokens) {
      const cat = ATTRIBUTION.get(t.form);
      if (cat) attribution[cat] = (attribution[cat] ?? 0) + 1;
    }
    return {
      article: a.article.id,
      outlet: a.article.outlet,
      voices: ctx.voices[ai]!,
      frames: frameProfile(ctx, ai),
      loadedTerms: findings.filter((f) => f.ruleId === 'framing/loaded' && f.spans[0]?.article === a.article.id).length,
      omissions: findings.filter((f) => f.ruleId === 'coverage/omission' && ((f.data?.['missing'] as string[] | undefined) ?? []).includes(a.article.id)).length,
      attribution: Object.fromEntries(Object.entries(attribution).sort(([x], [y]) => (x < y ? -1 : 1))),
    };
  });
  return { findings, review, summary: { outlets } };
}
