/**
 * The review panel: the event's top framing differences, then every finding, filterable by
 * family, outlet and severity. Selecting one highlights its evidence in every column.
 */
import type { ComparisonModel } from '../model/comparison.ts';
import { articlesOf, familyOf, outletName } from '../model/comparison.ts';
import type { Finding, Severity } from '../types.ts';

export interface Filters {
  family: string;
  outlet: string;
  severity: string;
}

export const SEVERITY_ICON: Record<Severity, string> = { warning: '▲', notice: '●', info: '○' };

/** How sure a finding is, in words and as a share: how far its evidence holds (the engine's `confidence`). */
export function confidenceLabel(confidence: number): string {
  const word = confidence >= 0.7 ? 'high' : confidence >= 0.45 ? 'medium' : 'low';
  return `${word} confidence (${Math.round(confidence * 100)}%)`;
}

/** The findings that pass the filters, in ranking order. */
export function filterFindings(findings: readonly Finding[], f: Filters): Finding[] {
  return findings.filter((x) =>
    (f.family === '' || familyOf(x.ruleId) === f.family)
    && (f.outlet === '' || articlesOf(x).includes(f.outlet))
    && (f.severity === '' || x.severity === f.severity));
}

export function ReviewPanel(props: {
  model: ComparisonModel;
  filters: Filters;
  onFilters: (f: Filters) => void;
  visible: Finding[];
  selected: string | undefined;
  onSelect: (id: string) => void;
}) {
  const { model, filters, visible } = props;
  const families = [...new Set(model.c.findings.map((f) => familyOf(f.ruleId)))].sort();
  const set = (patch: Partial<Filters>) => props.onFilters({ ...filters, ...patch });
  return (
    <aside class="review" aria-label="Framing review">
      {model.c.review.length > 0 && (
        <section aria-labelledby="top-diffs">
          <h2 id="top-diffs">Top framing differences</h2>
          <ol class="top-list">
            {model.c.review.map((r) => (
              <li key={r.rank}>
                <button type="button" class="link" onClick={() => r.findings[0] && props.onSelect(r.findings[0])} aria-pressed={r.findings.includes(props.selected ?? '')}>
                  <strong>{r.title}</strong>
                </button>
                <span class="small"> {r.reason}</span>
                <span class="small muted confidence"> {confidenceLabel(r.confidence)}</span>
              </li>
            ))}
          </ol>
        </section>
      )}
      <section aria-labelledby="all-findings">
        <h2 id="all-findings">Findings <span class="muted">({visible.length} of {model.c.findings.length})</span></h2>
        <div class="filters no-print">
          <label>Family <select value={filters.family} onChange={(e) => set({ family: (e.target as HTMLSelectElement).value })}>
            <option value="">all</option>
            {families.map((f) => <option key={f} value={f}>{f}</option>)}
          </select></label>
          <label>Outlet <select value={filters.outlet} onChange={(e) => set({ outlet: (e.target as HTMLSelectElement).value })}>
            <option value="">all</option>
            {model.articles.map((a) => <option key={a.id} value={a.id}>{outletName(a)}</option>)}
          </select></label>
          <label>Severity <select value={filters.severity} onChange={(e) => set({ severity: (e.target as HTMLSelectElement).value })}>
            <option value="">all</option>
            <option value="warning">warning</option>
            <option value="notice">notice</option>
            <option value="info">info</option>
          </select></label>
        </div>
        <p class="small muted no-print">Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous finding, <kbd>n</kbd>/<kbd>p</kbd> next/previous difference, <kbd>?</kbd> help.</p>
        <ul class="finding-list" aria-label="Findings">
          {visible.map((f) => {
            const selected = f.id === props.selected;
            return (
              <li key={f.id} id={`finding-${cssId(f.id)}`} class={selected ? 'selected' : ''}>
                <button type="button" class="finding" aria-pressed={selected} onClick={() => props.onSelect(f.id)} data-finding={f.id}>
                  <span class={`sev ${f.severity}`}><span aria-hidden="true">{SEVERITY_ICON[f.severity]} </span>{f.severity}</span>
                  <span class="rule">{f.ruleId}</span>
                  <span class="reason">{f.reason}</span>
                  <span class="small muted confidence">{confidenceLabel(f.confidence)}</span>
                </button>
                {selected && (
                  <ul class="evidence-list">
                    {f.spans.slice(0, 12).map((s, i) => {
                      const a = model.byId.get(s.article);
                      const src = s.field === 'title' ? a?.title ?? '' : a?.text ?? '';
                      return <li key={i}><strong>{outletName(a, s.article)}{s.field === 'title' ? ' (headline)' : ''}:</strong> “{src.slice(s.start, s.end).slice(0, 240)}”</li>;
                    })}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      </section>
    </aside>
  );
}

/** A finding id as a safe element id fragment (`framing/loaded#3` → `framing-loaded-3`). */
export const cssId = (id: string): string => id.replace(/[^A-Za-z0-9_-]/g, '-');
