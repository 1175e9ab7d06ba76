import { tokenize } from '../../text/tokenize.ts';
import { connotationLexicon, connotations } from '../connotation.ts';
import { figures } from './diff-rules.ts';
import { listNames, outletName, roundSalience, type DraftFinding, type FramingContext, type FramingRule } from '../context.ts';

/** Salience of loaded headline wording, times the term's weight. */
const HEADLINE_SALIENCE = 0.8;
/** Salience of a headline figure the body never gives: a checkable claim the body does not support. */
const UNSUPPORTED_FIGURE_SALIENCE = 0.8;

/** A year or a decade (1800-2100), as a headline writes it. */
const YEAR = /^(?:1[89]|20)\d\d(?:s|'s)?$/;

/**
 * Ordinals written out, as the body may give a headline's "5th" ("the Fifth Amendment"). Only
 * here: in sentence comparisons "first" and "second" are mostly not figures ("the first time").
 */
const ORDINAL_WORDS: Readonly<Record<string, number>> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19, twentieth: 20,
};

/**
 * `framing/headline`: loaded wording in a headline that the other outlets' headlines do not use,
 * and figures in a headline that the article's own body never gives (a claim the body does not
 * support). Spans point into the title (`field: "title"`). Headline *words* the body never uses
 * were tried as unsupported claims and dropped: headlines use their own vocabulary by nature
 * ("rift", "clears", "sails"), so nearly every headline word was flagged.
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
      // Words inside the headline's quotation marks are the speaker's ("Calls NYT Report
      // 'Outrageous Distortion'"), single quotes included: headlines quote with them.
      const quoted: Array<[number, number]> = [];
      for (const m of title.matchAll(/["\u201C\u2018']([^"\u201C\u201D\u2018\u2019]+?)["\u201D\u2019'](?![\p{L}])/gu)) quoted.push([m.index, m.index + m[0].length]);
      // Loaded wording in the headline.
      for (const m of connotations(lex, tokens, 0, tokens.length, ctx.options)) {
        const start = tokens[m.from]!.start;
        const end = tokens[m.to - 1]!.end;
        if (quoted.some(([qs, qe]) => qs < start && end < qe)) continue;
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
      // Figures in the headline that the article's body never gives.
      // The body's figures, made only for a headline that has a number (most have none).
      let bodyFigures: Set<string> | undefined;
      for (const t of tokens) {
        // A year dates the story ("Obama Medicare Attack In 2008"); it is no figure to check.
        if (t.kind !== 'number' || YEAR.test(t.form)) continue;
        const values = figures([t]);
        bodyFigures ??= new Set([...figures(a.tokens), ...a.tokens.flatMap((b) => (Object.hasOwn(ORDINAL_WORDS, b.form) ? [ORDINAL_WORDS[b.form]!] : []))].map(String));
        const known = bodyFigures;
        if (values.length === 0 || values.every((v) => known.has(String(v)))) continue;
        const actual = title.slice(t.start, t.end);
        out.push({
          ruleId: 'framing/headline',
          severity: 'warning',
          salience: roundSalience(UNSUPPORTED_FIGURE_SALIENCE),
          reason: `${outletName(a)}'s headline gives "${actual}", a figure its article never gives.`,
          spans: [{ article: a.article.id, start: t.start, end: t.end, field: 'title' }],
          actual,
          data: { kind: 'unsupported-figure', figures: values },
        });
      }
    });
    return out;
  },
};
