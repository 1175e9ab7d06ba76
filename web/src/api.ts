/** The HTTP API, typed. Errors arrive as RFC 9457 problems and are thrown as `ApiError`. */
import type { Comparison, ComparisonView, ReviewMark } from './types.ts';
import type { ArticleMetadata } from '../../engine/extract/metadata.ts';

export interface FieldError { pointer: string; detail: string }

export class ApiError extends Error {
  constructor(readonly status: number, readonly title: string, detail: string, readonly errors: FieldError[] = [], readonly body: Record<string, unknown> = {}) {
    super(detail || title);
  }
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'Network error', 'The server could not be reached. Check your connection and try again.');
  }
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok) {
    if (type.includes('json')) {
      const p = (await res.json()) as { title?: string; detail?: string; errors?: FieldError[] } & Record<string, unknown>;
      throw new ApiError(res.status, p.title ?? res.statusText, p.detail ?? '', p.errors ?? [], p);
    }
    throw new ApiError(res.status, res.statusText, `The server answered ${res.status}.`);
  }
  return (type.includes('json') ? res.json() : res.text()) as Promise<T>;
}

const postJson = <T>(path: string, body: unknown): Promise<T> =>
  request<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export interface SeedInfo {
  id: string;
  title: string;
  date: string | null;
  description: string | null;
  articles: { id: string; name: string; outlet: string | null; title: string | null }[];
}

export interface SavedSummary {
  id: string;
  createdAt: string;
  title: string;
  articleCount: number;
  outlets: string[];
  permalink: string;
}

/** An article as the compare endpoint takes it. */
export interface ArticleSource {
  id?: string;
  outlet?: string;
  title?: string;
  url?: string;
  published?: string;
  byline?: string;
  relatedSources?: string[];
  text?: string;
  html?: string;
}

export interface Skipped { index: number; id?: string; code: string; message: string }

/** What `POST /api/extract` returns: the engine's article metadata and paragraphs. */
export interface ExtractedArticle extends ArticleMetadata {
  paragraphs: string[];
}

export interface BatchStatus {
  id: string;
  status: 'queued' | 'running' | 'done' | 'cancelled';
  total: number;
  done: number;
  failed: number;
  cancelled: number;
  pending: number;
  etaSeconds: number | null;
}

/** A batch item as the items listing shows it. */
export interface BatchItemSummary {
  index: number;
  id: string | number | null;
  line: number | null;
  status: 'pending' | 'done' | 'failed' | 'cancelled';
}

export const api = {
  seeds: () => request<SeedInfo[]>('/api/seeds'),
  // `view=ui`: the compact form (no sentence-level diffs, change texts left to the spans).
  seedComparison: (id: string) => request<ComparisonView>(`/api/seeds/${encodeURIComponent(id)}/comparison?view=ui`),
  comparison: (id: string) => request<ComparisonView>(`/api/comparisons/${encodeURIComponent(id)}?view=ui`),
  recent: (limit = 10) => request<{ items: SavedSummary[]; total: number }>(`/api/comparisons?limit=${limit}`),
  compare: (articles: ArticleSource[], save: boolean, title?: string, options?: Record<string, unknown>) =>
    postJson<{ comparison: ComparisonView; skipped: Skipped[]; id?: string; permalink?: string; deleteToken?: string }>('/api/compare', { articles, save, ...(title ? { title } : {}), ...(options ? { options } : {}) }),
  extract: (body: { url: string } | { html: string }) => postJson<ExtractedArticle>('/api/extract', body),
  submitBatch: async (ndjson: string) => {
    const res = await request<{ id: string; total: number; token: string }>('/api/batches', { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: ndjson });
    rememberBatchToken(res.id, res.token);
    return res;
  },
  batch: (id: string) => request<BatchStatus>(`/api/batches/${encodeURIComponent(id)}`),
  batchResultsUrl: (id: string) => `/api/batches/${encodeURIComponent(id)}/results`,
  exportUrl: (source: { kind: 'saved' | 'seed'; id: string } | { kind: 'batch'; id: string; index: number }, format: 'json' | 'md' | 'html' | 'csv') =>
    source.kind === 'batch'
      ? `/api/batches/${encodeURIComponent(source.id)}/items/${source.index}/export?format=${format}`
      : `/api/${source.kind === 'seed' ? 'seeds' : 'comparisons'}/${encodeURIComponent(source.id)}/export?format=${format}`,
  /** A finished batch item's comparison (the full form: it is also a view). */
  batchItem: (id: string, index: number) => request<Comparison>(`/api/batches/${encodeURIComponent(id)}/items/${index}`),
  batchItems: (id: string, from: number, limit: number) =>
    request<{ items: BatchItemSummary[]; total: number; next: string | null }>(`/api/batches/${encodeURIComponent(id)}/items?from=${from}&limit=${limit}`),
};

const TOKEN_KEY = 'parallax.batchTokens';

/** Batch tokens this browser was given (cancel needs one), kept in local storage by batch id. */
function batchTokens(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(TOKEN_KEY) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function rememberBatchToken(id: string, token: string): void {
  try {
    localStorage.setItem(TOKEN_KEY, JSON.stringify({ ...batchTokens(), [id]: token }));
  } catch {
    // Storage full or off: the batch runs; only cancelling it from this browser is lost.
  }
}

/** Whether this browser holds the token that cancelling the batch needs. */
export const canCancelBatch = (id: string): boolean => id in batchTokens();

/** Cancels a batch: pending items get a `cancelled` error row; items already running finish. */
export const cancelBatch = (id: string) =>
  request<{ id: string; status: BatchStatus['status'] }>(`/api/batches/${encodeURIComponent(id)}/cancel`, { method: 'POST', headers: { 'x-batch-token': batchTokens()[id] ?? '' } });

/** A readable one-line message for anything thrown by the API calls (problem detail, else its title). */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message || e.title || `The server answered ${e.status}.`;
  if (e instanceof Error && e.message) return e.message;
  return 'Something went wrong.';
}

const SAVED_KEY = 'parallax.savedComparisons';

/** A comparison this browser saved: what the home page lists, and the token that deletes it. */
export interface OwnComparison {
  id: string;
  title: string;
  outlets: string[];
  createdAt: string;
  deleteToken: string;
}

/** The comparisons this browser saved, newest first (local storage; nothing leaves the browser). */
export function ownComparisons(): OwnComparison[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(SAVED_KEY) ?? '[]');
    return Array.isArray(parsed) ? (parsed as OwnComparison[]).filter((x) => x && typeof x.id === 'string' && typeof x.deleteToken === 'string') : [];
  } catch {
    return [];
  }
}

function storeOwn(list: OwnComparison[]): void {
  try {
    localStorage.setItem(SAVED_KEY, JSON.stringify(list));
  } catch {
    // Storage full or off: the comparison is saved; only this browser's list of it is lost.
  }
}

/** Remembers a comparison this browser saved, with its delete token. */
export function rememberOwn(c: OwnComparison): void {
  storeOwn([c, ...ownComparisons().filter((x) => x.id !== c.id)]);
}

/** Whether this browser holds the token that deletes the comparison. */
export const canDelete = (id: string): boolean => ownComparisons().some((x) => x.id === id);

/** Deletes a comparison this browser saved (with its delete token), and forgets it. */
export async function deleteOwn(id: string): Promise<void> {
  const own = ownComparisons().find((x) => x.id === id);
  if (!own) throw new Error('This browser does not hold the delete token of that comparison.');
  const res = await fetch(`/api/comparisons/${encodeURIComponent(id)}`, { method: 'DELETE', headers: { 'x-delete-token': own.deleteToken } });
  // Already gone is as good as deleted.
  if (!res.ok && res.status !== 404) throw new ApiError(res.status, 'Could not delete the comparison', await res.text().catch(() => ''));
  storeOwn(ownComparisons().filter((x) => x.id !== id));
}

/** The edit token of a comparison this browser saved (or was given through an edit link), if any. */
export const editTokenOf = (id: string): string | undefined => ownComparisons().find((x) => x.id === id)?.deleteToken;

const editHeaders = (token: string, json = false): Record<string, string> => ({ 'x-edit-token': token, ...(json ? { 'content-type': 'application/json' } : {}) });
const comparisonPath = (id: string) => `/api/comparisons/${encodeURIComponent(id)}`;

/** The reviewers' marks of a saved comparison (the edit token's holder only). */
export const fetchMarks = (id: string, token: string) =>
  request<{ marks: ReviewMark[] }>(`${comparisonPath(id)}/marks`, { headers: editHeaders(token), cache: 'no-store' }).then((r) => r.marks);

/** Confirms or dismisses a finding (by key), with a note. */
export const putMark = (id: string, key: string, status: ReviewMark['status'], note: string, token: string) =>
  request<ReviewMark>(`${comparisonPath(id)}/marks/${encodeURIComponent(key)}`, { method: 'PUT', headers: editHeaders(token, true), body: JSON.stringify({ status, note }) });

/** Clears a finding's mark. */
export const clearMark = (id: string, key: string, token: string) =>
  request<string>(`${comparisonPath(id)}/marks/${encodeURIComponent(key)}`, { method: 'DELETE', headers: editHeaders(token) });

/** An edited comparison request: what `PUT /api/comparisons/{id}` re-runs. */
export interface EditRequest {
  title?: string;
  articles: ArticleSource[];
}

/** Re-runs a saved comparison with edited articles (and title); its link, token and marks stay. */
export const editComparison = (id: string, body: EditRequest, token: string) =>
  request<{ id: string; comparison: Comparison; marks: { current: number; stale: number } }>(comparisonPath(id), { method: 'PUT', headers: editHeaders(token, true), body: JSON.stringify(body) });

/**
 * Downloads an export made with the edit token (so it carries the marks): fetched with the token
 * in a header, never in the URL, then saved under the server's file name.
 */
export async function downloadExport(id: string, format: 'json' | 'md' | 'html' | 'csv', token: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`${comparisonPath(id)}/export?format=${format}`, { headers: editHeaders(token) });
  } catch {
    throw new ApiError(0, 'Network error', 'The server could not be reached. Check your connection and try again.');
  }
  if (!res.ok) throw new ApiError(res.status, 'Export failed', `The server answered ${res.status}.`);
  const name = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `parallax-${id}.${format}`;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * An edit link (`/c/<id>#edit=<token>`) opened in this browser: checks the token against the server
 * and, when it holds, keeps it like a comparison saved here. The fragment never reaches the server
 * or its logs, and is removed from the address bar at once. Returns whether a token was adopted.
 */
export async function adoptEditLink(id: string, c: ComparisonView | Comparison): Promise<boolean> {
  const m = /^#edit=([A-Za-z0-9_-]{20,100})$/.exec(location.hash);
  if (!m) return false;
  history.replaceState(history.state, '', location.pathname + location.search);
  try {
    await fetchMarks(id, m[1]!);
  } catch {
    return false;
  }
  rememberOwn({ id, title: c.title ?? c.articles.map((a) => a.name).join(', '), outlets: c.articles.map((a) => a.name), createdAt: new Date().toISOString(), deleteToken: m[1]! });
  return true;
}
