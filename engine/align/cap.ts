/**
 * Keeps at most `max` links, the best-scoring ones, in their original order. A cost bound: with
 * permissive thresholds every candidate would become a link, and every link a diff and findings.
 * Ties keep the earlier link, so the result is deterministic.
 */
export function keepBestLinks<T extends { score: number }>(links: T[], max: number): T[] {
  if (links.length <= max) return links;
  const order = links.map((_l, i) => i).sort((x, y) => links[y]!.score - links[x]!.score || x - y);
  const keep = order.slice(0, max).sort((x, y) => x - y);
  return keep.map((i) => links[i]!);
}
