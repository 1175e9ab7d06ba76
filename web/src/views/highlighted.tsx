/** A passage's text with its highlight segments: marks carry underline styles and text, not colour alone. */
import { Component } from 'preact';
import type { PassageDiff } from '../types.ts';
import type { ComparisonModel, Segment } from '../model/comparison.ts';
import { cellSegments, outletName } from '../model/comparison.ts';

/** Visible legend text for each mark kind (also read by screen readers). */
export const MARK_LABELS = {
  diff: 'wording only this outlet uses in this passage',
  sub: 'substitution: other outlets use different words here',
  style: 'differs only in case, quotes or punctuation',
  evidence: 'evidence of the selected finding',
} as const;

export function Highlighted(props: { model: ComparisonModel; article: string; segments: Segment[] }) {
  const { model, segments } = props;
  const text = model.byId.get(props.article)?.text ?? '';
  return (
    <>
      {segments.map((s) => {
        const t = text.slice(s.start, s.end);
        let inner = <>{t}</>;
        if (s.kind === 'diff' && s.counterparts.length > 0) {
          const others = s.counterparts.map((c) => `${outletName(model.byId.get(c.article), c.article)}: “${c.text}”`).join('; ');
          inner = (
            <mark class="hl sub" tabIndex={0} data-diff="sub">
              {t}
              <span class="tip" role="tooltip">
                <span class="visually-hidden"> (instead, </span>
                {others}
                <span class="visually-hidden">)</span>
              </span>
            </mark>
          );
        } else if (s.kind === 'diff') {
          inner = <mark class="hl diff" data-diff="diff">{t}</mark>;
        } else if (s.kind === 'style') {
          inner = <span class="hl style" data-diff="style">{t}</span>;
        }
        return s.evidence ? <mark class="ev" data-evidence="1">{inner}</mark> : inner;
      })}
    </>
  );
}

/** The legend for the marks, shown above the views. */
export function Legend() {
  return (
    <p class="legend" aria-label="Legend">
      <span><mark class="hl diff">dotted</mark> {MARK_LABELS.diff}</span>
      <span><mark class="hl sub">solid</mark> {MARK_LABELS.sub} (hover or focus to see theirs)</span>
      <span><span class="hl style">wavy</span> {MARK_LABELS.style}</span>
      <span><mark class="ev">boxed</mark> {MARK_LABELS.evidence}</span>
    </p>
  );
}

interface PassageProps {
  model: ComparisonModel;
  article: string;
  paragraph: number;
  /** The selected finding's spans in this article (all of them; the passage keeps those inside it). */
  evidence: readonly { start: number; end: number }[] | undefined;
  /** The pair view's diff, when only one pair counts (`null`: the paragraph has no counterpart). */
  only?: PassageDiff | null;
}

/**
 * One paragraph, highlighted. It re-renders only when its own evidence changes, so stepping
 * through findings (j/k) redraws a handful of passages, not all of them.
 */
export class Passage extends Component<PassageProps> {
  private evidenceKey(props: PassageProps): string {
    const para = props.model.byId.get(props.article)?.paragraphs[props.paragraph];
    if (!para || !props.evidence) return '';
    return props.evidence.filter((e) => e.start < para.end && e.end > para.start).map((e) => `${e.start}-${e.end}`).join(',');
  }

  override shouldComponentUpdate(next: PassageProps): boolean {
    const p = this.props;
    return next.model !== p.model || next.article !== p.article || next.paragraph !== p.paragraph || next.only !== p.only || this.evidenceKey(next) !== this.evidenceKey(p);
  }

  override render(props: PassageProps) {
    const segments = cellSegments(props.model, props.article, props.paragraph, props.evidence, props.only);
    return <Highlighted model={props.model} article={props.article} segments={segments} />;
  }
}
