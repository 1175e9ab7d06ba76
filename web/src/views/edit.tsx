/**
 * Editing a saved comparison: the event title, each article's outlet name and text. Re-running
 * keeps the comparison's link, its token and the marks of findings that still exist.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { EditRequest } from '../api.ts';
import { errorMessage } from '../api.ts';
import type { Comparison, ComparisonArticle, ComparisonView } from '../types.ts';

interface Draft {
  id: string;
  outlet: string;
  text: string;
}

/** The request that re-runs `c` with the drafts: every article's metadata kept, its outlet and text replaced. */
export function editRequest(c: ComparisonView | Comparison, title: string, drafts: readonly Draft[]): EditRequest {
  const byId = new Map(c.articles.map((a) => [a.id, a]));
  return {
    ...(title.trim() ? { title: title.trim() } : {}),
    articles: drafts.map((d) => {
      const a = byId.get(d.id) as ComparisonArticle;
      return {
        id: a.id,
        ...(d.outlet.trim() ? { outlet: d.outlet.trim() } : {}),
        ...(a.title ? { title: a.title } : {}),
        ...(a.url ? { url: a.url } : {}),
        ...(a.published ? { published: a.published } : {}),
        ...(a.byline ? { byline: a.byline } : {}),
        ...(a.relatedSources.length ? { relatedSources: a.relatedSources } : {}),
        text: d.text,
      };
    }),
  };
}

export function EditDialog(props: { comparison: ComparisonView | Comparison; onClose: () => void; onRun: (body: EditRequest) => Promise<void> }) {
  const c = props.comparison;
  const [title, setTitle] = useState(c.title ?? '');
  const [drafts, setDrafts] = useState<Draft[]>(() => c.articles.map((a) => ({ id: a.id, outlet: a.outlet ?? '', text: a.text })));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const set = (i: number, patch: Partial<Draft>) => setDrafts((ds) => ds.map((d, k) => (k === i ? { ...d, ...patch } : d)));
  const run = async (e: Event): Promise<void> => {
    e.preventDefault();
    const empty = drafts.findIndex((d) => d.text.trim() === '');
    if (empty >= 0) {
      setError(`Article ${empty + 1} has no text; every article needs some.`);
      return;
    }
    setBusy(true);
    setError('');
    try {
      await props.onRun(editRequest(c, title, drafts));
    } catch (err) {
      setError(`The comparison could not be re-run: ${errorMessage(err)}`);
      setBusy(false);
    }
  };
  return (
    <div class="overlay" onClick={() => !busy && props.onClose()}>
      <div class="dialog edit-dialog" role="dialog" aria-modal="true" aria-labelledby="edit-h" tabIndex={-1} ref={ref}
        onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.key === 'Escape' && !busy && props.onClose()}>
        <h2 id="edit-h">Edit and re-run</h2>
        <p class="small muted">The comparison keeps its link. Marks stay on the findings that the new run still makes; the others are kept and listed apart.</p>
        <form onSubmit={run}>
          <label for="edit-title">Event title</label>
          <input id="edit-title" type="text" maxLength={300} value={title} placeholder="What happened (names the comparison)" onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
          {drafts.map((d, i) => {
            const a = c.articles[i]!;
            return (
              <fieldset key={d.id} class="edit-article">
                <legend>Article {i + 1}{a.title ? `: ${a.title}` : ''}</legend>
                <label for={`edit-outlet-${i}`}>Outlet name</label>
                <input id={`edit-outlet-${i}`} type="text" maxLength={500} value={d.outlet} placeholder={a.name} onInput={(e) => set(i, { outlet: (e.target as HTMLInputElement).value })} />
                <label for={`edit-text-${i}`}>Text <span class="muted">(paragraphs separated by a blank line)</span></label>
                <textarea id={`edit-text-${i}`} rows={6} value={d.text} onInput={(e) => set(i, { text: (e.target as HTMLTextAreaElement).value })} />
              </fieldset>
            );
          })}
          <div role="alert">{error && <p class="error">{error}</p>}</div>
          <div class="form-actions">
            <button type="submit" class="primary" disabled={busy}>{busy ? 'Re-running…' : 'Re-run'}</button>
            <button type="button" disabled={busy} onClick={props.onClose}>Cancel</button>
          </div>
        </form>
      </div>
    </div>
  );
}
