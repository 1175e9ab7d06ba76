/**
 * Article metadata from a parsed page: title, byline, publication time, outlet, canonical URL and
 * language. Sources in order of trust: JSON-LD (`NewsArticle` and kin; what publishers give search
 * engines), then OpenGraph and other meta tags, then `<time>` and visible page elements.
 */
import type { CheerioAPI } from 'cheerio/slim';

export interface PageMetadata {
  title: string | null;
  byline: string | null;
  published: string | null;
  outlet: string | null;
  url: string | null;
  language: string | null;
  /** JSON-LD `articleBody`, when the page has one (a fallback for pages that render text by script). */
  articleBody: string | null;
}

/** schema.org types that describe an article, most specific first (the first match wins). */
const ARTICLE_TYPES: readonly string[] = [
  'NewsArticle', 'ReportageNewsArticle', 'AnalysisNewsArticle', 'OpinionNewsArticle', 'BackgroundNewsArticle',
  'ReviewNewsArticle', 'AskPublicExpertNewsArticle', 'LiveBlogPosting', 'Article', 'BlogPosting', 'Report',
  'TechArticle', 'ScholarlyArticle', 'SocialMediaPosting', 'Review',
];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function clean(s: string | undefined | null): string | null {
  if (typeof s !== 'string') return null;
  const t = s.replace(/\s+/g, ' ').trim();
  return t ? t : null;
}

/** Every object in the page's JSON-LD blocks, flattened out of arrays and `@graph`. */
function jsonLdObjects($: CheerioAPI): JsonObject[] {
  const out: JsonObject[] = [];
  const visit = (v: Json | undefined, depth: number): void => {
    if (depth > 6 || v === undefined) return;
    if (Array.isArray(v)) for (const x of v) visit(x, depth + 1);
    else if (isObject(v)) {
      out.push(v);
      if (v['@graph'] !== undefined) visit(v['@graph'], depth + 1);
      if (isObject(v['mainEntity'])) visit(v['mainEntity'], depth + 1);
    }
  };
  $('script[type="application/ld+json"]').each((_, el) => {
    const raw = $(el).text().trim().replace(/^<!\[CDATA\[|\]\]>$/g, '').replace(/;\s*$/, '');
    if (!raw) return;
    try {
      visit(JSON.parse(raw) as Json, 0);
    } catch {
      // Publishers ship broken JSON-LD now and then; the meta tags still speak for the page.
    }
  });
  return out;
}

function types(o: JsonObject): string[] {
  const t = o['@type'];
  if (typeof t === 'string') return [t];
  return Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : [];
}

function findArticle(objects: readonly JsonObject[]): JsonObject | undefined {
  for (const type of ARTICLE_TYPES) {
    const hit = objects.find((o) => types(o).includes(type));
    if (hit) return hit;
  }
  return undefined;
}

/** Follows an `{"@id": ...}` reference to the object it names, within the same page. */
function resolve(v: Json | undefined, objects: readonly JsonObject[]): Json | undefined {
  if (isObject(v) && typeof v['@id'] === 'string' && Object.keys(v).length === 1) {
    return objects.find((o) => o['@id'] === v['@id'] && o !== v) ?? v;
  }
  return v;
}

function nameOf(v: Json | undefined, objects: readonly JsonObject[]): string | null {
  const r = resolve(v, objects);
  if (typeof r === 'string') return /^https?:\/\//.test(r) ? null : clean(r);
  if (isObject(r)) return clean(typeof r['name'] === 'string' ? r['name'] : null);
  return null;
}

function names(v: Json | undefined, objects: readonly JsonObject[]): string | null {
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  const got = [...new Set(list.map((x) => nameOf(x, objects)).filter((x): x is string => x !== null))];
  return joinNames(got);
}

function joinNames(list: readonly string[]): string | null {
  if (list.length === 0) return null;
  if (list.length === 1) return list[0]!;
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

function str(v: Json | undefined): string | null {
  return typeof v === 'string' ? clean(v) : null;
}

function urlOf(v: Json | undefined): string | null {
  if (typeof v === 'string') return clean(v);
  if (isObject(v) && typeof v['@id'] === 'string') return clean(v['@id']);
  return null;
}

/**
 * A publication time as ISO 8601. Values already in ISO form keep their own offset (the outlet's
 * local time is information); `+0100` offsets gain their colon; other formats that `Date` reads
 * unambiguously (RFC 2822 and the like) are given in UTC.
 */
export function normalizeDate(value: string | null | undefined): string | null {
  const v = clean(value ?? null);
  if (!v) return null;
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(v);
  if (iso) {
    const [, date, time, zone] = iso;
    if (!time) return date!;
    const z = zone ? (zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`) : '';
    return `${date}T${time.length === 5 ? `${time}:00` : time}${z}`;
  }
  // Only formats with a written month or zone: bare "01/02/2025" is ambiguous between D/M and M/D.
  if (!/[a-z]{3}/i.test(v)) return null;
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace('.000Z', 'Z') : null;
}

function meta($: CheerioAPI, ...keys: string[]): string | null {
  for (const k of keys) {
    const v = $(`meta[property="${k}"], meta[name="${k}"], meta[itemprop="${k}"]`).first().attr('content');
    const c = clean(v);
    if (c) return c;
  }
  return null;
}

/** "Headline | Outlet", "Headline - Outlet": the headline part, when the rest names the outlet or is short. */
export function stripTitleSuffix(title: string, outlet: string | null): string {
  const parts = title.split(/\s+[|–—·•»:-]{1,2}\s+/);
  if (parts.length < 2) return title;
  const last = parts[parts.length - 1]!;
  const first = parts[0]!;
  const o = outlet?.toLowerCase();
  if (o && last.toLowerCase().includes(o)) return parts.slice(0, -1).join(' - ').trim() || title;
  if (o && first.toLowerCase().includes(o)) return parts.slice(1).join(' - ').trim() || title;
  // Unknown outlet: drop a short trailing part (a site name is a few words, a headline more).
  return last.split(/\s+/).length <= 4 && first.split(/\s+/).length >= 3 ? parts.slice(0, -1).join(' - ') : title;
}

function stripByPrefix(s: string): string {
  return s.replace(/^by[:\s]+/i, '').replace(/\s*[|,]\s*(updated|published).*$/i, '').trim();
}

/** Reads the page's metadata; every field is null when the page does not say. */
export function extractMetadata($: CheerioAPI): PageMetadata {
  const objects = jsonLdObjects($);
  const ld = findArticle(objects);
  const ldPublisher = ld ? nameOf(ld['publisher'], objects) : null;
  const site = objects.find((o) => types(o).includes('WebSite'));

  const outlet = ldPublisher ?? meta($, 'og:site_name', 'application-name', 'twitter:site:name')
    ?? (site ? nameOf(site, objects) : null);

  const h1 = clean($('article h1, main h1, h1').first().text());
  const rawTitle = (ld ? str(ld['headline']) ?? str(ld['name']) : null)
    ?? meta($, 'og:title', 'twitter:title', 'title', 'headline')
    ?? h1
    ?? clean($('title').first().text());
  const title = rawTitle ? stripTitleSuffix(rawTitle, outlet) : null;

  const visibleByline = clean($('[rel="author"], [itemprop="author"] [itemprop="name"], .byline, .author-name, [class*="byline"]').first().text());
  const metaAuthor = meta($, 'author', 'parsely-author', 'sailthru.author', 'dc.creator', 'DC.creator');
  const byline = (ld ? names(ld['author'], objects) : null)
    ?? (metaAuthor && !/^https?:\/\//.test(metaAuthor) ? metaAuthor : null)
    ?? (visibleByline ? clean(stripByPrefix(visibleByline)) : null);

  const timeEl = $('article time[datetime], time[pubdate], time[datetime]').first();
  const published = normalizeDate(
    (ld ? str(ld['datePublished']) ?? str(ld['dateCreated']) : null)
      ?? meta($, 'article:published_time', 'datePublished', 'pubdate', 'publishdate', 'parsely-pub-date', 'sailthru.date', 'dc.date', 'DC.date.issued', 'date')
      ?? clean(timeEl.attr('datetime')),
  );

  const url = clean($('link[rel="canonical"]').first().attr('href'))
    ?? meta($, 'og:url')
    ?? (ld ? urlOf(ld['url']) ?? urlOf(ld['mainEntityOfPage']) : null);

  const locale = meta($, 'og:locale');
  const language = (ld ? str(ld['inLanguage']) : null)
    ?? clean($('html').attr('lang'))
    ?? clean($('meta[http-equiv="content-language" i]').attr('content'))
    ?? (locale ? locale.replace('_', '-') : null);

  const articleBody = ld ? str(ld['articleBody']) : null;
  return { title, byline, published, outlet, url, language, articleBody };
}
