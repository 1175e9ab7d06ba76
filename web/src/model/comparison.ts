/**
 * Render models computed from the comparison JSON (pure functions, unit-tested): row order,
 * per-cell highlight segments, where a finding's evidence sits, and the overviews' data. The UI
 * never re-runs analysis; it only rearranges what the engine reported.
 */
import { upgradeComparison } from '../../../engine/upgrade.ts';
import { PACKED, toView, walkSteps } from '../../../engine/view.ts';
import type { AlignmentRow, Comparison, ComparisonView, ComparisonArticle, Finding, ViewDiff, WordChoice } from '../types.ts';

/** How rows are ordered: by where outlets put them on average, or by one article's order. */
export type RowOrder = { kind: 'consensus' } | { kind: 'reference'; article: string };

/** A row with its index in `alignment.rows` (the id used everywhere in the UI). */
export interface OrderedRow {
  index: number;
  row: AlignmentRow;
  /** Mean similarity of the row's linked paragraph pairs (1 = same wording); null for single-outlet rows. */
  similarity: number | null;
}

/** Everything the views need, indexed once per comparison. */
export interface ComparisonModel {
  c: ComparisonView;
  articles: ComparisonArticle[];
  byId: Map<string, ComparisonArticle>;
  /** Paragraph-level diffs by `article:paragraph`. */
  diffsByParagraph: Map<string, ViewDiff[]>;
  /** Row index by `article:paragraph`. */
  rowOf: Map<string, number>;
  rowSimilarity: (number | null)[];
  /** The engine's word choices by `article:paragraph` of either side: `mine` is that side, `theirs` the other. */
  choicesByParagraph: Map<string, Array<{ mine: WordChoice['a']; theirs: WordChoice['a'] }>>;
  /** Paragraphs (`article:paragraph`) reworded against every counterpart in their row (see `reworded`). */
  reworded: ReadonlySet<string>;
}

const key = (article: string, paragraph: number) => `${article}:${paragraph}`;

/** Indexes a comparison for rendering. */
export function buildModel(saved: ComparisonView | Comparison): ComparisonModel {
  // A full comparison (a batch item, a re-run) is read as its view; comparisons saved by an older
  // engine get the names and finding keys the current one gives.
  const c = upgradeComparison(toView(saved));
  const byId = new Map(c.articles.map((a) => [a.id, a]));
  // Plain indexed loops that make no arrays or iterators per item: this runs once, on a large
  // comparison's tens of thousands of diffs and choices, before the JIT has warmed up.
  const rowOf = new Map<string, number>();
  const rows = c.alignment.rows;
  for (let i = 0; i < rows.length; i++) {
    for (const m of rows[i]!.members) for (const p of m.paragraphs) rowOf.set(key(m.article, p), i);
  }
  const diffsByParagraph = new Map<string, ViewDiff[]>();
  const add = (k: string, d: ViewDiff): void => {
    const list = diffsByParagraph.get(k);
    if (list) list.push(d);
    else diffsByParagraph.set(k, [d]);
  };
  // A row's similarity: the mean over the diffs whose two paragraphs both sit in it.
  const simSum = new Float64Array(rows.length);
  const simCount = new Uint32Array(rows.length);
  // Per paragraph (`article:paragraph`): does it have a diff within its row, and is every such
  // diff reworded? (see `reworded`).
  const inRow = new Map<string, boolean>();
  const noteInRow = (k: string, isReworded: boolean): void => {
    inRow.set(k, (inRow.get(k) ?? true) && isReworded);
  };
  const ds = c.diffs;
  for (let i = 0; i < ds.length; i++) {
    const d = ds[i]!;
    const ka = key(d.a.article, d.a.index);
    const kb = key(d.b.article, d.b.index);
    add(ka, d);
    add(kb, d);
    const ra = rowOf.get(ka);
    if (ra === undefined || ra !== rowOf.get(kb)) continue;
    simSum[ra]! += d.similarity;
    simCount[ra]! += 1;
    const isReworded = d.status === 'rewritten' || d.similarity < MIN_MARK_SIMILARITY;
    noteInRow(ka, isReworded);
    noteInRow(kb, isReworded);
  }
  const rowSimilarity: (number | null)[] = [];
  for (let i = 0; i < rows.length; i++) rowSimilarity.push(simCount[i] ? simSum[i]! / simCount[i]! : null);
  const reworded = new Set<string>();
  for (const [k, all] of inRow) if (all) reworded.add(k);
  const choicesByParagraph = new Map<string, Array<{ mine: WordChoice['a']; theirs: WordChoice['a'] }>>();
  const addChoice = (mine: WordChoice['a'], theirs: WordChoice['a']): void => {
    const a = byId.get(mine.article);
    if (!a) return;
    const k = key(mine.article, paragraphAt(a, mine.start));
    const list = choicesByParagraph.get(k);
    if (list) list.push({ mine, theirs });
    else choicesByParagraph.set(k, [{ mine, theirs }]);
  };
  const ch = c.choices;
  for (let i = 0; i + 5 < ch.length; i += 6) {
    const wa = { article: c.articles[ch[i]!]?.id ?? '', start: ch[i + 1]!, end: ch[i + 2]! };
    const wb = { article: c.articles[ch[i + 3]!]?.id ?? '', start: ch[i + 4]!, end: ch[i + 5]! };
    addChoice(wa, wb);
    addChoice(wb, wa);
  }
  return { c, articles: c.articles, byId, diffsByParagraph, rowOf, rowSimilarity, choicesByParagraph, reworded };
}

/** Where a row sits in an article, from 0 (top) to 1 (bottom). */
function position(m: ComparisonModel, row: AlignmentRow, article?: string): number | undefined {
  const members = article ? row.members.filter((x) => x.article === article) : row.members;
  const ps = members.map((x) => {
    const a = m.byId.get(x.article);
    const first = Math.min(...x.paragraphs);
    return a && a.paragraphs.length > 1 ? first / (a.paragraphs.length - 1) : 0;
  });
  return ps.length ? ps.reduce((s, v) => s + v, 0) / ps.length : undefined;
}

/**
 * The rows in reading order. Consensus: by the mean relative position the outlets give them.
 * Reference: by the chosen article's order; rows it lacks are slotted in by their consensus position.
 */
export function orderRows(m: ComparisonModel, order: RowOrder): OrderedRow[] {
  const rows = m.c.alignment.rows.map((row, index) => {
    const consensus = position(m, row) ?? 0;
    const ref = order.kind === 'reference' ? position(m, row, order.article) : undefined;
    return { index, row, similarity: m.rowSimilarity[index] ?? null, sortKey: ref ?? consensus, tie: consensus };
  });
  rows.sort((x, y) => x.sortKey - y.sortKey || x.tie - y.tie || x.index - y.index);
  // In consensus order the view opens with a passage most outlets share: passages of one outlet
  // placed before the first shared one (a dateline, a web-only intro) move just after it.
  if (order.kind === 'consensus') {
    const firstShared = rows.findIndex((r) => r.row.members.length >= Math.max(2, Math.ceil(m.articles.length / 2)));
    if (firstShared > 0) {
      const lead = rows.slice(0, firstShared);
      const moved = lead.filter((r) => r.row.members.length < 2);
      const kept = lead.filter((r) => r.row.members.length >= 2);
      rows.splice(0, firstShared + 1, ...kept, rows[firstShared]!, ...moved);
    }
  }
  return rows.map(({ index, row, similarity }) => ({ index, row, similarity }));
}

/** A counterpart wording in another outlet, for a paired substitution. */
export interface Counterpart {
  article: string;
  text: string;
  /** Where the counterpart wording sits in its own article's text. */
  start: number;
  end: number;
}

/**
 * Below this share of common words, two passages are reworded rather than edited: their word
 * diff would mark nearly everything, so it marks nothing (their shared words still count).
 */
export const MIN_MARK_SIMILARITY = 0.3;

/** One run of a cell's text and how to show it. */
export interface Segment {
  start: number;
  end: number;
  /** `diff`: wording no other outlet in the row shares; `style`: only case, quotes or punctuation differ. */
  kind: 'plain' | 'diff' | 'style';
  /** Paired substitutions: what the other outlets wrote in this slot. */
  counterparts: Counterpart[];
  /** Inside the selected finding's evidence. */
  evidence: boolean;
}

/**
 * The highlight segments of paragraph `p` of `article` within its row: wording shared with at
 * least one other outlet in the row is plain; wording no other outlet shares is `diff` (paired
 * substitutions carry the counterparts); differences of case, quotes or punctuation are `style`.
 * `evidence` marks spans (offsets into the article's text) of the selected finding.
 */
export function cellSegments(
  m: ComparisonModel,
  article: string,
  p: number,
  evidence: readonly { start: number; end: number }[] = [],
  /** Use only these diffs (the pair view), whatever the rows say; `null`: no diff at all. */
  only?: ViewDiff | readonly ViewDiff[] | null,
): Segment[] {
  const a = m.byId.get(article);
  const para = a?.paragraphs[p];
  if (!a || !para) return [];
  const { start: base, end } = para;
  const len = end - base;
  // Per character: 0 plain, 1 style-only change, 2 wording change.
  const state = new Uint8Array(len);
  const counter = new Map<number, Counterpart[]>();
  const mark = (s: number, e: number, v: number): void => {
    for (let i = Math.max(0, s - base); i < Math.min(len, e - base); i++) state[i] = Math.max(state[i]!, v);
  };
  const row = m.rowOf.get(key(article, p));
  const shared = new Uint8Array(len);
  const onlyList: readonly ViewDiff[] | undefined = only === undefined ? undefined : only === null ? [] : Array.isArray(only) ? only : [only as ViewDiff];
  for (const d of onlyList ?? m.diffsByParagraph.get(key(article, p)) ?? []) {
    if (onlyList && !((d.a.article === article && d.a.index === p) || (d.b.article === article && d.b.index === p))) continue;
    const mine = d.a.article === article && d.a.index === p ? 'a' : 'b';
    const other = mine === 'a' ? d.b : d.a;
    if (only === undefined && row !== undefined && m.rowOf.get(key(other.article, other.index)) !== row) continue;
    // Packed changes (engine/view.ts), walked without making objects.
    const marksMine = !(only === undefined && d.similarity < MIN_MARK_SIMILARITY);
    const isA = mine === 'a';
    walkSteps(d.steps, (kind, as, ae, bs, be) => {
      if (kind === PACKED.common) {
        const s = isA ? as : bs;
        const e = isA ? ae : be;
        for (let i = Math.max(0, s - base); i < Math.min(len, e - base); i++) shared[i] = 1;
        return;
      }
      const removed = kind === PACKED.removedWording || kind === PACKED.removedStyle;
      if (marksMine && removed === isA) mark(isA ? as : bs, isA ? ae : be, kind === PACKED.removedStyle || kind === PACKED.addedStyle ? 1 : 2);
    });
  }
  // Shared with any outlet wins: the mark means "no other outlet in this row wrote this".
  for (let i = 0; i < len; i++) if (shared[i]) state[i] = 0;
  // Substitutions are the engine's word choices, the list its wording findings and its text
  // report use: marked with what the other outlets in the row (or the pair) wrote in that slot,
  // even where a third outlet shares the word.
  // In the pair view, the other sides of this paragraph's own diffs.
  const pairOthers = onlyList
    ? new Set(onlyList.filter((d) => (d.a.article === article && d.a.index === p) || (d.b.article === article && d.b.index === p)).map((d) => (d.a.article === article && d.a.index === p ? key(d.b.article, d.b.index) : key(d.a.article, d.a.index))))
    : undefined;
  for (const { mine, theirs } of only === null ? [] : m.choicesByParagraph.get(key(article, p)) ?? []) {
    const otherArticle = m.byId.get(theirs.article);
    if (!otherArticle) continue;
    const otherParagraph = paragraphAt(otherArticle, theirs.start);
    if (pairOthers ? !pairOthers.has(key(theirs.article, otherParagraph)) : row === undefined || m.rowOf.get(key(theirs.article, otherParagraph)) !== row) continue;
    for (let i = Math.max(0, mine.start - base); i < Math.min(len, mine.end - base); i++) state[i] = 2;
    const list = counter.get(mine.start) ?? [];
    if (!list.some((x) => x.article === theirs.article)) list.push({ article: theirs.article, text: otherArticle.text.slice(theirs.start, theirs.end), start: theirs.start, end: theirs.end });
    counter.set(mine.start, list);
  }
  const inEvidence = new Uint8Array(len);
  for (const e of evidence) for (let i = Math.max(0, e.start - base); i < Math.min(len, e.end - base); i++) inEvidence[i] = 1;

  // A space between two marked words of the same kind belongs to the mark (one run, not two).
  const text = a.text;
  for (let i = 0; i < len; i++) {
    if (state[i] !== 0 || !isSpace(text.charCodeAt(base + i))) continue;
    let j = i;
    while (j < len && isSpace(text.charCodeAt(base + j))) j++;
    const before = i > 0 ? state[i - 1]! : 0;
    if (before !== 0 && j < len && state[j] === before) state.fill(before, i, j);
    i = j - 1;
  }
  const segments: Segment[] = [];
  for (let i = 0; i < len;) {
    const ev = inEvidence[i] === 1;
    let j = i + 1;
    while (j < len && state[j] === state[i] && (inEvidence[j] === 1) === ev) j++;
    const counterparts: Counterpart[] = [];
    for (const [s, list] of counter) {
      if (s - base < i || s - base >= j) continue;
      for (const cp of list) if (!counterparts.some((x) => x.article === cp.article)) counterparts.push(cp);
    }
    segments.push({ start: base + i, end: base + j, kind: state[i] === 2 ? 'diff' : state[i] === 1 ? 'style' : 'plain', counterparts, evidence: ev });
    i = j;
  }
  return segments;
}

/** White space inside a paragraph of normalized text: spaces, tabs, no-break and the other Unicode spaces. */
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0xa0 || c === 0x0a || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000;
}

/**
 * Whether paragraph `p` of `article` is reworded against every passage it is linked to in its
 * row: each diff was given up (rewritten) or shares under `MIN_MARK_SIMILARITY` of its words, so
 * its cell shows no word marks, and must say why rather than look unchanged.
 */
export function reworded(m: ComparisonModel, article: string, p: number): boolean {
  return m.reworded.has(key(article, p));
}

/** Where a finding's evidence sits: per article, the spans, and the rows they fall in. */
export interface Evidence {
  spans: Map<string, { start: number; end: number }[]>;
  titleSpans: Map<string, { start: number; end: number }[]>;
  rows: number[];
}

/** The paragraph containing a character offset. */
export function paragraphAt(a: ComparisonArticle, offset: number): number {
  let lo = 0;
  let hi = a.paragraphs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = a.paragraphs[mid]!;
    if (offset < p.start) hi = mid - 1;
    else if (offset >= p.end) lo = mid + 1;
    else return mid;
  }
  return Math.max(0, Math.min(a.paragraphs.length - 1, lo));
}

/** Indexes a finding's spans by article and row. */
export function evidenceOf(m: ComparisonModel, f: Finding | undefined): Evidence {
  const spans = new Map<string, { start: number; end: number }[]>();
  const titleSpans = new Map<string, { start: number; end: number }[]>();
  const rows = new Set<number>();
  // Typed evidence: the flagged words and their counterparts in every column concerned.
  for (const s of f?.evidence ?? f?.spans ?? []) {
    const target = s.field === 'title' ? titleSpans : spans;
    const list = target.get(s.article) ?? [];
    list.push({ start: s.start, end: s.end });
    target.set(s.article, list);
    const a = m.byId.get(s.article);
    if (a && s.field !== 'title') {
      const r = m.rowOf.get(key(s.article, paragraphAt(a, s.start)));
      if (r !== undefined) rows.add(r);
    }
  }
  return { spans, titleSpans, rows: [...rows] };
}

/** The family of a rule: `framing/loaded` → `framing`. */
export const familyOf = (ruleId: string): string => ruleId.split('/')[0] ?? ruleId;

/** Articles a finding concerns. */
export const articlesOf = (f: Finding): string[] => [...new Set(f.spans.map((s) => s.article))];

/** An outlet's display name. */
export const outletName = (a: ComparisonArticle | undefined, fallback = ''): string => a?.name ?? fallback;

/** Per row and article: carried (with its best similarity to another outlet's passage, 0-1), carried by this outlet alone (`only`), or missing (null). */
export function coverageGrid(m: ComparisonModel, rows: readonly OrderedRow[]): { row: number; cells: (number | null | 'only')[] }[] {
  return rows.map(({ index, row }) => ({
    row: index,
    cells: m.articles.map((a) => {
      const member = row.members.find((x) => x.article === a.id);
      if (!member) return null;
      // A passage only this outlet carries has nothing to share wording with.
      if (row.members.length === 1) return 'only' as const;
      const sims: number[] = [];
      for (const p of member.paragraphs) {
        for (const d of m.diffsByParagraph.get(key(a.id, p)) ?? []) {
          const other = d.a.article === a.id && d.a.index === p ? d.b : d.a;
          if (m.rowOf.get(key(other.article, other.index)) === index) sims.push(d.similarity);
        }
      }
      return sims.length ? Math.max(...sims) : 0;
    }),
  }));
}

/** Term contrasts from `wording/substitution` findings: per finding, each outlet's wording. */
export function termContrasts(m: ComparisonModel): { finding: Finding; wordings: [string, string][]; occurrences: number }[] {
  return m.c.findings
    .filter((f) => f.ruleId === 'wording/substitution')
    .map((f) => {
      const data = (f.data ?? {}) as { wordings?: Record<string, string>; occurrences?: number };
      return { finding: f, wordings: Object.entries(data.wordings ?? {}), occurrences: data.occurrences ?? 1 };
    });
}

/**
 * One line of the pair view: paragraphs of A beside paragraphs of B, with the diffs that link
 * them (none: a paragraph opposite a gap).
 */
export interface PairRow {
  /** A's paragraphs in this line, ascending (empty: a gap on A's side). */
  a: number[];
  b: number[];
  /** The links between them. */
  diffs: ViewDiff[];
}

/** Weight of a link in the pair view's chain: every link counts, a closer one more. */
const linkWeight = (d: ViewDiff): number => 0.5 + d.similarity;

/**
 * The two-column diff of articles `a` and `b`: every paragraph of each side exactly once, each
 * side in its own order. The links kept side by side are the heaviest chain that runs forward in
 * both articles (a dynamic programme over the links, weighed by `linkWeight`); links of one
 * paragraph to several consecutive ones stay together in one line (many-to-many), and so does a
 * link off the chain that widens a line without reaching its neighbours. A link that
 * crosses the chain (A's lead beside B's second paragraph while A's second is beside B's lead)
 * cannot be drawn without reordering a side: its paragraphs take their own lines, in order. A
 * paragraph linked to nothing sits opposite a gap.
 */
export function pairRows(m: ComparisonModel, a: string, b: string): PairRow[] {
  const A = m.byId.get(a);
  const B = m.byId.get(b);
  if (!A || !B) return [];
  const links: Array<{ pa: number; pb: number; d: ViewDiff }> = [];
  for (let p = 0; p < A.paragraphs.length; p++) {
    for (const d of m.diffsByParagraph.get(key(a, p)) ?? []) {
      if (!((d.a.article === a && d.b.article === b) || (d.a.article === b && d.b.article === a))) continue;
      links.push({ pa: p, pb: d.a.article === b ? d.a.index : d.b.index, d });
    }
  }
  links.sort((x, y) => x.pa - y.pa || x.pb - y.pb);
  // best[i]: weight of the heaviest forward chain ending at link i; from[i]: its previous link.
  const best = links.map((l) => linkWeight(l.d));
  const from = links.map(() => -1);
  for (let i = 0; i < links.length; i++) {
    for (let j = 0; j < i; j++) {
      const x = links[j]!;
      const y = links[i]!;
      // Forward in both articles (a new line), or the next paragraph on one side of the same
      // paragraph on the other (one line, many-to-many); a link that would pull paragraphs it
      // does not link into a line is no step.
      const forward = x.pa < y.pa && x.pb < y.pb;
      const adjacent = (x.pa === y.pa && y.pb === x.pb + 1) || (x.pb === y.pb && y.pa === x.pa + 1);
      if (!forward && !adjacent) continue;
      const w = best[j]! + linkWeight(y.d);
      if (w > best[i]!) {
        best[i] = w;
        from[i] = j;
      }
    }
  }
  let end = -1;
  for (let i = 0; i < links.length; i++) if (end < 0 || best[i]! > best[end]!) end = i;
  const chain: typeof links = [];
  for (let i = end; i >= 0; i = from[i]!) chain.unshift(links[i]!);
  // Lines: consecutive chain links that share a paragraph on either side.
  type Group = { a0: number; a1: number; b0: number; b1: number; diffs: ViewDiff[] };
  const groups: Group[] = [];
  for (const l of chain) {
    const g = groups[groups.length - 1];
    if (g && ((l.pa === g.a1 && l.pb === g.b1 + 1) || (l.pb === g.b1 && l.pa === g.a1 + 1))) {
      g.a1 = Math.max(g.a1, l.pa);
      g.b1 = Math.max(g.b1, l.pb);
      g.diffs.push(l.d);
    } else {
      groups.push({ a0: l.pa, a1: l.pa, b0: l.pb, b1: l.pb, diffs: [l.d] });
    }
  }
  // A link off the chain that touches a line (shares a paragraph with it) joins it when the
  // widened line still sits between its neighbours in both articles: A1-B1, A1-B2 and A2-B1 are
  // one line of two paragraphs a side.
  const inChain = new Set(chain);
  for (const l of links) {
    if (inChain.has(l)) continue;
    // Touching a line and at most one paragraph past its edge on either side.
    const gi = groups.findIndex((g) => ((g.a0 <= l.pa && l.pa <= g.a1) || (g.b0 <= l.pb && l.pb <= g.b1)) && l.pa >= g.a0 - 1 && l.pa <= g.a1 + 1 && l.pb >= g.b0 - 1 && l.pb <= g.b1 + 1);
    if (gi < 0) continue;
    const g = groups[gi]!;
    const w = { a0: Math.min(g.a0, l.pa), a1: Math.max(g.a1, l.pa), b0: Math.min(g.b0, l.pb), b1: Math.max(g.b1, l.pb) };
    const prev = groups[gi - 1];
    const next = groups[gi + 1];
    if ((prev && (prev.a1 >= w.a0 || prev.b1 >= w.b0)) || (next && (w.a1 >= next.a0 || w.b1 >= next.b0))) continue;
    Object.assign(g, w);
    g.diffs.push(l.d);
  }
  const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
  const rows: PairRow[] = [];
  let pa = 0;
  let pb = 0;
  const gaps = (aTo: number, bTo: number) => {
    for (const p of range(pa, aTo)) rows.push({ a: [p], b: [], diffs: [] });
    for (const q of range(pb, bTo)) rows.push({ a: [], b: [q], diffs: [] });
  };
  for (const g of groups) {
    gaps(g.a0 - 1, g.b0 - 1);
    rows.push({ a: range(g.a0, g.a1), b: range(g.b0, g.b1), diffs: g.diffs });
    pa = g.a1 + 1;
    pb = g.b1 + 1;
  }
  gaps(A.paragraphs.length - 1, B.paragraphs.length - 1);
  return rows;
}

/** Words too common to mark as a headline's own ("the", "of"). */
const HEADLINE_FUNCTION_WORDS: ReadonlySet<string> = new Set(['a', 'an', 'the', 'of', 'to', 'in', 'on', 'at', 'for', 'and', 'or', 'as', 'by', 'with', 'is', 'are', 'was', 'be', 'its', 'it', 's']);

/** A run of a headline: its own wording (no other headline has the word) or shared. */
export interface HeadlineRun {
  text: string;
  own: boolean;
}

/**
 * Each headline cut into runs, a word marked `own` when no other outlet's headline uses it (case
 * and apostrophes folded; function words never marked): headlines are often where framing is
 * sharpest, and the marks show at a glance what each chose to say.
 */
export function headlineRuns(m: ComparisonModel): Map<string, HeadlineRun[]> {
  // Dotted acronyms ("U.S.") are one word, and the same word as "US".
  const WORD = /(?:\p{Lu}\.){2,}|[\p{L}\p{N}]+(?:['\u2019-][\p{L}\p{N}]+)*/gu;
  const fold = (w: string) => w.toLowerCase().replace(/\./g, '').replace(/\u2019/g, "'").replace(/'s$/, '');
  const words = new Map(m.articles.map((a) => [a.id, new Set([...(a.title ?? '').matchAll(WORD)].map((x) => fold(x[0])))]));
  const out = new Map<string, HeadlineRun[]>();
  for (const a of m.articles) {
    const title = a.title ?? '';
    const runs: HeadlineRun[] = [];
    let at = 0;
    for (const x of title.matchAll(WORD)) {
      const k = fold(x[0]);
      const own = !HEADLINE_FUNCTION_WORDS.has(k) && m.articles.some((o) => o.id !== a.id && o.title) && !m.articles.some((o) => o.id !== a.id && words.get(o.id)!.has(k));
      if (x.index > at) runs.push({ text: title.slice(at, x.index), own: false });
      runs.push({ text: x[0], own });
      at = x.index + x[0].length;
    }
    if (at < title.length) runs.push({ text: title.slice(at), own: false });
    // Runs of one kind side by side are one run, and so are own words a space apart.
    const merged: HeadlineRun[] = [];
    for (let i = 0; i < runs.length; i++) {
      const r = runs[i]!;
      const prev = merged[merged.length - 1];
      const next = runs[i + 1];
      if (prev?.own && !r.own && /^\s+$/.test(r.text) && next?.own) {
        prev.text += r.text + next.text;
        i++;
      } else if (prev && prev.own === r.own) prev.text += r.text;
      else merged.push({ ...r });
    }
    out.set(a.id, merged);
  }
  return out;
}
