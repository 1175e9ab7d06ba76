/**
 * How an article is named to a reader: its outlet when given, else the site of its URL, else the
 * source its headline names ("... | Reuters"), else its place ("Article 3"). Never its id: ids are
 * for machines ("a3", a file name) and read as noise in a reason or a column header.
 */

/** Headline endings that name the source: "Headline - Outlet", "Headline | Outlet", "Headline — Outlet". */
const TITLE_SOURCE = /\s(?:\||-|–|—)\s+([^|–—]{2,40})$/u;

/** A source named in a headline ending has at most this many words (longer tails are the headline's own). */
const MAX_SOURCE_WORDS = 4;

/** The site of a URL without "www." or "m.", or null when it is no http(s) URL. */
export function siteOf(url: string | null): string | null {
  if (!url) return null;
  // The authority of an http(s) URL, past any user info, up to its port or path.
  const m = /^https?:\/\/(?:[^/?#@]*@)?(\[[^\]]*\]|[^/?#:]+)/i.exec(url.trim());
  if (!m) return null;
  const host = m[1]!.toLowerCase().replace(/\.$/, '').replace(/^(?:www\d*|m|amp|mobile)\./, '');
  return /^[\p{L}\p{N}.[\]:-]+$/u.test(host) && host !== '' ? host : null;
}

/** The source a headline names at its end ("Senate passes bill | Reuters" → "Reuters"), or null. */
export function titleSource(title: string | null): string | null {
  if (!title) return null;
  const m = TITLE_SOURCE.exec(title);
  const tail = m?.[1]?.trim();
  if (!tail) return null;
  const words = tail.split(/\s+/);
  // A source is a name: capitalised words, few of them ("The Guardian", "BBC News", "AP").
  if (words.length > MAX_SOURCE_WORDS || !/^[\p{Lu}\d]/u.test(tail)) return null;
  return tail;
}

/**
 * Display names for a comparison's articles, in order, made unique with a counter ("Reuters",
 * "Reuters (2)") so two columns never share a header.
 */
export function displayNames(articles: ReadonlyArray<{ outlet: string | null; url: string | null; title: string | null }>): string[] {
  const base = articles.map((a, i) => a.outlet ?? siteOf(a.url) ?? titleSource(a.title) ?? `Article ${i + 1}`);
  const total = new Map<string, number>();
  for (const b of base) total.set(b.toLowerCase(), (total.get(b.toLowerCase()) ?? 0) + 1);
  const used = new Map<string, number>();
  return base.map((b) => {
    const k = b.toLowerCase();
    if ((total.get(k) ?? 0) < 2) return b;
    const n = (used.get(k) ?? 0) + 1;
    used.set(k, n);
    return n === 1 ? b : `${b} (${n})`;
  });
}
