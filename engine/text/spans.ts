/** Binary searches over things sorted by `start` (tokens, sentences, paragraphs, name mentions). */

/** Index of the last item whose `start` is at or before `at`, or -1 when there is none. */
export function lastStartingBy(items: ReadonlyArray<{ start: number }>, at: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid]!.start <= at) (found = mid), (lo = mid + 1);
    else hi = mid - 1;
  }
  return found;
}

/** Index of the first item whose `start` is at or after `at` (`items.length` when there is none). */
export function firstStartingFrom(items: ReadonlyArray<{ start: number }>, at: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid]!.start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
