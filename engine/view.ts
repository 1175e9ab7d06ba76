import type { Comparison, ComparisonView, ViewChange } from './types.ts';

/**
 * The comparison as the browser UI needs it (`?view=ui`): the UI shows paragraphs, so the
 * sentence-level diffs and the link lists are left out (rows and paragraph diffs carry what it
 * draws), and each change keeps only its kind and spans (its text is the article's text there).
 * On 12 articles x 3,000 words it is about a quarter of the full JSON.
 */
export function comparisonView(c: Comparison): ComparisonView {
  const { alignment, diffs, ...rest } = c;
  return {
    ...rest,
    alignment: { rows: alignment.rows },
    diffs: diffs
      .filter((d) => d.level === 'paragraph')
      .map((d) => ({
        ...d,
        changes: d.changes.map((ch): ViewChange => ({
          added: ch.added,
          removed: ch.removed,
          ...(ch.a ? { a: ch.a } : {}),
          ...(ch.b ? { b: ch.b } : {}),
          ...(ch.pair !== undefined ? { pair: ch.pair } : {}),
          ...(ch.class && ch.class !== 'wording' ? { class: ch.class } : {}),
        })),
      })),
  };
}
