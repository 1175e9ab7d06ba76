/** A passage's text with its highlight segments: marks carry underline styles and text, not colour alone. */
import { Component } from 'preact';
import type { ViewDiff } from '../types.ts';
import type { ComparisonModel, Segment } from '../model/comparison.ts';
import { cellSegments, MIN_MARK_SIMILARITY, outletName, reworded } from '../model/comparison.ts';
import { escapeHtml } from '../../../engine/text/escape.ts';

/** Visible legend text for each mark kind (also read by screen readers). */
export const MARK_LABELS = {
  diff: 'wording only this outlet uses in this passage',
  sub: 'substitution: other outlets use different words here',
  style: 'differs only in case, quotes or punctuation',
  evidence: 'evidence of the selected finding',
} as const;


/**
 * A passage's segments as HTML: its text, every piece escaped, with the marks around it. Written
 * as one string rather than as components because a large comparison has tens of thousands of
 * marks: the browser's parser builds them several times faster than a virtual-DOM diff, and the
 * marks carry no handlers of their own (the view listens once, delegated).
 */
export function segmentsHtml(model: ComparisonModel, article: string, segments: readonly Segment[]): string {
  const text = model.byId.get(article)?.text ?? '';
  const a = escapeHtml(article);
  let out = '';
  for (const s of segments) {
    const t = escapeHtml(text.slice(s.start, s.end));
    let inner = t;
    if (s.kind === 'diff' && s.counterparts.length > 0) {
      const others = escapeHtml(s.counterparts.map((c) => `${outletName(model.byId.get(c.article), c.article)}: “${c.text}”`).join('; '));
      const refs = escapeHtml(s.counterparts.map((c) => `${c.article}:${c.start}-${c.end}`).join(' '));
      inner = `<mark class="hl sub" tabindex="0" data-diff="sub" data-article="${a}" data-start="${s.start}" data-end="${s.end}" data-counterparts="${refs}">${t}`
        + `<span class="tip" role="tooltip"> (instead, ${others})</span></mark>`;
    } else if (s.kind === 'diff') {
      inner = `<mark class="hl diff" data-diff="diff" data-article="${a}" data-start="${s.start}" data-end="${s.end}">${t}</mark>`;
    } else if (s.kind === 'style') {
      inner = `<span class="hl style" data-diff="style">${t}</span>`;
    }
    out += s.evidence ? `<mark class="ev" data-evidence="1">${inner}</mark>` : inner;
  }
  return out;
}

/** The legend for the marks, shown above the views. */
export function Legend() {
  return (
    <p class="legend" aria-label="Legend">
      <span><mark class="hl diff">dotted</mark>{' '}{MARK_LABELS.diff}</span>
      <span><mark class="hl sub">solid</mark>{' '}{MARK_LABELS.sub} (hover or focus to see theirs)</span>
      <span><span class="hl style">wavy</span>{' '}{MARK_LABELS.style}</span>
      <span><mark class="ev">boxed</mark>{' '}{MARK_LABELS.evidence}</span>
    </p>
  );
}

interface PassageProps {
  model: ComparisonModel;
  article: string;
  paragraph: number;
  /** The selected finding's spans in this article (all of them; the passage keeps those inside it). */
  evidence: readonly { start: number; end: number }[] | undefined;
  /** The pair view's diffs, when only one pair of articles counts (`null`: the paragraph has no counterpart). */
  only?: ViewDiff | readonly ViewDiff[] | null;
  /** Text only, for now: the aligned view marks a row's words when it comes near the window (see `AlignedView`). */
  plain?: boolean;
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
    return next.model !== p.model || next.article !== p.article || next.paragraph !== p.paragraph || next.only !== p.only || next.plain !== p.plain || this.evidenceKey(next) !== this.evidenceKey(p);
  }

  override render(props: PassageProps) {
    // A passage reworded against its counterparts says so, with no word marks: marks of a diff
    // that shares little would be noise, and no marks at all would read as the same wording.
    const own = props.only ? (Array.isArray(props.only) ? props.only : [props.only as ViewDiff]).filter((d) => (d.a.article === props.article && d.a.index === props.paragraph) || (d.b.article === props.article && d.b.index === props.paragraph)) : [];
    const isReworded = props.only ? own.length > 0 && own.every((d) => d.status === 'rewritten' || d.similarity < MIN_MARK_SIMILARITY) : props.only === undefined && reworded(props.model, props.article, props.paragraph);
    if (props.plain) {
      const a = props.model.byId.get(props.article);
      const para = a?.paragraphs[props.paragraph];
      return (
        <>
          {isReworded && <span class="reworded">reworded: little wording in common</span>}
          <span class="passage">{a && para ? a.text.slice(para.start, para.end) : ''}</span>
        </>
      );
    }
    const segments = cellSegments(props.model, props.article, props.paragraph, props.evidence, isReworded ? null : props.only);
    return (
      <>
        {isReworded && <span class="reworded">reworded: little wording in common</span>}
        <span class="passage" dangerouslySetInnerHTML={{ __html: segmentsHtml(props.model, props.article, segments) }} />
      </>
    );
  }
}

/** Gap kept between a tooltip and the window's edges, in pixels. */
const TIP_MARGIN = 8;

/** The one floating tooltip of the page (a copy of the mark's own, which screen readers read). */
let floating: HTMLDivElement | null = null;

/**
 * Shows a substitution's tooltip in a box on the page's top layer, below its words (above when
 * there is no room) and inside the window: no column, scroll box or containment clips it, and it
 * never runs off the last column's edge.
 */
function showTip(mark: Element): void {
  const text = mark.querySelector('.tip')?.textContent ?? '';
  if (!text) return;
  if (!floating || !floating.isConnected) {
    floating = document.createElement('div');
    floating.className = 'floating-tip';
    floating.setAttribute('aria-hidden', 'true');
    document.body.appendChild(floating);
  }
  const tip = floating;
  tip.textContent = text.replace(/^\s*\(instead,\s*|\)\s*$/g, '');
  tip.style.display = 'block';
  tip.style.left = '0px';
  tip.style.top = '0px';
  const r = mark.getBoundingClientRect();
  const w = tip.offsetWidth;
  const h = tip.offsetHeight;
  const left = Math.max(TIP_MARGIN, Math.min(r.left, window.innerWidth - w - TIP_MARGIN));
  const below = r.bottom + 4;
  const top = below + h + TIP_MARGIN <= window.innerHeight ? below : Math.max(TIP_MARGIN, r.top - h - 4);
  tip.style.left = `${Math.round(left)}px`;
  tip.style.top = `${Math.round(top)}px`;
}

function hideTip(): void {
  if (floating) floating.style.display = 'none';
}

/**
 * While a substitution has the pointer or the focus, the counterpart wording in the other
 * columns is marked too (`.paired`), so the two sides of "invasion" / "war" light up together.
 * One delegated listener for a whole view.
 */
export function pairedHighlighter(root: HTMLElement | null): () => void {
  if (!root) return () => undefined;
  let lit: Element[] = [];
  /** The substitution whose tooltip shows. */
  let current: Element | null = null;
  const clear = (): void => {
    for (const el of lit) el.classList.remove('paired');
    lit = [];
    current = null;
    hideTip();
  };
  // A box placed for the words where they were: it follows them when they scroll.
  const follow = (): void => {
    if (current?.isConnected) showTip(current);
  };
  const light = (e: Event): void => {
    const mark = (e.target as Element | null)?.closest?.('mark.hl.sub');
    // The pointer passing over other words leaves a focused substitution's tooltip up.
    if (!mark && current !== null && current === document.activeElement) return;
    clear();
    if (!mark) return;
    current = mark;
    showTip(mark);
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
  root.addEventListener('focusout', clear);
  root.addEventListener('mouseleave', clear);
  root.addEventListener('scroll', follow, true);
  return () => {
    root.removeEventListener('mouseover', light);
    root.removeEventListener('focusin', light);
    root.removeEventListener('focusout', clear);
    root.removeEventListener('mouseleave', clear);
    root.removeEventListener('scroll', follow, true);
    clear();
  };
}
