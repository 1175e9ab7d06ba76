/**
 * The aligned view: one column per article, one row per alignment row, in reading order; a gap
 * where an outlet lacks a passage. Or each article in its own order. Rows whose wording is
 * near-identical can be collapsed.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ComparisonModel, Evidence, OrderedRow } from '../model/comparison.ts';
import { headlineRuns, outletName } from '../model/comparison.ts';
import { pairedHighlighter, Passage } from './highlighted.tsx';

/** Rows at or above this similarity count as near-identical. */
export const NEAR_IDENTICAL = 0.9;

/** Rows drawn in the first pass; the rest follow right after the first paint, so a large comparison shows at once. */
const FIRST_ROWS = 24;

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
  const [limit, setLimit] = useState(FIRST_ROWS);
  const gridRef = useRef<HTMLDivElement>(null);
  useEffect(() => pairedHighlighter(gridRef.current), [props.ownOrder]);
  useEffect(() => {
    if (limit >= props.rows.length) return;
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => setLimit(Number.POSITIVE_INFINITY), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [limit, props.rows.length]);

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
    <div class="grid" role="table" aria-label="Aligned passages: one column per outlet" aria-rowcount={props.rows.length + 1} style={style} ref={gridRef}>
      <ColumnHeaders model={model} evidence={evidence} />
      {props.rows.slice(0, evidence.rows.length > 0 ? props.rows.length : limit).map(({ index, row, similarity }, n) => {
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
        return (
          <div class={`grid-row${evidenceRows.has(index) ? ' has-evidence' : ''}`} role="row" id={`row-${index}`} key={index} aria-rowindex={n + 2} data-row={index}>
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
                      <Passage model={model} article={a.id} paragraph={p} evidence={evidence.spans.get(a.id)} />
                    </p>
                  ))}
                </div>
              );
            })}
          </div>
        );
      })}
    </div>
  );
}
