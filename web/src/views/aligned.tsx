/**
 * The aligned view: one column per article, one row per alignment row, in reading order; a gap
 * where an outlet lacks a passage. Or each article in its own order. Rows whose wording is
 * near-identical can be collapsed.
 */
import { Component } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ComparisonModel, Evidence, OrderedRow } from '../model/comparison.ts';
import { headlineRuns, outletName } from '../model/comparison.ts';
import { pairedHighlighter, Passage } from './highlighted.tsx';

/** Rows at or above this similarity count as near-identical. */
export const NEAR_IDENTICAL = 0.9;

/**
 * Word marks are drawn for the rows near the window (this far beyond the grid's visible part, in
 * pixels) and, in idle time, for the others, `IDLE_ROWS` rows at a time: until then a row shows
 * its text unmarked (still readable and searchable). Drawing every mark of a large comparison up
 * front costs most of its opening time.
 */
const MARK_MARGIN_PX = 600;
/** Rows marked in the first pass, before the observer has seen where the window is. */
const FIRST_MARKED = 6;
const IDLE_ROWS = 2;

function ColumnHeaders(props: { model: ComparisonModel; evidence: Evidence }) {
  // The headline strip: every outlet's headline in its column, its own words marked.
  const runs = useMemo(() => headlineRuns(props.model), [props.model]);
  return (
    <div class="grid-row head" role="row">
      {props.model.articles.map((a) => {
        const titleEv = props.evidence.titleSpans.get(a.id);
        return (
          <div class="cell head" role="columnheader" key={a.id}>
            <strong class="outlet">{outletName(a)}</strong>
            {a.title && (
              <span class={`title${titleEv ? ' ev' : ''}`} data-evidence={titleEv ? '1' : undefined}>
                {(runs.get(a.id) ?? []).map((r, i) => (r.own ? <mark key={i} class="hl diff headline-own">{r.text}</mark> : <span key={i}>{r.text}</span>))}
              </span>
            )}
            {a.published && <span class="date muted">{a.published.slice(0, 10)}</span>}
          </div>
        );
      })}
    </div>
  );
}

export function AlignedView(props: {
  model: ComparisonModel;
  rows: OrderedRow[];
  ownOrder: boolean;
  collapseSimilar: boolean;
  expanded: ReadonlySet<number>;
  onExpand: (row: number) => void;
  evidence: Evidence;
}) {
  const { model, evidence } = props;
  const cols = model.articles.length;
  const style = { '--cols': String(cols) } as Record<string, string>;
  const evidenceRows = useMemo(() => new Set(evidence.rows), [evidence]);
  const gridRef = useRef<HTMLDivElement>(null);
  // Rows (by alignment index) whose words are marked; grows, never shrinks.
  const [marked, setMarked] = useState<ReadonlySet<number>>(() => new Set(props.rows.slice(0, FIRST_MARKED).map((r) => r.index)));
  const markedRef = useRef(marked);
  markedRef.current = marked;
  const markRows = (rows: readonly number[]): void => {
    const add = rows.filter((r) => !markedRef.current.has(r));
    if (add.length === 0) return;
    const next = new Set(markedRef.current);
    for (const r of add) next.add(r);
    markedRef.current = next;
    setMarked(next);
  };
  // Rows coming near the visible part of the grid get their marks.
  useEffect(() => {
    const grid = gridRef.current;
    if (!grid || props.ownOrder || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => {
      markRows(entries.filter((e) => e.isIntersecting).map((e) => Number((e.target as HTMLElement).dataset['row'])));
    }, { root: grid, rootMargin: `${MARK_MARGIN_PX}px 0px` });
    for (const el of grid.querySelectorAll<HTMLElement>('.grid-row[data-row]')) if (!markedRef.current.has(Number(el.dataset['row']))) io.observe(el);
    return () => io.disconnect();
  }, [props.rows, props.ownOrder]);
  // The others in idle time, a few rows a turn, in display order.
  useEffect(() => {
    if (props.ownOrder) return;
    let handle = 0;
    // Idle time only (no deadline): a click or a key never waits behind this work.
    const idle = (cb: () => void): number => (typeof requestIdleCallback === 'function' ? requestIdleCallback(cb) : window.setTimeout(cb, 50));
    const step = (): void => {
      const next = props.rows.filter((r) => !markedRef.current.has(r.index)).slice(0, IDLE_ROWS).map((r) => r.index);
      if (next.length === 0) return;
      markRows(next);
      handle = idle(step);
    };
    handle = idle(step);
    return () => (typeof cancelIdleCallback === 'function' ? cancelIdleCallback(handle) : clearTimeout(handle));
  }, [props.rows, props.ownOrder]);
  // Stepping through differences (n/p) needs every mark: draw them all at once.
  useEffect(() => {
    const all = (): void => markRows(props.rows.map((r) => r.index));
    addEventListener('parallax:all-marks', all);
    return () => removeEventListener('parallax:all-marks', all);
  }, [props.rows]);
  useEffect(() => pairedHighlighter(gridRef.current), [props.ownOrder]);
  useEffect(() => {
    // A mark for the UI benchmark (performance.getEntriesByName): every row is on the page. All
    // rows go in one pass (text only, far rows unmarked): one style and layout pass costs less
    // than two, and off-screen cells skip layout (content-visibility).
    performance.mark('parallax:all-rows');
  }, [props.rows.length]);

  if (props.ownOrder) {
    return (
      <div class="grid own" role="table" aria-label="Each article in its own order" style={style} ref={gridRef}>
        <ColumnHeaders model={model} evidence={evidence} />
        <div class="grid-row" role="row">
          {model.articles.map((a) => (
            <div class="cell" role="cell" key={a.id}>
              {a.paragraphs.map((_, p) => {
                const row = model.rowOf.get(`${a.id}:${p}`);
                return (
                  <p key={p} id={`own-${a.id}-${p}`} data-row={row}>
                    <Passage model={model} article={a.id} paragraph={p} evidence={evidence.spans.get(a.id)} />
                  </p>
                );
              })}
            </div>
          ))}
        </div>
      </div>
    );
  }

  return (
    <div class="grid" role="table" aria-label="Aligned passages: one column per outlet" aria-rowcount={props.rows.length + 1} style={style} ref={gridRef}
      data-all-marked={props.rows.every((r) => marked.has(r.index)) ? '1' : '0'}>
      <ColumnHeaders model={model} evidence={evidence} />
      {props.rows.map(({ index, row, similarity }, n) => {
        const collapsed = props.collapseSimilar && similarity !== null && similarity >= NEAR_IDENTICAL && row.missing.length === 0 && !props.expanded.has(index) && !evidenceRows.has(index);
        if (collapsed) {
          return (
            <div class="grid-row collapsed" role="row" id={`row-${index}`} key={index} aria-rowindex={n + 2}>
              <div class="cell span-all" role="cell">
                <button type="button" class="link" onClick={() => props.onExpand(index)}>
                  Row {index + 1}: near-identical wording in all {cols} outlets ({Math.round(similarity * 100)}% shared) — show
                </button>
              </div>
            </div>
          );
        }
        const hasEvidence = evidenceRows.has(index);
        return <AlignedRow key={index} model={model} index={index} row={row} position={n + 2} hasEvidence={hasEvidence} evidence={evidence} plain={!marked.has(index) && !hasEvidence} />;
      })}
    </div>
  );
}

interface RowProps {
  model: ComparisonModel;
  index: number;
  row: OrderedRow['row'];
  position: number;
  hasEvidence: boolean;
  evidence: Evidence;
  plain: boolean;
}

/**
 * One aligned row. It re-renders only when its own props change: marking a few more rows (as they
 * come near the window) redraws those rows, not the whole grid. A new selection changes `evidence`
 * for every row; each passage then checks its own evidence and most skip.
 */
class AlignedRow extends Component<RowProps> {
  override shouldComponentUpdate(next: RowProps): boolean {
    const p = this.props;
    return next.model !== p.model || next.row !== p.row || next.position !== p.position || next.hasEvidence !== p.hasEvidence || next.evidence !== p.evidence || next.plain !== p.plain;
  }

  override render({ model, index, row, position, hasEvidence, evidence, plain }: RowProps) {
    return (
      <div class={`grid-row${hasEvidence ? ' has-evidence' : ''}`} role="row" id={`row-${index}`} aria-rowindex={position} data-row={index}>
        {model.articles.map((a) => {
          const member = row.members.find((x) => x.article === a.id);
          if (!member) {
            return (
              <div class="cell gap" role="cell" key={a.id}>
                <span aria-hidden="true">∅ </span>not in {outletName(a)}
              </div>
            );
          }
          return (
            <div class="cell" role="cell" key={a.id}>
              {member.paragraphs.map((p) => (
                <p key={p}>
                  <Passage model={model} article={a.id} paragraph={p} evidence={evidence.spans.get(a.id)} plain={plain} />
                </p>
              ))}
            </div>
          );
        })}
      </div>
    );
  }
}
