/**
 * Batch: upload a JSONL file of compare requests, watch the batch run, download the results.
 * The batch id lives in the URL (?id=...), so a reload or a shared link resumes watching.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, canCancelBatch, cancelBatch, errorMessage, type BatchItemSummary, type BatchStatus } from '../api.ts';
import { Link, navigate } from '../router.tsx';
import './pages.css';

const MAX_ITEMS = 10_000;
const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

const idFromUrl = (): string | null => {
  const id = new URLSearchParams(location.search).get('id');
  return id && ID_RE.test(id) ? id : null;
};

export function BatchPage() {
  const [id, setId] = useState(idFromUrl);
  useEffect(() => {
    // The router only looks at the path; the query changes under this same page.
    const on = () => setId(idFromUrl());
    addEventListener('popstate', on);
    return () => removeEventListener('popstate', on);
  }, []);
  return (
    <section class="page batch-page" aria-labelledby="batch-title">
      <h1 id="batch-title">Batch comparisons</h1>
      {id ? <BatchWatch key={id} id={id} /> : <BatchUpload />}
    </section>
  );
}

// ------------------------------------------------------------------ upload

interface ChosenFile {
  name: string;
  /** NDJSON as it will be sent (a JSON array file is turned into one request per line). */
  ndjson: string;
  count: number;
  /** 1-based numbers of lines that are not a JSON object with `articles`. */
  badLines: number[];
}

/** Reads the file's requests; throws with a readable message when it cannot be sent at all. */
function readBatch(name: string, raw: string): ChosenFile {
  const trimmed = raw.replace(/^\uFEFF/, '').trim();
  let lines: string[];
  if (trimmed.startsWith('[')) {
    // A JSON array of requests is accepted too; it is sent as one request per line.
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      parsed = undefined;
    }
    lines = Array.isArray(parsed) ? parsed.map((x) => JSON.stringify(x)) : trimmed.split(/\r?\n/);
  } else {
    lines = trimmed.split(/\r?\n/);
  }
  // Blank lines are sent as they are, so that the server's line numbers are the file's.
  const badLines: number[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const o = JSON.parse(line) as { articles?: unknown } | null;
      if (!o || typeof o !== 'object' || !Array.isArray(o.articles)) badLines.push(i + 1);
    } catch {
      badLines.push(i + 1);
    }
  });
  return { name, ndjson: `${lines.join('\n')}\n`, count: lines.filter((l) => l.trim() !== '').length, badLines };
}

/** "The request body is too large. A batch holds at most ..." from an API error. */
function problemText(e: unknown): string {
  if (!(e instanceof ApiError)) return errorMessage(e);
  const detail = e.message;
  const lead = e.title && e.title !== detail ? `${e.title}. ` : '';
  const fields = e.errors.map((f) => `${f.pointer || 'request'}: ${f.detail}`).join('; ');
  return `${lead}${detail}${fields ? ` (${fields})` : ''}`;
}

function BatchUpload() {
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [reading, setReading] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState('');

  async function choose(list: FileList | null) {
    const f = list?.[0];
    setError('');
    setFile(null);
    if (!f) return;
    setReading(true);
    try {
      setFile(readBatch(f.name, await f.text()));
    } catch (e) {
      setError(`Could not read ${f.name}: ${errorMessage(e)}`);
    } finally {
      setReading(false);
    }
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (!file || submitting) return;
    setSubmitting(true);
    setError('');
    try {
      const res = await api.submitBatch(file.ndjson);
      navigate(`/batch?id=${encodeURIComponent(res.id)}`);
    } catch (err) {
      setError(`The batch was not started. ${problemText(err)}`);
      setSubmitting(false);
    }
  }

  const tooMany = file !== null && file.count > MAX_ITEMS;
  const empty = file !== null && file.count === 0;
  let summary = '';
  if (reading) summary = 'Reading the file…';
  else if (file) summary = `${file.name}: ${file.count === 1 ? '1 request' : `${file.count} requests`} (one per line).`;

  return (
    <form class="batch-upload" onSubmit={submit} noValidate>
      <p class="muted">
        Compare many events at once. Upload a JSONL file with one compare request per line,
        then watch the batch and download the results as they finish.
      </p>
      <div class="field">
        <label for="batch-file">JSONL file</label>
        <input id="batch-file" type="file" accept=".jsonl,.ndjson,.jsonlines,.json,application/x-ndjson,application/json"
          aria-describedby="batch-file-help batch-file-summary" disabled={submitting}
          onChange={(e) => void choose(e.currentTarget.files)} />
        <p id="batch-file-help" class="help">
          Each line: <code>{'{"id": "event-1", "articles": [{"outlet": "…", "text": "…"}, …], "options": {…}}'}</code> (options optional;
          articles as text, paragraphs, html or url). At most {MAX_ITEMS.toLocaleString()} lines.
        </p>
      </div>
      <p id="batch-file-summary" class="file-summary" role="status">{summary}</p>
      {file && file.badLines.length > 0 && (
        <p class="warning">
          <span aria-hidden="true">⚠ </span>
          {file.badLines.length === 1 ? 'Line' : 'Lines'} {file.badLines.slice(0, 10).join(', ')}{file.badLines.length > 10 ? ` and ${file.badLines.length - 10} more` : ''}{' '}
          {file.badLines.length === 1 ? 'is' : 'are'} not a request with an <code>articles</code> list; {file.badLines.length === 1 ? 'it will come back as an error row' : 'they will come back as error rows'}.
        </p>
      )}
      <div role="alert">
        {tooMany && <p class="error">This file has {file.count.toLocaleString()} requests; a batch holds at most {MAX_ITEMS.toLocaleString()}. Split it into smaller files.</p>}
        {empty && <p class="error">This file has no requests.</p>}
        {error && <p class="error">{error}</p>}
      </div>
      <div class="form-actions">
        <button type="submit" class="primary big" disabled={!file || tooMany || empty || reading || submitting}>
          {submitting ? 'Starting…' : 'Start batch'}
        </button>
      </div>
    </form>
  );
}

// ------------------------------------------------------------------ watching

const STATUS_LABELS: Record<BatchStatus['status'], string> = { queued: 'Queued', running: 'Running', done: 'Done', cancelled: 'Cancelled' };

/** Whether the numbers can still change (running items finish after a cancel). */
const isSettled = (s: BatchStatus) => s.status === 'done' || (s.status === 'cancelled' && s.pending === 0);

function eta(s: BatchStatus): string {
  if (isSettled(s)) return 'finished';
  if (s.status === 'queued') return 'waiting to start';
  if (s.status === 'cancelled') return 'finishing the running items';
  if (s.etaSeconds === null) return 'estimating…';
  if (s.etaSeconds < 120) return `about ${Math.max(1, s.etaSeconds)} s left`;
  return `about ${Math.round(s.etaSeconds / 60)} min left`;
}

/** The live announcement: changes only when the status does, not on every poll. */
function announcement(s: BatchStatus): string {
  const counts = `${s.done} compared, ${s.failed} failed${s.cancelled ? `, ${s.cancelled} cancelled` : ''}`;
  if (s.status === 'done') return `Batch done: ${counts}. The results are ready to download.`;
  if (s.status === 'cancelled') return isSettled(s) ? `Batch cancelled: ${counts}.` : 'Batch cancelled; the running items are finishing.';
  return s.status === 'queued' ? 'Batch queued.' : 'Batch running.';
}

function BatchWatch({ id }: { id: string }) {
  const [status, setStatus] = useState<BatchStatus | null>(null);
  const [pollError, setPollError] = useState('');
  const [gone, setGone] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState('');
  const [epoch, setEpoch] = useState(0); // bumped to poll again (after a cancel)

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // One request at a time: the next poll is scheduled when the previous one has answered.
    const tick = async () => {
      try {
        const s = await api.batch(id);
        if (stopped) return;
        setStatus(s);
        setPollError('');
        if (!isSettled(s)) timer = setTimeout(tick, 1000);
      } catch (e) {
        if (stopped) return;
        if (e instanceof ApiError && e.status === 404) {
          setGone(true);
          return;
        }
        setPollError(`Could not get the batch status: ${errorMessage(e)} Trying again…`);
        timer = setTimeout(tick, 3000);
      }
    };
    void tick();
    return () => { stopped = true; clearTimeout(timer); };
  }, [id, epoch]);

  async function cancel() {
    setCancelling(true);
    setCancelError('');
    try {
      await cancelBatch(id);
      setEpoch((n) => n + 1);
      // The Cancel button goes away; keep keyboard focus on the page, at the news.
      document.getElementById('batch-announce')?.focus();
    } catch (e) {
      setCancelError(`The batch was not cancelled. ${errorMessage(e)}`);
    } finally {
      setCancelling(false);
    }
  }

  if (gone) {
    return (
      <div role="alert" class="problem">
        <p class="error">No batch has the id “{id}”. It may have been deleted, or the link is mistyped.</p>
        <p><Link href="/batch">Start a new batch</Link></p>
      </div>
    );
  }

  const finished = status ? status.done + status.failed + status.cancelled : 0;
  const total = status?.total ?? 0;
  const pct = total ? Math.floor((finished / total) * 100) : 0;
  const settled = status !== null && isSettled(status);
  const active = status !== null && (status.status === 'queued' || status.status === 'running');

  return (
    <div class="batch-watch">
      <p class="muted">
        Batch <code>{id}</code>.{settled ? '' : ' You can leave this page: the batch keeps running, and this address shows it again.'}
      </p>
      <p id="batch-announce" class="batch-announce" role="status" tabIndex={-1}>{status ? announcement(status) : 'Loading the batch…'}</p>
      <div role="alert">{pollError && <p class="error">{pollError}</p>}</div>

      {status && (
        <>
          <div class="batch-progress">
            <label for="batch-progress-bar">Progress</label>
            <progress id="batch-progress-bar" max={total || 1} value={finished}
              aria-valuemin={0} aria-valuemax={total} aria-valuenow={finished}
              aria-valuetext={`${finished} of ${total} finished (${pct}%)`} aria-describedby="batch-progress-text" />
            <p id="batch-progress-text" class="progress-text">{finished} of {total} finished ({pct}%)</p>
          </div>
          <dl class="counts">
            <div><dt>Status</dt><dd class={`batch-status ${status.status}`}>{STATUS_LABELS[status.status]}</dd></div>
            <div><dt>Done</dt><dd>{status.done}</dd></div>
            <div><dt>Failed</dt><dd>{status.failed}</dd></div>
            {status.cancelled > 0 && <div><dt>Cancelled</dt><dd>{status.cancelled}</dd></div>}
            <div><dt>Pending</dt><dd>{status.pending}</dd></div>
            <div><dt>Time left</dt><dd>{eta(status)}</dd></div>
          </dl>
        </>
      )}

      <div class="form-actions">
        <a href={api.batchResultsUrl(id)} download={`parallax-batch-${id}.jsonl`} class={`button${settled ? ' primary big' : ''}`}>
          Download results
        </a>
        {active && canCancelBatch(id) && (
          <button type="button" onClick={() => void cancel()} disabled={cancelling}>
            {cancelling ? 'Cancelling…' : 'Cancel batch'}
          </button>
        )}
        <Link href="/batch">Start another batch</Link>
      </div>
      <p class="help">
        {settled
          ? 'The results file has one line per request, in input order: {"id", "comparison"} or {"id", "error"}.'
          : 'Download any time: the file has the rows finished so far, in input order.'}
      </p>
      <div role="alert">{cancelError && <p class="error">{cancelError}</p>}</div>
      {status && status.failed > 0 && <FailedItems id={id} failed={status.failed} settled={settled} />}
      {status && status.done > 0 && <BatchItems id={id} total={status.total} finished={finished} />}
    </div>
  );
}

/** Items listed a page at a time. */
const ITEMS_PER_PAGE = 50;

/** The batch's items in input order, each finished one opening in the comparison view. */
function BatchItems(props: { id: string; total: number; finished: number }) {
  const [from, setFrom] = useState(0);
  const [items, setItems] = useState<BatchItemSummary[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api.batchItems(props.id, from, ITEMS_PER_PAGE).then((r) => { setItems(r.items); setError(''); }, (e: unknown) => setError(`Could not list the items: ${errorMessage(e)}`));
  }, [props.id, from, props.finished]);
  const last = Math.min(props.total, from + ITEMS_PER_PAGE);
  const label: Record<BatchItemSummary['status'], string> = { pending: 'waiting', done: 'compared', failed: 'failed', cancelled: 'cancelled' };
  return (
    <section class="batch-items" aria-labelledby="items-title">
      <h2 id="items-title">Items</h2>
      {error && <p class="error" role="alert">{error}</p>}
      {items && (
        <table class="items-table">
          <caption class="muted small">Items {from + 1} to {last} of {props.total}</caption>
          <thead><tr><th scope="col">Item</th><th scope="col">Line</th><th scope="col">Id</th><th scope="col">Status</th></tr></thead>
          <tbody>
            {items.map((it) => (
              <tr key={it.index} data-item={it.index}>
                <td>{it.status === 'done' ? <Link href={`/batch/${props.id}/items/${it.index}`}>Open item {it.index + 1}</Link> : `Item ${it.index + 1}`}</td>
                <td>{it.line ?? ''}</td>
                <td>{it.id === null ? '' : <code>{String(it.id)}</code>}</td>
                <td>{label[it.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.total > ITEMS_PER_PAGE && (
        <div class="form-actions">
          <button type="button" disabled={from === 0} onClick={() => setFrom(Math.max(0, from - ITEMS_PER_PAGE))}>Previous {ITEMS_PER_PAGE}</button>
          <button type="button" disabled={last >= props.total} onClick={() => setFrom(from + ITEMS_PER_PAGE)}>Next {ITEMS_PER_PAGE}</button>
        </div>
      )}
    </section>
  );
}

/** Most failed items listed on the page (the download has them all). */
const FAILED_SHOWN = 200;

/** The failed items with their reasons (`?only=failed`), each named by its line and place. */
function FailedItems(props: { id: string; failed: number; settled: boolean }) {
  const [rows, setRows] = useState<Array<{ id: unknown; error: { code?: string; message?: string; line?: number; item?: number } }> | null>(null);
  const [error, setError] = useState('');
  const load = async () => {
    try {
      const res = await fetch(`${api.batchResultsUrl(props.id)}?only=failed`);
      if (!res.ok) throw new Error(`the server answered ${res.status}`);
      const text = await res.text();
      setRows(text.split('\n').filter(Boolean).slice(0, FAILED_SHOWN).map((l) => JSON.parse(l)));
      setError('');
    } catch (e) {
      setError(`Could not load the failed items: ${errorMessage(e)}`);
    }
  };
  useEffect(() => {
    if (props.settled) void load();
  }, [props.settled, props.failed]);
  return (
    <section class="failed-items" aria-labelledby="failed-title">
      <h2 id="failed-title">Failed items ({props.failed})</h2>
      {!props.settled && !rows && <button type="button" onClick={() => void load()}>Show the failed items so far</button>}
      {error && <p class="error" role="alert">{error}</p>}
      {rows && (
        <ul class="failed-list">
          {rows.map((r, i) => (
            <li key={i} data-failed-item={r.error.item}>
              <strong>{r.error.line !== undefined ? `Line ${r.error.line}` : `Item ${r.error.item ?? '?'}`}</strong>
              {r.id !== null && r.id !== undefined && <> (id <code>{String(r.id)}</code>)</>}: {r.error.message ?? r.error.code ?? 'failed'}
            </li>
          ))}
        </ul>
      )}
      {rows && props.failed > rows.length && <p class="muted small">The first {rows.length} of {props.failed}; the download has them all.</p>}
    </section>
  );
}
