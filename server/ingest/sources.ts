/**
 * Turns what a user gives (a URL, an HTML/text/Markdown file, pasted text) into an engine article.
 * Used by the CLI and the API; the extraction itself is the engine's (pure), fetching is
 * `server/fetch/` (address guard, timeouts, caps).
 */
import { extname } from 'node:path';
import { isInputError, parseArticleSource, type ArticleInput } from '../../engine/index.ts';
import { decodePage, extractArticleFromBytes, type ExtractedArticle } from '../../engine/extract/index.ts';
import { prefetchPages } from '../jobs/prefetch.ts';
import { extractTaskArticles, type TaskArticle, type TaskFailure } from '../jobs/task.ts';
import { contentTypeHeader, FetchError, fetchUrl, type FetchOptions } from '../fetch/fetch-url.ts';
import { articleFromExtracted, FileError, HTML_EXT, readArticleFile, readHtmlFile } from './files.ts';

/** One input's outcome: the article, or a per-input error that says what went wrong. */
export type SourceResult =
  | { input: string; article: ArticleInput; extracted?: ExtractedArticle }
  | { input: string; error: SourceError };

/** A plain-data error for one input (JSON-serialisable). */
export interface SourceError {
  /** Machine-readable: a fetch code (`timeout`, `blocked-address`...), an input code (`not-an-article`...) or a file code. */
  code: string;
  message: string;
  /** HTTP status, for `http-status`. */
  status?: number;
}

/** True for `http://` and `https://` inputs (anything else is a path). */
export function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input.trim());
}

/** An id for an article from its URL: the host without `www.`, e.g. `example.com`. */
function idFromUrl(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '') || 'article';
  } catch {
    return 'article';
  }
}


/** Fetches a URL and extracts its article (HTML), or reads it as text (text/plain, seed format). */
export async function fetchArticle(url: string, fetchOptions: Partial<FetchOptions> = {}): Promise<{ article: ArticleInput; extracted?: ExtractedArticle }> {
  const page = await fetchUrl(url, fetchOptions);
  const id = idFromUrl(page.finalUrl);
  const contentType = contentTypeHeader(page);
  if (page.contentType === 'text/plain') {
    const article = parseArticleSource(decodePage(page.body, contentType).text, 'seed-text', id);
    return { article: { ...article, url: page.finalUrl } };
  }
  const extracted = extractArticleFromBytes(page.body, contentType, { url: page.finalUrl });
  return { article: articleFromExtracted(extracted, id, page.finalUrl), extracted };
}

/** Reads one input (URL or file path); never throws: failures become error results. */
export async function loadSource(input: string, fetchOptions: Partial<FetchOptions> = {}): Promise<SourceResult> {
  try {
    if (isUrl(input)) return { input, ...(await fetchArticle(input.trim(), fetchOptions)) };
    const ext = extname(input).toLowerCase();
    if (HTML_EXT.has(ext)) return { input, ...readHtmlFile(input) };
    return { input, article: readArticleFile(input) };
  } catch (e) {
    return { input, error: toSourceError(e) };
  }
}

/** Loads several inputs concurrently, results in input order; article ids are made unique. */
export async function loadSources(inputs: readonly string[], fetchOptions: Partial<FetchOptions> = {}): Promise<SourceResult[]> {
  const results = await Promise.all(inputs.map((i) => loadSource(i, fetchOptions)));
  const seen = new Map<string, number>();
  for (const r of results) {
    if (!('article' in r) || !r.article.id) continue;
    const n = (seen.get(r.article.id) ?? 0) + 1;
    seen.set(r.article.id, n);
    if (n > 1) r.article.id = `${r.article.id}-${n}`;
  }
  return results;
}

/** The plain-data form of any error met while loading an input. */
export function toSourceError(e: unknown): SourceError {
  if (e instanceof FetchError) return { code: e.code, message: e.message, ...(e.status !== undefined ? { status: e.status } : {}) };
  if (e instanceof FileError) return { code: e.code, message: e.message };
  if (isInputError(e)) return { code: e.code, message: e.message };
  return { code: 'internal', message: `Unexpected error: ${(e as Error).message ?? String(e)}` };
}

/**
 * Resolves the articles of a request the way the server does: articles given only by `url` are
 * fetched (`prefetchPages`), those given as `html` or fetched are extracted (`extractTaskArticles`),
 * and fields the user gave win over extracted ones. Anything else passes through for the engine
 * to validate. Never throws for a bad article: it is listed in `failures` and left out.
 */
export async function resolveArticleSources(
  articles: readonly unknown[],
  fetchOptions: Partial<FetchOptions> = {},
): Promise<{ articles: ArticleInput[]; failures: TaskFailure[] }> {
  const fetchFailures: TaskFailure[] = [];
  const fetched = await prefetchPages(articles as TaskArticle[], fetchOptions, fetchFailures);
  const { articles: resolved, failures } = extractTaskArticles(fetched);
  return { articles: resolved, failures: [...fetchFailures, ...failures].sort((x, y) => x.index - y.index) };
}
