/**
 * The pair view: two articles in a classic two-column diff. Both columns sit in one scroll
 * container, row by row, so they always scroll together and linked passages stay side by side.
 */
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { ComparisonModel, Evidence } from '../model/comparison.ts';
import { outletName, pairRows } from '../model/comparison.ts';
import { pairedHighlighter, Passage } from './highlighted.tsx';

export function PairView(props: { model: ComparisonModel; a: string; b: string; onPick: (a: string, b: string) => void; evidence: Evidence }) {
  const { model, a, b, evidence } = props;
  const rows = useMemo(() => pairRows(model, a, b), [model, a, b]);
  const A = model.byId.get(a);
  const B = model.byId.get(b);
  const linked = rows.filter((r) => r.diffs.length > 0).length;
  const scroller = useRef<HTMLDivElement>(null);
  useEffect(() => pairedHighlighter(scroller.current), []);
  return (
    <section aria-label="Pair view">
      <div class="pair-pick no-print">
        <label>
          Left{' '}
          <select value={a} onChange={(e) => props.onPick((e.target as HTMLSelectElement).value, b)}>
            {model.articles.map((x) => <option key={x.id} value={x.id} disabled={x.id === b}>{outletName(x)}</option>)}
          </select>
        </label>
        <label>
          Right{' '}
          <select value={b} onChange={(e) => props.onPick(a, (e.target as HTMLSelectElement).value)}>
            {model.articles.map((x) => <option key={x.id} value={x.id} disabled={x.id === a}>{outletName(x)}</option>)}
          </select>
        </label>
        <button type="button" onClick={() => props.onPick(b, a)}>Swap</button>
        <span class="muted">{linked} linked passages</span>
      </div>
      <div class="pair-scroll" tabIndex={0} aria-label={`${outletName(A)} beside ${outletName(B)}`} ref={scroller}>
        <div class="pair-grid" role="table">
          <div class="grid-row head" role="row">
            <div class="cell head" role="columnheader"><strong>{outletName(A)}</strong> <span class="title">{A?.title}</span></div>
            <div class="cell head" role="columnheader"><strong>{outletName(B)}</strong> <span class="title">{B?.title}</span></div>
          </div>
          {rows.map((r, i) => (
            <div class="grid-row" role="row" key={i} data-similarity={r.diffs.length ? Math.max(...r.diffs.map((d) => d.similarity)).toFixed(2) : undefined} data-pair-a={r.a.join(' ')} data-pair-b={r.b.join(' ')}>
              <div class={`cell${r.a.length === 0 ? ' gap' : ''}`} role="cell">
                {r.a.length > 0 ? (
                  r.a.map((p) => <p key={p}><Passage model={model} article={a} paragraph={p} evidence={evidence.spans.get(a)} only={r.diffs} /></p>)
                ) : <span>not in {outletName(A)}</span>}
              </div>
              <div class={`cell${r.b.length === 0 ? ' gap' : ''}`} role="cell">
                {r.b.length > 0 ? (
                  r.b.map((q) => <p key={q}><Passage model={model} article={b} paragraph={q} evidence={evidence.spans.get(b)} only={r.diffs} /></p>)
                ) : <span>not in {outletName(B)}</span>}
              </div>
            </div>
          ))}
        </div>
      </div>
    </section>
  );
}
