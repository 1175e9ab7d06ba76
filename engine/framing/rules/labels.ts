import contested from '../lexicons/contested-labels.json' with { type: 'json' };
import { compileLexicon, matchLexicon, type Lexicon } from '../lexicon.ts';
import { type DraftFinding, type FramingContext, type FramingRule, indexById, listNames, outletName, roundSalience, span, spanText } from '../context.ts';

/** Salience of an outlet avoiding a common name, plus a little per further outlet that uses it. */
const LABEL_SALIENCE = { base: 0.6, perMajorityOutlet: 0.05, max: 0.8 } as const;

/** Outlets that must use the majority name before avoiding it counts as a choice. */
const MIN_MAJORITY_OUTLETS = 2;

/** True when one label contains the other as whole words ("invasion" / "full-scale invasion"). */
function related(x: string, y: string): boolean {
  if (x === y) return true;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return new RegExp(`(^|[\\s-])${short.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[\\s-])`).test(long);
}

let shipped: Lexicon | undefined;

/** All contested-label groups as one lexicon (category = group name), minus the user's neutral terms. */
function labelsLexicon(neutral: readonly string[]): Lexicon {
  const build = () => compileLexicon(contested.groups.map((g) => ({ category: g.name, weight: 1, terms: g.terms })), neutral);
  if (neutral.length > 0) return build();
  shipped ??= build();
  return shipped;
}

/** Canonical form of a matched label, so "wars" counts as "war". */
function canonical(entry: string): string {
  return entry.replace(/\*$/, '');
}

/**
 * `framing/label`: how outlets name the same thing. For each group of contested names (war /
 * conflict / special military operation, regime / government, riot / protest...), the names
 * most outlets use are the common ones; an outlet that never uses a common name and uses names
 * few others use instead is reported, with every occurrence of its own names.
 */
export const labelRule: FramingRule = {
  id: 'framing/label',
  run(ctx: FramingContext): DraftFinding[] {
    const out: DraftFinding[] = [];
    if (ctx.articles.length < 3) return out;
    const lex = labelsLexicon(ctx.options.framing.neutralTerms);
    // Per article, per group: label -> spans of its occurrences (one pass over the tokens).
    const byGroup = ctx.articles.map((a) => {
      const groups = new Map<string, Map<string, Array<{ start: number; end: number }>>>();
      for (const hit of matchLexicon(lex, a.tokens, 0, a.tokens.length)) {
        const m = groups.get(hit.category) ?? new Map<string, Array<{ start: number; end: number }>>();
        const label = canonical(hit.term);
        const list = m.get(label) ?? [];
        list.push({ start: a.tokens[hit.from]!.start, end: a.tokens[hit.to - 1]!.end });
        m.set(label, list);
        groups.set(hit.category, m);
      }
      return groups;
    });
    for (const group of contested.groups) {
      const uses = byGroup.map((g) => g.get(group.name) ?? new Map<string, Array<{ start: number; end: number }>>());
      // Names most outlets use: by at least half of them, and at least MIN_MAJORITY_OUTLETS.
      const outletsUsing = new Map<string, number>();
      for (const m of uses) for (const label of m.keys()) outletsUsing.set(label, (outletsUsing.get(label) ?? 0) + 1);
      const need = Math.max(MIN_MAJORITY_OUTLETS, Math.ceil(ctx.articles.length / 2));
      const common = [...outletsUsing].filter(([, n]) => n >= need).map(([label]) => label).sort();
      if (common.length === 0) continue;
      ctx.articles.forEach((a, ai) => {
        const m = uses[ai]!;
        // "invasion" and "full-scale invasion" are one name, more or less qualified.
        const avoided = common
          .filter((label) => ![...m.keys()].some((own) => related(own, label)))
          // Name each avoided name once: "invasion" covers "full-scale invasion".
          .filter((label, _, all) => !all.some((other) => other !== label && other.length < label.length && related(other, label)));
        // Its own names: those few other outlets use. Without them there is no choice to show.
        const own = [...m].filter(([label]) => !common.includes(label)).sort((x, y) => y[1].length - x[1].length || (x[0] < y[0] ? -1 : 1));
        if (avoided.length === 0 || own.length === 0) return;
        const users = ctx.articles.filter((_, i) => avoided.some((label) => uses[i]!.has(label)));
        const spans = own.flatMap(([, s]) => s).sort((x, y) => x.start - y.start);
        const salience = roundSalience(Math.min(LABEL_SALIENCE.max, LABEL_SALIENCE.base + LABEL_SALIENCE.perMajorityOutlet * (users.length - MIN_MAJORITY_OUTLETS)));
        const ownText = own.map(([, sp]) => `"${spanText(a, sp[0]!.start, sp[0]!.end)}"${sp.length > 1 ? ` (${sp.length}x)` : ''}`).join(', ');
        const avoidedText = avoided.map((l) => `"${l}"`).join(' or ');
        out.push({
          ruleId: 'framing/label',
          severity: 'notice',
          salience,
          reason: `${outletName(a)} never writes ${avoidedText} (${group.name}), which ${listNames(users.map(outletName))} use; it writes ${ownText}.`,
          spans: spans.map((x) => span(a, x.start, x.end)),
          actual: spanText(a, spans[0]!.start, spans[0]!.end),
          counterpart: avoided,
          data: {
            group: group.name,
            avoided,
            labels: Object.fromEntries(own.map(([label, sp]) => [label, sp.length])),
            counterpartSpans: users.flatMap((u) => avoided.flatMap((label) => (uses[indexById(ctx, u.article.id)]!.get(label) ?? []).map((x) => span(u, x.start, x.end)))),
          },
        });
      });
    }
    return out;
  },
};
