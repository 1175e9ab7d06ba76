import { tokenize } from '../../text/tokenize.ts';
import { connotationLexicon, connotations } from '../connotation.ts';
import { listNames, outletName, roundSalience, type DraftFinding, type FramingContext, type FramingRule } from '../context.ts';

/** Salience of loaded headline wording, times the term's weight. */
const HEADLINE_SALIENCE = 0.8;

/**
 * `framing/headline`: loaded wording in a headline that the other outlets' headlines do not use.
 * Spans point into the title (`field: "title"`). Headline words the body never uses were tried
 * as "claims the body does not support" and dropped: headlines use their own vocabulary by
 * nature ("rift", "clears", "sails"), so nearly every headline word was flagged.
 */
export const headlineRule: FramingRule = {
  id: 'framing/headline',
  run(ctx: FramingContext): DraftFinding[] {
    const lex = connotationLexicon(ctx.options);
    const out: DraftFinding[] = [];
    ctx.articles.forEach((a) => {
      const title = a.article.title;
      if (!title) return;
      const tokens = tokenize(title);
      // Loaded wording in the headline.
      for (const m of connotations(lex, tokens, 0, tokens.length, ctx.options)) {
        const start = tokens[m.from]!.start;
        const end = tokens[m.to - 1]!.end;
        const actual = title.slice(start, end);
        const others = ctx.articles.filter((o) => o !== a && o.article.title && !o.article.title.toLowerCase().includes(actual.toLowerCase()));
        if (others.length === 0) continue;
        out.push({
          ruleId: 'framing/headline',
          severity: 'notice',
          salience: roundSalience(HEADLINE_SALIENCE * m.weight),
          reason: `${outletName(a)}'s headline uses loaded wording, "${actual}", which ${listNames(others.map(outletName))}'s ${others.length === 1 ? 'headline does' : 'headlines do'} not.`,
          spans: [{ article: a.article.id, start, end, field: 'title' }],
          actual,
          counterpart: others.map((o) => o.article.title!),
          data: { kind: 'loaded', category: m.category },
        });
      }
    });
    return out;
  },
};
