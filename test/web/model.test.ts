/** The UI's render models (pure functions over the comparison JSON). */
import { beforeAll, describe, expect, it } from 'vitest';
import { compare, renderText, type Comparison } from '../../engine/index.ts';
import { readEventFolder } from '../../server/ingest/files.ts';
import { buildModel, cellSegments, coverageGrid, evidenceOf, headlineRuns, orderRows, pairRows, paragraphAt, type ComparisonModel } from '../../web/src/model/comparison.ts';

let c: Comparison;
let m: ComparisonModel;

beforeAll(() => {
  c = compare(readEventFolder(new URL('../../seeds/un-security-council-ukraine-2025', import.meta.url).pathname).request);
  m = buildModel(c);
});

describe('row order', () => {
  it('keeps every row exactly once, in consensus or reference order', () => {
    const consensus = orderRows(m, { kind: 'consensus' });
    expect(consensus.map((r) => r.index).sort((a, b) => a - b)).toEqual(c.alignment.rows.map((_, i) => i));
    const ref = orderRows(m, { kind: 'reference', article: 'wire' });
    const wireParas = ref.flatMap((r) => r.row.members.filter((x) => x.article === 'wire').map((x) => Math.min(...x.paragraphs)));
    expect(wireParas).toEqual([...wireParas].sort((a, b) => a - b));
  });
});

describe('cell segments', () => {
  it('tile the paragraph exactly and mark wording that no other outlet in the row shares', () => {
    let marked = 0;
    for (const row of c.alignment.rows) {
      for (const member of row.members) {
        for (const p of member.paragraphs) {
          const para = c.articles.find((a) => a.id === member.article)!.paragraphs[p]!;
          const segs = cellSegments(m, member.article, p);
          expect(segs[0]!.start).toBe(para.start);
          expect(segs[segs.length - 1]!.end).toBe(para.end);
          for (let i = 1; i < segs.length; i++) expect(segs[i]!.start).toBe(segs[i - 1]!.end);
          marked += segs.filter((s) => s.kind === 'diff').length;
          if (row.members.length === 1) expect(segs.every((s) => s.kind === 'plain')).toBe(true);
        }
      }
    }
    expect(marked).toBeGreaterThan(10);
  });

  it('carries the counterpart wording of paired substitutions', () => {
    const withCounterparts = c.alignment.rows.flatMap((row) => row.members.flatMap((mem) => mem.paragraphs.flatMap((p) => cellSegments(m, mem.article, p)))).filter((s) => s.counterparts.length > 0);
    expect(withCounterparts.length).toBeGreaterThan(0);
    for (const s of withCounterparts) for (const cp of s.counterparts) expect(m.byId.has(cp.article)).toBe(true);
  });

  it('shows every word choice of a row as a substitution, as the text report and the wording findings do', () => {
    const text = (x: { article: string; start: number; end: number }) => m.byId.get(x.article)!.text.slice(x.start, x.end);
    const inOneRow = c.wordChoices.filter((w) => {
      const pa = paragraphAt(m.byId.get(w.a.article)!, w.a.start);
      const pb = paragraphAt(m.byId.get(w.b.article)!, w.b.start);
      return m.rowOf.get(`${w.a.article}:${pa}`) === m.rowOf.get(`${w.b.article}:${pb}`);
    });
    expect(inOneRow.length).toBeGreaterThan(0);
    const report = renderText(c);
    for (const w of inOneRow) {
      // The UI: the word is marked, with the other outlet's wording as its counterpart.
      const segs = cellSegments(m, w.a.article, paragraphAt(m.byId.get(w.a.article)!, w.a.start));
      const seg = segs.find((s) => s.start <= w.a.start && w.a.start < s.end)!;
      expect(seg.kind).toBe('diff');
      expect(seg.counterparts.map((cp) => [cp.article, cp.text])).toContainEqual([w.b.article, text(w.b)]);
    }
    // The report's word choices are these word choices (at most six a row).
    const nameOf = (id: string): string => m.byId.get(id)!.name;
    const pairs = new Set(inOneRow.map((w) => `${nameOf(w.a.article)} “${text(w.a)}” ↔ ${nameOf(w.b.article)} “${text(w.b)}”`));
    const lines = report.split('\n').filter((l) => / ↔ /.test(l)).map((l) => l.trim());
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(pairs.has(l)).toBe(true);
    // A wording finding stands on word choices: each flagged span is one side of one.
    const sides = new Set(c.wordChoices.flatMap((w) => [`${w.a.article}:${w.a.start}:${w.a.end}`, `${w.b.article}:${w.b.start}:${w.b.end}`]));
    for (const f of c.findings.filter((x) => x.ruleId === 'wording/substitution')) for (const sp of f.spans) expect(sides.has(`${sp.article}:${sp.start}:${sp.end}`)).toBe(true);
  });

  it('marks the evidence of a finding', () => {
    const f = c.findings.find((x) => x.spans.some((s) => s.field !== 'title'))!;
    const ev = evidenceOf(m, f);
    expect(ev.rows.length).toBeGreaterThan(0);
    const [article, spans] = [...ev.spans][0]!;
    const a = m.byId.get(article)!;
    const p = paragraphAt(a, spans[0]!.start);
    const segs = cellSegments(m, article, p, spans);
    const covered = segs.filter((s) => s.evidence);
    expect(covered.length).toBeGreaterThan(0);
    expect(covered[0]!.start).toBeGreaterThanOrEqual(a.paragraphs[p]!.start);
  });
});

describe('pair rows and coverage', () => {
  it('place every paragraph of both articles exactly once, each side in its own order, links side by side', () => {
    for (const [x, y] of [['wire', 'kyiv'], ['kyiv', 'wire'], ['wire', 'original']] as const) {
      if (!m.byId.has(x) || !m.byId.has(y)) continue;
      const rows = pairRows(m, x, y);
      expect(rows.flatMap((r) => r.a)).toEqual(m.byId.get(x)!.paragraphs.map((_, i) => i));
      expect(rows.flatMap((r) => r.b)).toEqual(m.byId.get(y)!.paragraphs.map((_, i) => i));
      // Most links between the two articles join paragraphs of one line (those crossing the chain cannot).
      const pairLinks = c.diffs.filter((d) => d.level === 'paragraph' && [d.a.article, d.b.article].sort().join() === [x, y].sort().join());
      const drawn = pairLinks.filter((d) => {
        const [pa, pb] = d.a.article === x ? [d.a.index, d.b.index] : [d.b.index, d.a.index];
        return rows.some((r) => r.a.includes(pa) && r.b.includes(pb));
      });
      expect(drawn.length).toBeGreaterThan(0);
      // A line holds only paragraphs its links join: no unlinked paragraph is pulled into it.
      for (const r of rows.filter((r) => r.diffs.length > 0)) {
        const linkedA = new Set(r.diffs.map((d) => (d.a.article === x ? d.a.index : d.b.index)));
        const linkedB = new Set(r.diffs.map((d) => (d.a.article === y ? d.a.index : d.b.index)));
        expect(r.a.every((p) => linkedA.has(p)) && r.b.every((q) => linkedB.has(q))).toBe(true);
      }
      // A line without links has one side empty.
      for (const r of rows) if (r.diffs.length === 0) expect(r.a.length === 0 || r.b.length === 0).toBe(true);
    }
  });

  it('draw the heavier of two crossing links, and give the other\'s paragraphs their own lines in order', () => {
    const crossing = compare({
      articles: [
        { id: 'x', paragraphs: ['The council adopted the truce resolution on Monday by ten votes.', 'Five members abstained, among them France and Britain, after long talks.'] },
        { id: 'y', paragraphs: ['Five members abstained, among them France and Britain, after the long talks.', 'The council adopted the truce resolution on Monday by ten votes to none.'] },
      ],
    });
    const rows = pairRows(buildModel(crossing), 'x', 'y');
    const lines = rows.map((r) => [r.a, r.b]);
    expect(rows.flatMap((r) => r.a)).toEqual([0, 1]);
    expect(rows.flatMap((r) => r.b)).toEqual([0, 1]);
    expect(rows.filter((r) => r.diffs.length > 0)).toHaveLength(1);
    expect(lines.length).toBe(3);
  });

  it('shows a gap exactly where an outlet lacks the row', () => {
    const rows = orderRows(m, { kind: 'consensus' });
    for (const g of coverageGrid(m, rows)) {
      const row = c.alignment.rows[g.row]!;
      g.cells.forEach((cell, j) => expect(cell === null).toBe(row.missing.includes(c.articles[j]!.id)));
    }
  });
});

describe('the headline strip', () => {
  it('marks the words of each headline that no other headline uses', () => {
    const hc = compare({
      articles: [
        { id: 'a', title: "Council Backs Truce Plan as Kremlin Cheers", paragraphs: ['The council backed the truce plan on Monday.'] },
        { id: 'b', title: 'Council backs truce plan; Europe abstains', paragraphs: ['The council backed the truce plan on Monday.'] },
        { id: 'c', title: null, paragraphs: ['The council backed the truce plan on Monday.'] },
      ],
    });
    const runs = headlineRuns(buildModel(hc));
    const own = (id: string) => runs.get(id)!.filter((r) => r.own).map((r) => r.text);
    expect(own('a')).toEqual(['Kremlin Cheers']);
    expect(own('b')).toEqual(['Europe abstains']);
    expect(runs.get('a')!.map((r) => r.text).join('')).toBe('Council Backs Truce Plan as Kremlin Cheers');
    expect(runs.get('c')).toEqual([]);
  });
});
