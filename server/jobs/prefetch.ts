/**
 * The I/O half of a compare task, done on the main thread before the task goes to a worker:
 * articles given only by `url` are fetched (with the address guard, timeouts and size caps); the
 * worker extracts them. Fetches of one request run concurrently.
 */
import { decodePage } from '../../engine/extract/index.ts';
import { contentTypeHeader, FetchError, fetchUrl, type FetchOptions } from '../fetch/fetch-url.ts';
import type { TaskArticle, TaskFailure } from './task.ts';

/** True for an article that only names a URL (nothing to compare until it is fetched). */
export function needsFetch(a: TaskArticle): boolean {
  return typeof a.url === 'string' && a.text === undefined && a.paragraphs === undefined && a.html === undefined && a.page === undefined;
}

/**
 * Fetches the URL-only articles. Failed ones are left out and recorded in `failures` (by their
 * position in the request); the others are returned in order with their fetched page.
 */
export async function prefetchPages(articles: readonly TaskArticle[], fetchOptions: Partial<FetchOptions>, failures: TaskFailure[]): Promise<TaskArticle[]> {
  if (!Array.isArray(articles) || !articles.some((a) => a && typeof a === 'object' && needsFetch(a))) return articles as TaskArticle[];
  const out = await Promise.all(articles.map(async (a, index): Promise<TaskArticle | undefined> => {
    if (!a || typeof a !== 'object' || !needsFetch(a)) return a;
    try {
      const page = await fetchUrl(a.url!, fetchOptions);
      const contentType = contentTypeHeader(page);
      if (page.contentType === 'text/plain') {
        return { ...a, text: decodePage(page.body, contentType).text, url: page.finalUrl };
      }
      return { ...a, page: { bytes: page.body, contentType, url: page.finalUrl } };
    } catch (e) {
      const code = e instanceof FetchError ? e.code : 'network';
      const message = e instanceof Error ? e.message : String(e);
      failures.push({ index, ...(a.id ? { id: a.id } : {}), code, message });
      return undefined;
    }
  }));
  // Each article keeps its place in the request as submitted (for ids and error reports).
  return out.flatMap((a, sourceIndex) => (a === undefined ? [] : [{ ...a, sourceIndex }]));
}
