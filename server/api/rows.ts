/**
 * Reading a stored batch result row (`{"id":…,"comparison":{…},"skipped"?:…}`, made by
 * `resultRow`) without parsing it: a row can hold megabytes of comparison JSON, and the request
 * thread only needs to cut the comparison out of it.
 */

const MARKER = ',"comparison":{';

/**
 * The comparison's JSON text in a done item's row, or null when the row has none. The marker
 * cannot occur inside the id (quotes in a JSON string are escaped), so its first occurrence starts
 * the comparison; the end is the brace that closes it, found by a scan that skips strings.
 */
export function comparisonOfRow(row: string): string | null {
  const at = row.indexOf(MARKER);
  if (at < 0 || !row.startsWith('{"id":')) return null;
  const start = at + MARKER.length - 1;
  let depth = 0;
  for (let i = start; i < row.length; i++) {
    const c = row.charCodeAt(i);
    if (c === 0x22) {
      // A string: skip to its closing quote, past escapes.
      for (i++; i < row.length; i++) {
        const d = row.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return row.slice(start, i + 1);
    }
  }
  return null;
}
