/** A passage's text with its highlight segments: marks carry underline styles and text, not colour alone. */
import { Component } from 'preact';
import type { ViewDiff } from '../types.ts';
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
            <mark class="hl sub" tabIndex={0} data-diff="sub" data-article={props.article} data-start={s.start} data-end={s.end}
              data-counterparts={s.counterparts.map((c) => `${c.article}:${c.start}-${c.end}`).join(' ')}>
              {t}
              <span class="tip" role="tooltip">
                <span class="visually-hidden"> (instead, </span>
                {others}
                <span class="visually-hidden">)</span>
              </span>
            </mark>
          );
        } else if (s.kind === 'diff') {
          inner = <mark class="hl diff" data-diff="diff" data-article={props.article} data-start={s.start} data-end={s.end}>{t}</mark>;
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
  only?: ViewDiff | null;
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

/**
 * While a substitution has the pointer or the focus, the counterpart wording in the other
 * columns is marked too (`.paired`), so the two sides of "invasion" / "war" light up together.
 * One delegated listener for a whole view.
 */
export function pairedHighlighter(root: HTMLElement | null): () => void {
  if (!root) return () => undefined;
  let lit: Element[] = [];
  const clear = (): void => {
    for (const el of lit) el.classList.remove('paired');
    lit = [];
  };
  const light = (e: Event): void => {
    const mark = (e.target as Element | null)?.closest?.('mark.hl.sub');
    clear();
    if (!mark) return;
    const wanted = (mark.getAttribute('data-counterparts') ?? '').split(' ').filter(Boolean).map((k) => {
      const [article, range] = [k.slice(0, k.lastIndexOf(':')), k.slice(k.lastIndexOf(':') + 1)];
      const [start, end] = range.split('-').map(Number);
      return { article, start: start ?? 0, end: end ?? 0 };
    });
    for (const w of wanted) {
      for (const el of root.querySelectorAll(`mark.hl[data-article="${CSS.escape(w.article)}"]`)) {
        const s = Number(el.getAttribute('data-start'));
        const en = Number(el.getAttribute('data-end'));
        if (s < w.end && en > w.start) {
          el.classList.add('paired');
          lit.push(el);
        }
      }
    }
  };
  root.addEventListener('mouseover', light);
  root.addEventListener('focusin', light);
  root.addEventListener('mouseleave', clear);
  return () => {
    root.removeEventListener('mouseover', light);
    root.removeEventListener('focusin', light);
    root.removeEventListener('mouseleave', clear);
    clear();
  };
}
