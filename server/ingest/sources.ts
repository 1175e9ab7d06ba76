/**
 * Turns what a user gives (a URL, an HTML/text/Markdown file, pasted text) into an engine article.
 * Used by the CLI and the API; the extraction itself is the engine's (pure), fetching is
 * `server/fetch/` (address guard, timeouts, caps).
 */
import { extname } from 'node:path';
import { InputError, isInputError, parseArticleSource, type ArticleInput } from '../../engine/index.ts';
import { decodePage, extractArticle, extractArticleFromBytes, type ExtractedArticle } from '../../engine/extract/index.ts';
import { FetchError, fetchUrl, type FetchOptions } from '../fetch/fetch-url.ts';
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
  const contentType = page.charset ? `${page.contentType}; charset=${page.charset}` : page.contentType;
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

/** A request article as users send it: engine fields, or only a `url` to fetch, or `html` to extract. */
export type ArticleSource = ArticleInput & { html?: string };

/** A request article that could not be read, by position (0-based) and id. */
export interface ArticleFailure {
  index: number;
  id?: string;
  error: SourceError;
}

/**
 * Resolves the articles of a request: an article with `html` is extracted, one with a `url` and
 * no `text` or `paragraphs` is fetched and extracted; fields the user gave (id, title, outlet...)
 * win over extracted ones. Anything else passes through unchanged for the engine to validate.
 * Never throws: articles that fail are listed in `failures` and left out.
 */
export async function resolveArticleSources(
  articles: readonly unknown[],
  fetchOptions: Partial<FetchOptions> = {},
): Promise<{ articles: ArticleInput[]; failures: ArticleFailure[] }> {
  const failures: ArticleFailure[] = [];
  const resolved = await Promise.all(articles.map(async (raw, index): Promise<ArticleInput | undefined> => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw as ArticleInput;
    const { html, ...given } = raw as ArticleSource;
    const needsFetch = html === undefined && typeof given.url === 'string' && given.text === undefined && given.paragraphs === undefined;
    if (html === undefined && !needsFetch) return given;
    try {
      let found: ArticleInput;
      if (html !== undefined) {
        if (typeof html !== 'string') throw new InputError('invalid-article', `articles[${index}].html must be a string`, { field: `articles[${index}].html` });
        found = articleFromExtracted(extractArticle(html, given.url ? { url: given.url } : {}), given.id ?? `a${index + 1}`);
      } else {
        found = (await fetchArticle(given.url!, fetchOptions)).article;
      }
      return { ...found, ...given, paragraphs: found.paragraphs ?? [] };
    } catch (e) {
      failures.push({ index, ...(given.id ? { id: given.id } : {}), error: toSourceError(e) });
      return undefined;
    }
  }));
  return { articles: resolved.filter((a): a is ArticleInput => a !== undefined), failures };
}
