/** Home: the sample events, the recent saved comparisons, and the ways to start a new one. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, deleteOwn, errorMessage, ownComparisons, type OwnComparison, type SavedSummary, type SeedInfo } from '../api.ts';
import { Link } from '../router.tsx';
import './pages.css';

type Load<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ok'; data: T };

/** Runs `fetcher` once on mount; the result, or its error as a readable message. */
function useLoad<T>(fetcher: () => Promise<T>): Load<T> {
  const [load, setLoad] = useState<Load<T>>({ state: 'loading' });
  useEffect(() => {
    let live = true; // ignore answers that arrive after the page is left
    fetcher().then(
      (data) => live && setLoad({ state: 'ok', data }),
      (e: unknown) => live && setLoad({ state: 'error', message: errorMessage(e) }),
    );
    return () => { live = false; };
  }, []);
  return load;
}

/** "26 March 2024" for a date-only string (read as UTC so it never shifts a day); the input if unreadable. */
function formatDate(value: string): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) return value;
  return dateOnly
    ? d.toLocaleDateString(undefined, { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' })
    : d.toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function HomePage() {
  const seeds = useLoad(api.seeds);
  const recent = useLoad(() => api.recent(10));
  return (
    <section class="page home" aria-labelledby="home-title">
      <div class="home-intro">
        <h1 id="home-title">Compare how outlets cover one event</h1>
        <p class="muted">
          Parallax lines up articles about the same event paragraph by paragraph, shows how their wording differs,
          and explains the framing differences: loaded words, who gets quoted, what is left out.
        </p>
        <div class="actions">
          <Link href="/new" class="button primary big">New comparison</Link>
          <Link href="/batch" class="button">Run a batch from a JSONL file</Link>
        </div>
      </div>

      <section aria-labelledby="seeds-title">
        <h2 id="seeds-title">Sample events</h2>
        <LoadState load={seeds} what="the sample events">
          {(list) => list.length === 0
            ? <p class="empty">No sample events are installed.</p>
            : <ul class="card-list">{list.map((s) => <SeedCard key={s.id} seed={s} />)}</ul>}
        </LoadState>
      </section>

      <OwnList />
      <section aria-labelledby="recent-title">
        <h2 id="recent-title">Public comparisons</h2>
        <LoadState load={recent} what="the recent comparisons">
          {({ items, total }) => items.length === 0
            ? (
              <p class="empty">
                No public comparisons yet. Saved comparisons are private (only their link opens them) unless saved as listed.
              </p>
            )
            : (
              <>
                <ul class="card-list">{items.map((c) => <RecentCard key={c.id} item={c} />)}</ul>
                {total > items.length && <p class="muted">Showing the {items.length} newest of {total}.</p>}
              </>
            )}
        </LoadState>
      </section>
    </section>
  );
}

/** The loading text, the error, or the loaded content. */
function LoadState<T>(props: { load: Load<T>; what: string; children: (data: T) => ComponentChildren }) {
  const { load } = props;
  if (load.state === 'loading') return <p class="loading" role="status">Loading {props.what}…</p>;
  if (load.state === 'error') return <p class="error" role="alert">Could not load {props.what}: {load.message}</p>;
  return <>{props.children(load.data)}</>;
}

function SeedCard({ seed }: { seed: SeedInfo }) {
  const outlets = seed.articles.map((a) => a.name);
  return (
    <li class="card">
      <h3><Link href={`/seed/${seed.id}`}>{seed.title}</Link></h3>
      {seed.date && <p class="meta"><time dateTime={seed.date}>{formatDate(seed.date)}</time></p>}
      {seed.description && <p>{seed.description}</p>}
      <p class="meta"><span class="label">{outlets.length} outlets:</span> {outlets.join(', ')}</p>
    </li>
  );
}

function RecentCard({ item }: { item: SavedSummary }) {
  return (
    <li class="card">
      <h3><Link href={`/c/${item.id}`}>{item.title || 'Untitled comparison'}</Link></h3>
      <p class="meta"><time dateTime={item.createdAt}>{formatDate(item.createdAt)}</time></p>
      <p class="meta"><span class="label">{item.articleCount} articles:</span> {item.outlets.join(', ')}</p>
    </li>
  );
}

/**
 * The comparisons this browser saved (it keeps their delete tokens): private ones included, each
 * with Delete. Nothing is listed for other browsers.
 */
function OwnList() {
  const [own, setOwn] = useState<OwnComparison[]>(() => ownComparisons());
  const [error, setError] = useState('');
  if (own.length === 0) return null;
  const remove = async (c: OwnComparison) => {
    if (!window.confirm(`Delete the comparison "${c.title}" for everyone who has its link?`)) return;
    try {
      await deleteOwn(c.id);
      setOwn(ownComparisons());
      setError('');
    } catch (e) {
      setError(`Could not delete "${c.title}": ${errorMessage(e)}`);
    }
  };
  return (
    <section aria-labelledby="own-title">
      <h2 id="own-title">Your comparisons</h2>
      <p class="muted small">Saved from this browser. They are private: only their link opens them.</p>
      {error && <p class="error" role="alert">{error}</p>}
      <ul class="card-list">
        {own.map((c) => (
          <li class="card own" key={c.id} data-own={c.id}>
            <h3><Link href={`/c/${c.id}`}>{c.title}</Link></h3>
            <p class="meta"><time dateTime={c.createdAt}>{formatDate(c.createdAt)}</time></p>
            <p class="meta"><span class="label">{c.outlets.length} articles:</span> {c.outlets.join(', ')}</p>
            <button type="button" class="danger small" onClick={() => void remove(c)}>Delete</button>
          </li>
        ))}
      </ul>
    </section>
  );
}
