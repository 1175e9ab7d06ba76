/**
 * HTML page to article: metadata and body paragraphs, ready to be one of a comparison's articles.
 * Pure: text in, data out. Fetching lives in `server/fetch/`.
 */
import { load } from 'cheerio/slim';
import { InputError } from '../errors.ts';
import { extractBody } from './body.ts';
import { decodePage, type EncodingSource } from './decode.ts';
import { extractMetadata, type ArticleMetadata } from './metadata.ts';

export { decodePage, charsetFromContentType, metaCharset, type DecodedPage, type EncodingSource } from './decode.ts';
export { normalizeDate, stripTitleSuffix } from './metadata.ts';

// URL is a web-platform global (WHATWG URL), reached through globalThis so the engine's type
// check needs neither the DOM nor the Node type libraries.
const WebURL = (globalThis as unknown as { URL: new (url: string, base?: string) => { href: string; protocol: string } }).URL;

/** What extraction found on a page; every metadata field is null when the page does not say. */
export interface ExtractedArticle extends ArticleMetadata {
  paragraphs: string[];
}

export interface ExtractOptions {
  /** Where the page came from: the fallback for `url`, and the base for a relative canonical link. */
  url?: string;
  /** Pages larger than this (characters) are refused before parsing. */
  maxChars?: number;
  /** A body with fewer characters than this is "not an article" (a home page, an error page). */
  minBodyChars?: number;
}

/** Defaults for extraction. */
export const EXTRACT_DEFAULTS = {
  /** 5 MB of text: the fetcher's body cap; a page beyond is refused, not parsed slowly. */
  maxChars: 5 * 1024 * 1024,
  /** About two short sentences: less than this is a teaser, an index or an error page. */
  minBodyChars: 150,
  /** An index page has at least this many paragraphs right under a linked headline (teasers)... */
  indexMinTeasers: 3,
  /** ...and they are at least this share of its paragraphs (articles rarely link a sub-heading). */
  indexTeaserShare: 0.5,
} as const;

/**
 * Extracts the article from an HTML page.
 *
 * @throws InputError `not-an-article` when no article body is found, `article-too-large` beyond `maxChars`
 */
export function extractArticle(html: string, options: ExtractOptions = {}): ExtractedArticle {
  const maxChars = options.maxChars ?? EXTRACT_DEFAULTS.maxChars;
  if (html.length > maxChars) {
    throw new InputError('article-too-large', `The page has ${html.length} characters; the limit is ${maxChars}.`, { limit: maxChars, actual: html.length });
  }
  const $ = load(html);
  const meta = extractMetadata($.root()[0]!);
  const body = extractBody($.root()[0]!, { title: meta.title ?? undefined, byline: meta.byline ?? undefined });
  let paragraphs = body.paragraphs;
  const bodyChars = paragraphs.reduce((n, p) => n + p.length, 0);
  // Pages that render their text by script still tell search engines the body in JSON-LD.
  if (meta.articleBody && meta.articleBody.length > 2 * bodyChars) {
    paragraphs = meta.articleBody.split(/\n\s*\n|\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);
  }
  const total = paragraphs.reduce((n, p) => n + p.length, 0);
  if (total < (options.minBodyChars ?? EXTRACT_DEFAULTS.minBodyChars)) {
    throw new InputError('not-an-article', 'No article text was found on this page: it looks like an index, a teaser or an error page.', { actual: total });
  }
  // Most paragraphs right under a linked headline: teaser cards of a section front, not a story.
  const index = body.teasers >= EXTRACT_DEFAULTS.indexMinTeasers && body.teasers >= paragraphs.length * EXTRACT_DEFAULTS.indexTeaserShare;
  if (meta.isCollection || index) {
    throw new InputError('not-an-article', 'This page lists other articles (a section front or search page); give the link of one article instead.', { actual: body.teasers });
  }
  // The canonical URL, resolved against the page's own; only http(s) (a page may say anything).
  let url: string | null = null;
  for (const candidate of [meta.url, options.url]) {
    if (!candidate) continue;
    try {
      const u = new WebURL(candidate, options.url);
      if (u.protocol === 'http:' || u.protocol === 'https:') {
        url = u.href;
        break;
      }
    } catch {
      // Not a URL at all: try the next candidate.
    }
  }
  return { title: meta.title, byline: meta.byline, published: meta.published, outlet: meta.outlet, url, language: meta.language, paragraphs };
}

/** Decodes page bytes (BOM, header charset, meta charset) and extracts the article. */
export function extractArticleFromBytes(bytes: Uint8Array, contentType?: string, options: ExtractOptions = {}): ExtractedArticle & { encoding: string; encodingSource: EncodingSource } {
  const page = decodePage(bytes, contentType);
  return { ...extractArticle(page.text, options), encoding: page.encoding, encodingSource: page.source };
}
