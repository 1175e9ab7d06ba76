/**
 * Text normalization. Two different things happen here:
 * - `normalizeText` produces the article's canonical text (NFC, `\n` line breaks). All offsets
 *   in the output point into this text.
 * - `foldTypography` produces a *matching key* only: outlets differ in quote style, dashes and
 *   spaces, and that is not a difference in wording. Keys are never used as positions.
 */

/** NFC, `\r\n`/`\r`/U+2028/U+2029 to `\n`, and removal of characters that have no business in prose. */
export function normalizeText(raw: string): string {
  return (
    raw
      .normalize('NFC')
      .replace(/\r\n?|[\u2028\u2029]/g, '\n')
      // BOM, zero-width spaces and controls other than tab/newline: invisible, and they split words.
      .replace(/[\uFEFF\u200B\u00AD\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
  );
}

/** Typographic variants mapped to one plain form; each pair is (variants, replacement). */
const TYPOGRAPHY_FOLDS: ReadonlyArray<readonly [RegExp, string]> = [
  // Curly, low, prime and modifier apostrophes/single quotes -> '
  [/[\u2018\u2019\u201A\u201B\u2032\u02BC\u0060\u00B4]/g, "'"],
  // Curly, low, guillemet and prime double quotes -> "
  [/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB\u2039\u203A]/g, '"'],
  // Hyphens, en/em dashes, minus, figure dash -> -
  [/[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D]/g, '-'],
  // No-break, thin, narrow and other fixed-width spaces -> space
  [/[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, ' '],
  // Ellipsis character -> three dots
  [/\u2026/g, '...'],
];

/** Any character that one of the folds above rewrites (a fast pre-check: most words have none). */
const FOLDABLE_RE = /[\u2018\u2019\u201A\u201B\u2032\u02BC\u0060\u00B4\u201C-\u201F\u2033\u00AB\u00BB\u2039\u203A\u2010-\u2015\u2212\uFE58\uFE63\uFF0D\u00A0\u2000-\u200A\u202F\u205F\u3000\u2026]/;

/** Folds typography so that `“war”` and `"war"`, `Russia’s` and `Russia's` compare equal. */
export function foldTypography(s: string): string {
  if (!FOLDABLE_RE.test(s)) return s;
  let out = s;
  for (const [re, rep] of TYPOGRAPHY_FOLDS) out = out.replace(re, rep);
  return out;
}

/** Matching key of a word: typography folded, lower-cased, possessive/apostrophe variants unified. */
export function wordKey(word: string): string {
  return foldTypography(word).toLowerCase();
}
