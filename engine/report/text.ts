import { lastStartingBy } from '../text/spans.ts';
import type { AlignmentRow, Comparison, ComparisonArticle, ReviewMark } from '../types.ts';

/** Most characters of a paragraph shown in a report row before it is cut with an ellipsis. */
const EXCERPT_CHARS = 280;
/** Most wording substitutions listed under one row. */
const SUBSTITUTIONS_PER_ROW = 6;
/** Line width of the plain-text report. */
const WIDTH = 100;

interface Substitution {
  a: string;
  b: string;
  from: string;
  to: string;
}

function excerpt(text: string, max = EXCERPT_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

function wrap(text: string, indent: string, width = WIDTH): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : indent + l)).join('\n');
}

function paragraphText(a: ComparisonArticle, p: number): string {
  const span = a.paragraphs[p]!;
  return a.text.slice(span.start, span.end);
}

/**
 * The comparison's word choices (`wordChoices`, the list the wording rules and the UI read) whose
 * two sides both fall in one row, first seen first, each pair of wordings once.
 */
function rowSubstitutions(c: Comparison, row: AlignmentRow): Substitution[] {
  const byId = new Map(c.articles.map((a) => [a.id, a]));
  const inRow = new Set(row.members.flatMap((m) => m.paragraphs.map((p) => `${m.article}:${p}`)));
  const paragraphAt = (article: string, at: number): number => Math.max(0, lastStartingBy(byId.get(article)!.paragraphs, at));
  const out: Substitution[] = [];
  const seen = new Set<string>();
  for (const w of c.wordChoices) {
    if (!inRow.has(`${w.a.article}:${paragraphAt(w.a.article, w.a.start)}`) || !inRow.has(`${w.b.article}:${paragraphAt(w.b.article, w.b.start)}`)) continue;
    const from = byId.get(w.a.article)!.text.slice(w.a.start, w.a.end);
    const to = byId.get(w.b.article)!.text.slice(w.b.start, w.b.end);
    const key = `${from.toLowerCase()}|${to.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ a: w.a.article, b: w.b.article, from, to });
  }
  return out;
}

/** The row (index into `alignment.rows`) holding a finding's span, or null (a title span). */
function rowOf(c: Comparison, sp: { article: string; start: number; field?: string }): number | null {
  if (sp.field === 'title') return null;
  const a = c.articles.find((x) => x.id === sp.article);
  if (!a) return null;
  const p = Math.max(0, lastStartingBy(a.paragraphs, sp.start));
  const r = c.alignment.rows.findIndex((row) => row.members.some((m) => m.article === sp.article && m.paragraphs.includes(p)));
  return r < 0 ? null : r;
}

function articleLine(a: ComparisonArticle): string {
  const meta = [a.published, `${a.wordCount} words`, `${a.paragraphs.length} paragraphs`].filter(Boolean).join(' · ');
  return `[${a.name}] ${a.title ?? '(untitled)'} — ${meta}`;
}

/**
 * Renders a comparison as a plain-text report for a terminal: the articles, then each alignment
 * row with an excerpt from every outlet that carries it, what is missing, and the word choices
 * that differ.
 */
export function renderText(c: Comparison): string {
  const byId = new Map(c.articles.map((a) => [a.id, a]));
  const out: string[] = [];
  const shared = c.alignment.rows.filter((r) => r.members.length > 1).length;
  out.push(`${c.title ?? `Parallax comparison${c.id ? ` ${c.id}` : ''}`}: ${c.stats.articles} articles, ${c.stats.words} words, ${c.stats.paragraphs} paragraphs`);
  out.push(`${c.stats.rows} rows: ${c.stats.rowsInAll} carried by every article, ${shared} shared by two or more, ${c.stats.rows - shared} unique to one outlet`);
  out.push(`${c.stats.paragraphLinks} paragraph links, ${c.stats.sentenceLinks} sentence links`);
  out.push('');
  out.push('Articles');
  for (const a of c.articles) out.push(`  ${wrap(articleLine(a), '    ')}`);
  if (c.review.length) {
    out.push('');
    out.push('Framing differences to review');
    for (const r of c.review) out.push(`  ${String(r.rank).padStart(2)}. ${wrap(`[${r.ruleId}] ${r.reason} (confidence ${Math.round(r.confidence * 100)}%)`, '      ')}`);
  }
  c.alignment.rows.forEach((row, ri) => {
    out.push('');
    const nameOf = (id: string): string => byId.get(id)?.name ?? id;
    const where = row.members.length === 1 ? `only in ${nameOf(row.members[0]!.article)}` : `in ${row.members.length} of ${c.articles.length}`;
    const head = `Row ${ri + 1} · ${where}${row.members.length > 1 ? ` · score ${row.score.toFixed(2)}` : ''}${row.missing.length && row.members.length > 1 ? ` · missing: ${row.missing.map(nameOf).join(', ')}` : ''} `;
    out.push(`${head}${'─'.repeat(Math.max(3, WIDTH - head.length))}`);
    for (const m of row.members) {
      const a = byId.get(m.article)!;
      for (const p of m.paragraphs) {
        const label = `  ${a.name} ¶${p + 1}: `;
        out.push(label + wrap(excerpt(paragraphText(a, p)), ' '.repeat(label.length)));
      }
    }
    const subs = rowSubstitutions(c, row).slice(0, SUBSTITUTIONS_PER_ROW);
    if (subs.length) {
      out.push('  Word choices:');
      for (const s of subs) out.push(`    ${nameOf(s.a)} “${s.from}” ↔ ${nameOf(s.b)} “${s.to}”`);
    }
  });
  out.push('');
  return out.join('\n');
}

/** Escapes text for Markdown so article text can never become markup. */
function md(text: string): string {
  return text.replace(/([\\`*_{}[\]()<>#+!|~])/g, '\\$1').replace(/^(\s*)([-=>])/gm, '$1\\$2');
}

/** Renders a comparison as Markdown: an article table, then one section per alignment row. */
export function renderMarkdown(c: Comparison): string {
  const byId = new Map(c.articles.map((a) => [a.id, a]));
  const out: string[] = [];
  out.push(`# ${c.title ? md(c.title) : `Parallax comparison${c.id ? `: ${md(c.id)}` : ''}`}`, '');
  out.push(`${c.stats.articles} articles · ${c.stats.words} words · ${c.stats.rows} rows (${c.stats.rowsInAll} carried by every article) · ${c.stats.paragraphLinks} paragraph links`, '');
  out.push('| outlet | title | published | words |', '|---|---|---|---|');
  for (const a of c.articles) {
    out.push(`| ${md(a.name)} | ${md(a.title ?? '')} | ${md(a.published ?? '')} | ${a.wordCount} |`);
  }
  // Outlets by their display name, as the UI shows them.
  const name = (id: string): string => byId.get(id)?.name ?? id;
  if (c.review.length) {
    out.push('', '## Framing differences to review', '');
    for (const r of c.review) out.push(`${r.rank}. **${md(r.ruleId)}**: ${md(r.reason)} (confidence ${Math.round(r.confidence * 100)}%)`);
  }
  const marks = new Map((c.marks ?? []).map((m) => [m.key, m]));
  const verdict = (m: ReviewMark): string => ` **${m.status === 'confirmed' ? 'Confirmed' : 'Dismissed'}** by the reviewer${m.note ? `: ${md(m.note)}` : ''}`;
  if (c.marks?.length) {
    const n = (s: ReviewMark['status']) => c.marks!.filter((m) => m.current && m.status === s).length;
    out.push('', `Reviewed: ${n('confirmed')} confirmed, ${n('dismissed')} dismissed, ${c.findings.filter((f) => !marks.has(f.key)).length} not yet marked.`);
  }
  if (c.findings.length) {
    out.push('', `## All findings (${c.findings.length}, ranked by salience x confidence)`, '');
    c.findings.forEach((f, i) => {
      const where = [...new Set(f.spans.map((sp) => rowOf(c, sp)).filter((r): r is number => r !== null))].map((r) => r + 1);
      const m = marks.get(f.key);
      out.push(`${i + 1}. **${md(f.ruleId)}** (${f.severity}, confidence ${Math.round(f.confidence * 100)}%${where.length ? `, row${where.length > 1 ? 's' : ''} ${where.join(', ')}` : ''}): ${md(f.reason)}${m ? ` —${verdict(m)}` : ''}`);
    });
  }
  if (c.provenance) {
    const p = c.provenance;
    const d = byId.get(p.derived)!;
    out.push('', `## Provenance of ${md(d.name)}`, '', `${p.summary.supported} of ${p.summary.sentences} sentences supported by a source; ${p.summary.unsupported.length} by none.`, '');
    out.push('| # | support | sentence | source |', '|---|---|---|---|');
    for (const s of p.sentences) {
      const top = s.sources[0];
      const src = top ? `${md(byId.get(top.article)?.name ?? top.article)} (${Math.round(top.score * 100)}%): ${md(excerpt(byId.get(top.article)!.text.slice(top.start, top.end), 200))}` : '';
      out.push(`| ${s.sentence + 1} | ${s.support} | ${md(excerpt(d.text.slice(s.start, s.end), 200))} | ${src} |`);
    }
    const changes = p.sentences.flatMap((s) => (s.changes ?? []).map((f) => ({ s: s.sentence, f })));
    if (changes.length) {
      out.push('', '### What the rewrite changed', '');
      for (const { s, f } of changes) out.push(`- Sentence ${s + 1}, **${md(f.ruleId)}**: ${md(f.reason)}`);
    }
  }
  const stale = (c.marks ?? []).filter((m) => !m.current);
  if (stale.length) {
    out.push('', `## Marks on findings the comparison no longer makes (${stale.length})`, '');
    for (const m of stale) out.push(`- **${md(m.ruleId)}**: ${md(m.reason)} —${verdict(m)}`);
  }
  // Rows are numbered by their place in alignment.rows, as in the UI and every other export.
  c.alignment.rows.forEach((row, ri) => {
    out.push('', `## Row ${ri + 1}${row.members.length > 1 ? ` (score ${row.score.toFixed(2)})` : ''}`, '');
    if (row.missing.length && row.members.length > 1) out.push(`Missing from: ${row.missing.map((id) => md(name(id))).join(', ')}`, '');
    for (const m of row.members) {
      const a = byId.get(m.article)!;
      for (const p of m.paragraphs) out.push(`**${md(name(m.article))} ¶${p + 1}**`, '', `> ${md(excerpt(paragraphText(a, p), 600))}`, '');
    }
    const subs = rowSubstitutions(c, row).slice(0, SUBSTITUTIONS_PER_ROW);
    if (subs.length) {
      out.push('Word choices:', '');
      for (const s of subs) out.push(`- ${md(name(s.a))} “${md(s.from)}” ↔ ${md(name(s.b))} “${md(s.to)}”`);
    }
  });
  out.push('');
  return out.join('\n');
}
