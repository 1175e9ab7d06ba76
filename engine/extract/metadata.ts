/**
 * Article metadata from a parsed page: title, byline, publication time, outlet, canonical URL and
 * language. Sources in order of trust: JSON-LD (`NewsArticle` and kin; what publishers give search
 * engines), then OpenGraph and other meta tags, then `<time>` and visible page elements.
 */
import type { AnyNode, Element } from 'domhandler';

/** An article's metadata; every field is null when the page does not say. */
export interface ArticleMetadata {
  title: string | null;
  /** Author names, comma-separated. */
  byline: string | null;
  /** ISO 8601, with the page's own offset when it gave one. */
  published: string | null;
  /** The site's name. */
  outlet: string | null;
  /** Canonical URL (the URL the page came from when it names none). */
  url: string | null;
  /** BCP 47 tag as the page declares it, e.g. `en-GB`. */
  language: string | null;
}

/** What the page's metadata says, plus what body extraction needs to know. */
export interface PageMetadata extends ArticleMetadata {
  /** JSON-LD `articleBody`, when the page has one (a fallback for pages that render text by script). */
  articleBody: string | null;
  /** True when JSON-LD calls the page a list of items (a section front, search results) and no article. */
  isCollection: boolean;
}

/** schema.org types of index pages. */
const COLLECTION_TYPES: readonly string[] = ['CollectionPage', 'ItemList', 'SearchResultsPage', 'ProfilePage'];

/** schema.org types that describe an article, most specific first (the first match wins). */
const ARTICLE_TYPES: readonly string[] = [
  'NewsArticle', 'ReportageNewsArticle', 'AnalysisNewsArticle', 'OpinionNewsArticle', 'BackgroundNewsArticle',
  'ReviewNewsArticle', 'AskPublicExpertNewsArticle', 'LiveBlogPosting', 'Article', 'BlogPosting', 'Report',
  'TechArticle', 'ScholarlyArticle', 'SocialMediaPosting', 'Review',
];

/**
 * What metadata needs from the page, gathered in one walk (CSS selectors re-walk the tree per
 * query, and on hostile pages nested thousands deep that costs seconds).
 */
interface PageIndex {
  /** `<meta>` content by lower-cased property, name or itemprop (first one wins). */
  meta: Map<string, string>;
  /** `<meta http-equiv>` content by lower-cased header name. */
  httpEquiv: Map<string, string>;
  jsonLd: string[];
  canonical: string | null;
  title: string | null;
  htmlLang: string | null;
  /** The first `<h1>` inside `<article>`/`<main>`, else the first anywhere. */
  h1: string | null;
  /** `datetime` of the first `<time>` inside `<article>`, else of one marked `pubdate`, else the first. */
  time: string | null;
  /** The first visible byline element's text (`rel=author`, `itemprop=author`, a `byline` class). */
  byline: string | null;
}

const BYLINE_CLASS = /(?:^|[\s_-])(byline|author-name|author_name|authorname|by-author)(?:$|[\s_-])/i;

/** Links to author pages: `/author/jane-roe`, `/people/jane-roe`, `/staff/...`. */
const AUTHOR_HREF = /\/(?:authors?|people|staff|profiles?|journalists?|reporters?|contributors?)\/[^/?#]+/i;

/**
 * A visible byline: `rel=author`, `itemprop=author`, a byline class, a link to an author page, or
 * an element with an "author" class whose text starts with "By".
 */
function isBylineElement(el: Element): boolean {
  const a = el.attribs;
  if (a['rel'] === 'author' || a['itemprop'] === 'author' || BYLINE_CLASS.test(a['class'] ?? '')) return true;
  if (el.name === 'a' && AUTHOR_HREF.test(a['href'] ?? '')) return true;
  return /author/i.test(a['class'] ?? '') && /^\s*by\s/i.test(textOf(el, 40));
}

/** Text of an element, without scripts and styles, capped (a byline or headline is short). */
function textOf(el: Element, cap = 2000): string {
  let out = '';
  const stack: AnyNode[] = [el];
  while (stack.length > 0 && out.length < cap) {
    const n = stack.pop()!;
    if (n.type === 'text') out += (n as { data: string }).data;
    else if (n.type === 'tag' || n === el) {
      const kids = (n as Element).children;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    }
  }
  return out;
}

function indexPage(root: AnyNode): PageIndex {
  const idx: PageIndex = { meta: new Map(), httpEquiv: new Map(), jsonLd: [], canonical: null, title: null, htmlLang: null, h1: null, time: null, byline: null };
  let h1Anywhere: string | null = null;
  let timePubdate: string | null = null;
  let timeAnywhere: string | null = null;
  const stack: { node: AnyNode; inArticle: boolean }[] = [{ node: root, inArticle: false }];
  while (stack.length > 0) {
    const { node, inArticle } = stack.pop()!;
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'root') continue;
    let here = inArticle;
    if (node.type !== 'root') {
      const el = node as Element;
      const a = el.attribs;
      switch (el.name) {
        case 'html':
          idx.htmlLang ??= clean(a['lang'] ?? a['xml:lang']);
          break;
        case 'meta': {
          const content = a['content'];
          if (content === undefined) break;
          for (const k of [a['property'], a['name'], a['itemprop']]) {
            if (k && !idx.meta.has(k.toLowerCase())) idx.meta.set(k.toLowerCase(), content);
          }
          const eq = a['http-equiv'];
          if (eq && !idx.httpEquiv.has(eq.toLowerCase())) idx.httpEquiv.set(eq.toLowerCase(), content);
          break;
        }
        case 'link':
          if (!idx.canonical && (a['rel'] ?? '').toLowerCase().split(/\s+/).includes('canonical')) idx.canonical = clean(a['href']);
          break;
        case 'script':
          if ((a['type'] ?? '').toLowerCase().trim() === 'application/ld+json') idx.jsonLd.push(textOf(el, 1_000_000));
          continue;
        case 'title':
          idx.title ??= clean(textOf(el));
          continue;
        case 'article':
        case 'main':
          here = true;
          break;
        case 'h1': {
          const t = clean(textOf(el));
          if (t && here) idx.h1 ??= t;
          if (t) h1Anywhere ??= t;
          break;
        }
        case 'time': {
          const dt = clean(a['datetime']);
          if (dt) {
            if (here) idx.time ??= dt;
            if ('pubdate' in a) timePubdate ??= dt;
            timeAnywhere ??= dt;
          }
          break;
        }
        default:
          break;
      }
      if (!idx.byline && isBylineElement(el)) {
        const t = clean(textOf(el, 300));
        if (t && t.length < 200) idx.byline = t;
      }
    }
    const kids = (node as Element).children;
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i]!, inArticle: here });
  }
  idx.h1 ??= h1Anywhere;
  idx.time ??= timePubdate ?? timeAnywhere;
  return idx;
}

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
function jsonLdObjects(idx: PageIndex): JsonObject[] {
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
  for (const text of idx.jsonLd) {
    const raw = text.trim().replace(/^<!\[CDATA\[|\]\]>$/g, '').replace(/;\s*$/, '');
    if (!raw) continue;
    try {
      visit(JSON.parse(raw) as Json, 0);
    } catch {
      // Publishers ship broken JSON-LD now and then; the meta tags still speak for the page.
    }
  }
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
  return list.join(', ');
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

function meta(idx: PageIndex, ...keys: string[]): string | null {
  for (const k of keys) {
    const c = clean(idx.meta.get(k.toLowerCase()));
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
export function extractMetadata(root: AnyNode): PageMetadata {
  const idx = indexPage(root);
  const objects = jsonLdObjects(idx);
  const ld = findArticle(objects);
  const ldPublisher = ld ? nameOf(ld['publisher'], objects) : null;
  const site = objects.find((o) => types(o).includes('WebSite'));

  const outlet = ldPublisher ?? meta(idx, 'og:site_name', 'application-name', 'twitter:site:name')
    ?? (site ? nameOf(site, objects) : null);

  const h1 = idx.h1;
  const rawTitle = (ld ? str(ld['headline']) ?? str(ld['name']) : null)
    ?? meta(idx, 'og:title', 'twitter:title', 'title', 'headline')
    ?? h1
    ?? idx.title;
  const title = rawTitle ? stripTitleSuffix(rawTitle, outlet) : null;

  const visibleByline = idx.byline;
  const metaAuthor = meta(idx, 'author', 'parsely-author', 'sailthru.author', 'dc.creator', 'DC.creator');
  const byline = (ld ? names(ld['author'], objects) : null)
    ?? (metaAuthor && !/^https?:\/\//.test(metaAuthor) ? metaAuthor : null)
    ?? (visibleByline ? clean(stripByPrefix(visibleByline)) : null);

  const published = normalizeDate(
    (ld ? str(ld['datePublished']) ?? str(ld['dateCreated']) : null)
      ?? meta(idx, 'article:published_time', 'datePublished', 'pubdate', 'publishdate', 'parsely-pub-date', 'sailthru.date', 'dc.date', 'DC.date.issued', 'date')
      ?? idx.time,
  );

  const url = idx.canonical
    ?? meta(idx, 'og:url')
    ?? (ld ? urlOf(ld['url']) ?? urlOf(ld['mainEntityOfPage']) : null);

  const locale = meta(idx, 'og:locale');
  const language = (ld ? str(ld['inLanguage']) : null)
    ?? idx.htmlLang
    ?? clean(idx.httpEquiv.get('content-language'))
    ?? (locale ? locale.replace('_', '-') : null);

  // Raw, not whitespace-collapsed: its line breaks are the paragraph breaks.
  const body = ld?.['articleBody'];
  const articleBody = typeof body === 'string' && body.trim() ? body : null;
  const isCollection = !ld && objects.some((o) => types(o).some((t) => COLLECTION_TYPES.includes(t)));
  return { title, byline, published, outlet, url, language, articleBody, isCollection };
}
