/**
 * The review panel: the event's top framing differences, then every finding, filterable by
 * family, outlet and severity. Selecting one highlights its evidence in every column.
 */
import type { ComparisonModel } from '../model/comparison.ts';
import { articlesOf, familyOf, outletName } from '../model/comparison.ts';
import { useEffect, useState } from 'preact/hooks';
import type { Finding, ReviewMark, Severity } from '../types.ts';

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

/** The reviewer's side of the panel: the marks by finding key, and how to change them (absent without the edit token). */
export interface Marking {
  marks: Map<string, ReviewMark>;
  /** Marks whose finding the comparison no longer makes (after an edit), kept and listed. */
  stale: ReviewMark[];
  showDismissed: boolean;
  onShowDismissed: (show: boolean) => void;
  /** Sets (or, with null, clears) a finding's mark; rejects with a readable message. */
  onMark: (f: Finding, status: ReviewMark['status'] | null, note: string) => Promise<void>;
  /** The last save's failure, shown by the finding. */
  error: string;
}

/** The findings a reviewer still has to look at: dismissed ones drop out unless asked for. */
export function undismissed(findings: readonly Finding[], marks: ReadonlyMap<string, ReviewMark> | undefined, showDismissed: boolean): Finding[] {
  if (!marks || showDismissed) return [...findings];
  return findings.filter((f) => marks.get(f.key)?.status !== 'dismissed');
}

const MARK_LABEL: Record<ReviewMark['status'], string> = { confirmed: '✓ Confirmed', dismissed: '✕ Dismissed' };

/** Confirm / dismiss buttons and a note for the selected finding. */
function MarkControls(props: { finding: Finding; mark: ReviewMark | undefined; marking: Marking }) {
  const { finding, mark, marking } = props;
  const [note, setNote] = useState(mark?.note ?? '');
  const [busy, setBusy] = useState(false);
  useEffect(() => setNote(mark?.note ?? ''), [finding.key, mark?.note]);
  const act = async (status: ReviewMark['status'] | null): Promise<void> => {
    setBusy(true);
    try {
      await marking.onMark(finding, status, status ? note : '');
    } finally {
      setBusy(false);
    }
  };
  const noteId = `note-${cssId(finding.id)}`;
  return (
    <div class="mark-controls no-print" data-mark-controls={finding.key}>
      <div class="mark-buttons" role="group" aria-label="Review this finding">
        <button type="button" class="small" aria-pressed={mark?.status === 'confirmed'} disabled={busy} onClick={() => void act('confirmed')}>Confirm</button>
        <button type="button" class="small" aria-pressed={mark?.status === 'dismissed'} disabled={busy} onClick={() => void act('dismissed')}>Dismiss</button>
        {mark && <button type="button" class="small link" disabled={busy} onClick={() => void act(null)}>Clear mark</button>}
      </div>
      <label for={noteId} class="small">Note <span class="muted">(saved with Confirm or Dismiss)</span></label>
      <textarea id={noteId} rows={2} maxLength={2000} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
      {marking.error && <p class="error small" role="alert">{marking.error}</p>}
    </div>
  );
}

export function ReviewPanel(props: {
  model: ComparisonModel;
  filters: Filters;
  onFilters: (f: Filters) => void;
  visible: Finding[];
  selected: string | undefined;
  onSelect: (id: string) => void;
  marking?: Marking;
}) {
  const { model, filters, visible, marking } = props;
  const markOf = (f: Finding | undefined): ReviewMark | undefined => (f ? marking?.marks.get(f.key) : undefined);
  const byId = new Map(model.c.findings.map((f) => [f.id, f]));
  // A review entry whose findings were all dismissed is done with, unless dismissed ones are shown.
  const reviewEntries = model.c.review.filter((r) => !marking || marking.showDismissed || r.findings.some((id) => markOf(byId.get(id))?.status !== 'dismissed'));
  const dismissed = marking ? model.c.findings.filter((f) => markOf(f)?.status === 'dismissed').length : 0;
  const confirmed = marking ? model.c.findings.filter((f) => markOf(f)?.status === 'confirmed').length : 0;
  const families = [...new Set(model.c.findings.map((f) => familyOf(f.ruleId)))].sort();
  const set = (patch: Partial<Filters>) => props.onFilters({ ...filters, ...patch });
  return (
    <aside class="review" aria-label="Framing review">
      {reviewEntries.length > 0 && (
        <section aria-labelledby="top-diffs">
          <h2 id="top-diffs">Top framing differences</h2>
          <ol class="top-list">
            {reviewEntries.map((r) => (
              <li key={r.rank} value={r.rank}>
                <button type="button" class="link" onClick={() => r.findings[0] && props.onSelect(r.findings[0])} aria-pressed={r.findings.includes(props.selected ?? '')}>
                  <strong>{r.title}</strong>
                </button>
                {markOf(byId.get(r.findings[0] ?? '')) && <span class={`mark-badge ${markOf(byId.get(r.findings[0] ?? ''))!.status}`}> {MARK_LABEL[markOf(byId.get(r.findings[0] ?? ''))!.status]}</span>}
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
        {marking && (
          <p class="small review-progress no-print">
            <span data-review-progress="">{confirmed} confirmed, {dismissed} dismissed, {model.c.findings.length - confirmed - dismissed} to review</span>{' '}
            <label><input type="checkbox" checked={marking.showDismissed} onChange={(e) => marking.onShowDismissed((e.target as HTMLInputElement).checked)} /> Show dismissed ({dismissed})</label>
          </p>
        )}
        <p class="small muted no-print">Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous finding, <kbd>n</kbd>/<kbd>p</kbd> next/previous difference, <kbd>?</kbd> help.</p>
        <ul class="finding-list" aria-label="Findings">
          {visible.map((f) => {
            const selected = f.id === props.selected;
            const mark = markOf(f);
            return (
              <li key={f.id} id={`finding-${cssId(f.id)}`} class={`${selected ? 'selected' : ''}${mark ? ` marked-${mark.status}` : ''}`} data-key={f.key}>
                <button type="button" class="finding" aria-pressed={selected} onClick={() => props.onSelect(f.id)} data-finding={f.id}>
                  <span class={`sev ${f.severity}`}><span aria-hidden="true">{SEVERITY_ICON[f.severity]} </span>{f.severity}</span>
                  <span class="rule">{f.ruleId}</span>
                  <span class="reason">{f.reason}</span>
                  <span class="small muted confidence">{confidenceLabel(f.confidence)}</span>
                  {mark && <span class={`mark-badge ${mark.status}`} data-mark={mark.status}>{MARK_LABEL[mark.status]}{mark.note ? `: ${mark.note}` : ''}</span>}
                </button>
                {selected && marking && <MarkControls finding={f} mark={mark} marking={marking} />}
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
      {marking && marking.stale.length > 0 && (
        <section aria-labelledby="stale-marks">
          <h2 id="stale-marks">Marks on findings no longer made <span class="muted">({marking.stale.length})</span></h2>
          <p class="small muted">After an edit the comparison no longer makes these findings; the marks and notes are kept.</p>
          <ul class="stale-list">
            {marking.stale.map((m) => (
              <li key={m.key} class="small"><span class={`mark-badge ${m.status}`}>{MARK_LABEL[m.status]}</span> <span class="rule">{m.ruleId}</span>: {m.reason}{m.note ? <> <em>Note: {m.note}</em></> : null}</li>
            ))}
          </ul>
        </section>
      )}
    </aside>
  );
}

/** A finding id as a safe element id fragment (`framing/loaded#3` → `framing-loaded-3`). */
export const cssId = (id: string): string => id.replace(/[^A-Za-z0-9_-]/g, '-');
