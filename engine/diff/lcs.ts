/** Common runs as `[length, aStart, bStart]`, in order. */
export type Runs = Array<[number, number, number]>;

/** Reused memory (rows of bit vectors, match masks): one allocation serves every diff. */
let rowsScratch = new Uint32Array(1024);
let masksScratch = new Uint32Array(256);
/** Mask number of each token id, valid where `maskStamp` holds the current call's stamp. */
let maskIndex = new Int32Array(1024);
let maskStamp = new Int32Array(1024);
let stamp = 0;

/** Makes room in the mask index for token ids up to `id` (ids are interned: about the vocabulary). */
function growIndex(id: number): void {
  const size = Math.max(id + 1, maskIndex.length * 2);
  const index = new Int32Array(size);
  const stamps = new Int32Array(size);
  index.set(maskIndex);
  stamps.set(maskStamp);
  maskIndex = index;
  maskStamp = stamps;
}

/** Set bits of a 32-bit word. */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Zero bits among the first `c` bits of the row at `base`: the table's value at column c. */
function zerosBefore(rows: Uint32Array, base: number, c: number): number {
  let ones = 0;
  const full = c >>> 5;
  for (let w = 0; w < full; w++) ones += popcount(rows[base + w]!);
  const rest = c & 31;
  if (rest > 0) ones += popcount(rows[base + full]! & ((1 << rest) - 1));
  return c - ones;
}

/**
 * Runs of a longest common subsequence of `a[off, off + n)` and `b[off, off + m)`, by the
 * bit-parallel method (Allison and Dix 1986, Hyyrö 2004): a row of the LCS table is one bit vector
 * over `b`, updated with a few word operations per 32 tokens instead of one step per cell, which
 * makes paragraph-sized diffs several times faster than the plain table.
 *
 * The path is the one the plain dynamic programme over suffixes gives when traced forward, with
 * a deletion taken before an insertion on ties (removed text precedes added text, as in jsdiff).
 * To get it, both sides are read reversed: the suffix table of (a, b) is the prefix table of the
 * reversed sides, whose rows the bit vectors hold (a zero bit at j: the row grows by one at j).
 * Token ids are non-negative integers (interned forms).
 */
export function lcsRuns(a: Int32Array, b: Int32Array, off: number, n: number, m: number): Runs {
  const words = (m + 31) >>> 5;
  // Match masks of the reversed b, one per distinct token.
  if (++stamp === 0x7fffffff) (stamp = 1), maskStamp.fill(0);
  let distinct = 0;
  for (let j = 0; j < m; j++) {
    const t = b[off + m - 1 - j]!;
    if (t >= maskIndex.length) growIndex(t);
    let k = maskStamp[t] === stamp ? maskIndex[t]! : -1;
    if (k < 0) {
      k = distinct++;
      maskIndex[t] = k;
      maskStamp[t] = stamp;
      if (masksScratch.length < (k + 1) * words) {
        const grown = new Uint32Array(Math.max((k + 1) * words, masksScratch.length * 2));
        grown.set(masksScratch.subarray(0, k * words));
        masksScratch = grown;
      }
      masksScratch.fill(0, k * words, (k + 1) * words);
    }
    masksScratch[k * words + (j >>> 5)]! |= 1 << (j & 31);
  }
  const masks = masksScratch;
  if (rowsScratch.length < (n + 1) * words) rowsScratch = new Uint32Array(Math.max((n + 1) * words, rowsScratch.length * 2));
  const rows = rowsScratch;
  rows.fill(0xffffffff, 0, words);
  // Row r: the reversed a's first r tokens against the reversed b. V' = (V + U) | (V - U) with
  // U = V & match; U's bits are a subset of V's, so V - U is V & ~U, and only the sum carries.
  for (let r = 1; r <= n; r++) {
    const prev = (r - 1) * words;
    const cur = r * words;
    const t = a[off + n - r]!;
    const k = t < maskStamp.length && maskStamp[t] === stamp ? maskIndex[t]! : -1;
    if (k < 0) {
      rows.copyWithin(cur, prev, prev + words);
      continue;
    }
    let carry = 0;
    for (let w = 0; w < words; w++) {
      const v = rows[prev + w]!;
      const u = (v & masks[k * words + w]!) >>> 0;
      const sum = v + u + carry;
      carry = sum > 0xffffffff ? 1 : 0;
      rows[cur + w] = (sum >>> 0) | (v & ~u);
    }
  }
  const runs: Runs = [];
  let r = n;
  let c = m;
  // here = table(r, c); down = table(r - 1, c), counted again only when r moves (n times), and
  // updated by one bit when c moves.
  let here = zerosBefore(rows, r * words, c);
  let down = zerosBefore(rows, (r - 1) * words, c);
  while (r > 0 && c > 0) {
    const i = n - r;
    const j = m - c;
    if (a[off + i] === b[off + j]) {
      const last = runs[runs.length - 1];
      if (last && last[1] + last[0] === off + i && last[2] + last[0] === off + j) last[0]++;
      else runs.push([1, off + i, off + j]);
      r--;
      c--;
      here--;
      if (r > 0) down = zerosBefore(rows, (r - 1) * words, c);
      continue;
    }
    const bit = c - 1;
    const right = here - (((rows[r * words + (bit >>> 5)]! >>> (bit & 31)) & 1) ^ 1);
    if (down >= right) {
      r--;
      here = down;
      if (r > 0) down = zerosBefore(rows, (r - 1) * words, c);
    } else {
      c--;
      here = right;
      down -= ((rows[(r - 1) * words + (bit >>> 5)]! >>> (bit & 31)) & 1) ^ 1;
    }
  }
  return runs;
}
