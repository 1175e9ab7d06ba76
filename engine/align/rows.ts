import type { PreparedArticle } from '../input/article.ts';
import type { AlignmentRow, Options } from '../types.ts';
import { round, type ScoredLink } from './paragraphs.ts';

interface Group {
  /** Members as [article, paragraph]. */
  members: Array<[number, number]>;
  /** Paragraph count per article in this group. */
  perArticle: Map<number, number>;
  /** Number of links towards other groups, keyed by group id. */
  linkSums: Map<number, number>;
}

/**
 * Groups linked paragraphs into rows. Links are taken strongest first (a single pass, like
 * Kruskal's algorithm) and two groups merge only when the share of their cross-article paragraph
 * pairs that are linked (average linkage on the link graph) reaches `rowThreshold`. So a chain
 * (A1~B1, B1~C1, C1~D4) cannot pull unrelated paragraphs into one row, as plain connected
 * components would: A1 and D4 share nothing, and the merged row would be mostly unlinked pairs.
 * Every paragraph ends in exactly one row.
 */
export function buildRows(articles: PreparedArticle[], links: ScoredLink[], options: Options, headlines: ReadonlyArray<ReadonlySet<number>> = []): AlignmentRow[] {
  const { rowThreshold, maxParagraphsPerRowMember } = options.alignment;
  const groupOf = articles.map((a) => a.article.paragraphs.map(() => -1));
  const groups: Group[] = [];
  articles.forEach((a, ai) =>
    a.article.paragraphs.forEach((_, pi) => {
      groupOf[ai]![pi] = groups.length;
      groups.push({ members: [[ai, pi]], perArticle: new Map([[ai, 1]]), linkSums: new Map() });
    }),
  );
  const find = (ai: number, pi: number): number => groupOf[ai]![pi]!;
  for (const l of links) {
    const ga = find(l.a, l.aIndex);
    const gb = find(l.b, l.bIndex);
    const A = groups[ga]!;
    const B = groups[gb]!;
    A.linkSums.set(gb, (A.linkSums.get(gb) ?? 0) + 1);
    B.linkSums.set(ga, (B.linkSums.get(ga) ?? 0) + 1);
  }
  const ordered = [...links].sort((x, y) => y.score - x.score || x.a - y.a || x.aIndex - y.aIndex || x.b - y.b || x.bIndex - y.bIndex);
  for (const l of ordered) {
    const ga = find(l.a, l.aIndex);
    const gb = find(l.b, l.bIndex);
    if (ga === gb) continue;
    const A = groups[ga]!;
    const B = groups[gb]!;
    let crossPairs = 0;
    let fits = true;
    for (const [art, n] of A.perArticle) {
      if (n + (B.perArticle.get(art) ?? 0) > maxParagraphsPerRowMember) fits = false;
    }
    if (!fits) continue;
    for (const [artA, nA] of A.perArticle) {
      for (const [artB, nB] of B.perArticle) if (artA !== artB) crossPairs += nA * nB;
    }
    const sum = A.linkSums.get(gb) ?? 0;
    if (crossPairs === 0 || sum / crossPairs < rowThreshold) continue;
    // Merge the smaller group into the larger one.
    const [keep, drop, keepId, dropId] = A.members.length >= B.members.length ? [A, B, ga, gb] : [B, A, gb, ga];
    for (const [art, pi] of drop.members) {
      keep.members.push([art, pi]);
      groupOf[art]![pi] = keepId;
      keep.perArticle.set(art, (keep.perArticle.get(art) ?? 0) + 1);
    }
    keep.linkSums.delete(dropId);
    for (const [other, s] of drop.linkSums) {
      if (other === keepId) continue;
      keep.linkSums.set(other, (keep.linkSums.get(other) ?? 0) + s);
      const o = groups[other]!;
      o.linkSums.set(keepId, (o.linkSums.get(keepId) ?? 0) + s);
      o.linkSums.delete(dropId);
    }
    drop.members = [];
    drop.perArticle.clear();
    drop.linkSums.clear();
  }
  // Mean score of the links inside each group.
  const inner = new Map<number, { sum: number; n: number }>();
  for (const l of links) {
    const g = find(l.a, l.aIndex);
    if (g !== find(l.b, l.bIndex)) continue;
    const v = inner.get(g) ?? { sum: 0, n: 0 };
    v.sum += l.score;
    v.n++;
    inner.set(g, v);
  }
  const rows: Array<{ row: AlignmentRow; key: number[] }> = [];
  groups.forEach((g, gi) => {
    if (g.members.length === 0) return;
    const byArticle = new Map<number, number[]>();
    for (const [art, pi] of g.members) byArticle.set(art, [...(byArticle.get(art) ?? []), pi]);
    const arts = [...byArticle.keys()].sort((x, y) => x - y);
    const firstArt = arts[0]!;
    const firstPara = Math.min(...byArticle.get(firstArt)!);
    const v = inner.get(gi);
    rows.push({
      row: {
        members: arts.map((art) => ({ article: articles[art]!.article.id, paragraphs: byArticle.get(art)!.sort((x, y) => x - y) })),
        missing: articles.filter((_, ai) => !byArticle.has(ai)).map((a) => a.article.id),
        score: v ? round(v.sum / v.n) : 0,
        headline: g.members.every(([art, pi]) => headlines[art]?.has(pi) === true),
      },
      // Reading order: the row's place in the earliest article that carries it, as a share of
      // that article's length, so rows from different articles interleave sensibly.
      key: [(firstPara + 0.5) / articles[firstArt]!.article.paragraphs.length, firstArt, firstPara],
    });
  });
  rows.sort((x, y) => x.key[0]! - y.key[0]! || x.key[1]! - y.key[1]! || x.key[2]! - y.key[2]!);
  return rows.map((r) => r.row);
}
