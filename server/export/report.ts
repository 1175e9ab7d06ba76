/**
 * Exports of a comparison: a self-contained HTML report (no scripts, no external resources; reads
 * offline and prints well) and the findings as CSV. Every piece of article text is untrusted and
 * escaped; CSV cells that a spreadsheet would run as formulas are neutralised.
 */
import type { Comparison, ComparisonArticle, Finding, ReviewMark } from '../../engine/index.ts';
import { escapeHtml } from '../../engine/text/escape.ts';

export { escapeHtml };

/** A link target only for http(s) URLs: a `javascript:` or `data:` URL in article metadata must never become a link. */
export function safeHref(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function label(a: ComparisonArticle): string {
  return a.name;
}

function excerpt(c: Comparison, f: Finding, max = 160): string {
  const parts: string[] = [];
  for (const s of f.spans.slice(0, 3)) {
    const a = c.articles.find((x) => x.id === s.article);
    if (!a) continue;
    const source = s.field === 'title' ? (a.title ?? '') : a.text;
    const t = source.slice(s.start, s.end).replace(/\s+/g, ' ');
    parts.push(`${label(a)}: “${t.length > max ? `${t.slice(0, max)}…` : t}”`);
  }
  return parts.join(' | ');
}

// Layout: the aligned table shares its width equally among the outlets (fixed layout, a narrow
// row-number column); on a phone every table turns into stacked cards, each cell labelled with its
// column; printed, it is A4 landscape with the header row repeated on every page.
const CSS = `
body{font:15px/1.5 Georgia,'Times New Roman',serif;color:#1a1a1a;margin:2rem auto;max-width:90rem;padding:0 1rem}
h1,h2,h3{font-family:system-ui,sans-serif;line-height:1.2}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #bbb}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.35rem .5rem;vertical-align:top;text-align:left;overflow-wrap:anywhere}
th{background:#f0f0f0;font-family:system-ui,sans-serif;font-size:.85rem}td.gap{color:#555;font-style:italic;background:repeating-linear-gradient(45deg,#fafafa,#fafafa 6px,#f0f0f0 6px,#f0f0f0 12px)}
.sev{font-family:system-ui,sans-serif;font-size:.8rem;font-weight:600;text-transform:uppercase}.meta{color:#444;font-size:.9rem}
ol.review li{margin-bottom:.6rem}.small{font-size:.85rem;color:#333}
table.rows{table-layout:fixed}.rows col.num{width:2.6rem}.rows td p{margin:0 0 .5rem}.rows td p:last-child{margin-bottom:0}
.findings col.sev{width:6rem}.findings col.rule{width:11rem}.findings col.conf{width:5.5rem}.findings col.mark{width:10rem}
.mark-confirmed{color:#0b6b2f;font-weight:600}.mark-dismissed{color:#8a1c1c;font-weight:600}tr.dismissed td{color:#555}tr.unsupported td{background:#fdf0f0}
@media (max-width:40rem){body{margin:1rem auto;font-size:16px}h1{font-size:1.3rem}
table,thead,tbody,tr,th,td{display:block;width:auto}thead{position:absolute;left:-9999px}col{display:none}
tr{border:1px solid #bbb;margin:0 0 .8rem;padding:.2rem 0}td{border:0;border-top:1px solid #e4e4e4;padding:.4rem .6rem}td:first-child{border-top:0}
td[data-label]::before{content:attr(data-label);display:block;font:600 .75rem system-ui,sans-serif;color:#444;text-transform:uppercase;letter-spacing:.02em}
.rows td.num{font:600 .85rem system-ui,sans-serif;background:#f0f0f0}.rows td.gap::before{content:none}.rows td.gap{padding:.25rem .6rem;font-size:.85rem}}
@page{size:A4 landscape;margin:12mm}
@media print{body{margin:0;max-width:none;font-size:9.5pt;line-height:1.35}h1{font-size:15pt}h2{font-size:12pt;break-after:avoid}
thead{display:table-header-group}tr,li{break-inside:avoid}a{color:inherit;text-decoration:none}th,td{padding:.2rem .3rem}}`;

/**
 * A self-contained HTML report of a comparison: articles, the review list, every finding with its
 * evidence, and the aligned rows side by side (a visible gap where an outlet lacks a row).
 */
export function renderHtmlReport(c: Comparison, options: { title?: string; permalink?: string } = {}): string {
  const marks = new Map((c.marks ?? []).map((m) => [m.key, m]));
  const title = options.title ?? c.title ?? 'Parallax comparison';
  const byId = new Map(c.articles.map((a) => [a.id, a]));
  const findingsById = new Map(c.findings.map((f) => [f.id, f]));
  const h: string[] = [];
  h.push('<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">');
  h.push(`<title>${escapeHtml(title)} · Parallax</title><style>${CSS}</style></head><body>`);
  h.push(`<h1>${escapeHtml(title)}</h1>`);
  const permalink = safeHref(options.permalink);
  h.push(`<p class="meta">Parallax ${escapeHtml(c.engine.version)} · ${c.articles.length} articles · ${c.stats.words} words · ${c.alignment.rows.length} aligned rows · ${c.findings.length} findings${permalink ? ` · <a href="${escapeHtml(permalink)}">${escapeHtml(permalink)}</a>` : ''}</p>`);

  h.push('<h2>Articles</h2><table><thead><tr><th>Outlet</th><th>Title</th><th>Published</th><th>Words</th></tr></thead><tbody>');
  for (const a of c.articles) {
    const href = safeHref(a.url);
    const t = href ? `<a href="${escapeHtml(href)}">${escapeHtml(a.title ?? href)}</a>` : escapeHtml(a.title ?? a.url ?? '');
    h.push(`<tr><td data-label="Outlet">${escapeHtml(label(a))}</td><td data-label="Title">${t}</td><td data-label="Published">${escapeHtml(a.published ?? '')}</td><td data-label="Words">${a.wordCount}</td></tr>`);
  }
  h.push('</tbody></table>');

  if (c.review.length > 0) {
    h.push('<h2>Framing differences to review</h2><ol class="review">');
    for (const r of c.review) {
      const evidence = r.findings.map((id) => findingsById.get(id)).filter((f): f is Finding => f !== undefined).slice(0, 2).map((f) => excerpt(c, f)).join(' · ');
      h.push(`<li><strong>${escapeHtml(r.title)}</strong> <span class="small">(${escapeHtml(r.ruleId)}; confidence ${Math.round(r.confidence * 100)}%)</span><br>${escapeHtml(r.reason)}${evidence ? `<br><span class="small">${escapeHtml(evidence)}</span>` : ''}</li>`);
    }
    h.push('</ol>');
  }

  const withMarks = c.marks !== undefined;
  if (withMarks) {
    const n = (s: ReviewMark['status']) => c.marks!.filter((m) => m.current && m.status === s).length;
    h.push(`<p class="meta">Reviewed: ${n('confirmed')} confirmed, ${n('dismissed')} dismissed, ${c.findings.filter((f) => !marks.has(f.key)).length} not yet marked.</p>`);
  }
  h.push(`<h2>Findings</h2><table class="findings"><colgroup><col class="sev"><col class="rule"><col class="conf"><col><col>${withMarks ? '<col class="mark">' : ''}</colgroup>`);
  h.push(`<thead><tr><th>Severity</th><th>Rule</th><th>Confidence</th><th>Reason</th><th>Evidence</th>${withMarks ? '<th>Review</th>' : ''}</tr></thead><tbody>`);
  for (const f of c.findings) {
    const m = marks.get(f.key);
    h.push(`<tr${m?.status === 'dismissed' ? ' class="dismissed"' : ''}><td class="sev" data-label="Severity">${escapeHtml(f.severity)}</td><td data-label="Rule">${escapeHtml(f.ruleId)}</td><td data-label="Confidence">${Math.round(f.confidence * 100)}%</td><td data-label="Reason">${escapeHtml(f.reason)}</td><td class="small" data-label="Evidence">${escapeHtml(excerpt(c, f))}</td>${withMarks ? `<td data-label="Review">${m ? markHtml(m) : ''}</td>` : ''}</tr>`);
  }
  h.push('</tbody></table>');
  const stale = (c.marks ?? []).filter((m) => !m.current);
  if (stale.length) {
    h.push(`<h2>Marks on findings the comparison no longer makes (${stale.length})</h2><ul>`);
    for (const m of stale) h.push(`<li><strong>${escapeHtml(m.ruleId)}</strong>: ${escapeHtml(m.reason)} ${markHtml(m)}</li>`);
    h.push('</ul>');
  }

  if (c.provenance) {
    const p = c.provenance;
    const d = byId.get(p.derived)!;
    h.push(`<h2>Provenance of ${escapeHtml(label(d))}</h2><p class="meta">${p.summary.supported} of ${p.summary.sentences} sentences supported by a source; ${p.summary.unsupported.length} by none.</p>`);
    h.push('<table class="provenance"><thead><tr><th>#</th><th>Support</th><th>Sentence</th><th>Source</th></tr></thead><tbody>');
    for (const s of p.sentences) {
      const top = s.sources[0];
      const src = top ? `<strong>${escapeHtml(label(byId.get(top.article)!))}</strong> (${Math.round(top.score * 100)}%): ${escapeHtml(byId.get(top.article)!.text.slice(top.start, top.end))}` : '<em>no source supports this sentence</em>';
      h.push(`<tr${s.support === 'none' ? ' class="unsupported"' : ''}><td data-label="#">${s.sentence + 1}</td><td data-label="Support">${escapeHtml(s.support)}</td><td data-label="Sentence">${escapeHtml(d.text.slice(s.start, s.end))}</td><td data-label="Source">${src}</td></tr>`);
    }
    h.push('</tbody></table>');
  }

  h.push(`<h2>Aligned passages</h2><table class="rows"><colgroup><col class="num">${c.articles.map(() => '<col>').join('')}</colgroup><thead><tr><th scope="col">#</th>`);
  for (const a of c.articles) h.push(`<th scope="col">${escapeHtml(label(a))}</th>`);
  h.push('</tr></thead><tbody>');
  c.alignment.rows.forEach((row, i) => {
    h.push(`<tr><td class="num" data-label="Row">${i + 1}</td>`);
    for (const a of c.articles) {
      const m = row.members.find((x) => x.article === a.id);
      if (!m) {
        h.push(`<td class="gap" data-label="${escapeHtml(label(a))}">not in ${escapeHtml(label(a))}</td>`);
        continue;
      }
      const art = byId.get(a.id)!;
      const paras = m.paragraphs.map((p) => {
        const span = art.paragraphs[p];
        return span ? `<p>${escapeHtml(art.text.slice(span.start, span.end))}</p>` : '';
      });
      h.push(`<td data-label="${escapeHtml(label(a))}">${paras.join('')}</td>`);
    }
    h.push('</tr>');
  });
  h.push('</tbody></table></body></html>');
  return h.join('\n');
}

/** A mark as report text: the verdict, then the note. */
function markHtml(m: ReviewMark): string {
  return `<span class="mark-${m.status}">${m.status === 'confirmed' ? 'Confirmed' : 'Dismissed'}</span>${m.note ? `<br><span class="small">${escapeHtml(m.note)}</span>` : ''}`;
}

/** A CSV cell: quoted, quotes doubled, and a leading = + - @ (a formula to spreadsheets) defused. */
function cell(v: string | number): string {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

/** The findings as CSV (RFC 4180, CRLF line ends), one row per finding, evidence as text. */
export function renderFindingsCsv(c: Comparison): string {
  const head = ['id', 'key', 'ruleId', 'severity', 'salience', 'confidence', 'reason', 'articles', 'spans', 'evidence', 'mark', 'note'];
  const marks = new Map((c.marks ?? []).map((m) => [m.key, m]));
  const rows = c.findings.map((f) => [
    f.id,
    f.key,
    f.ruleId,
    f.severity,
    f.salience,
    f.confidence,
    f.reason,
    [...new Set(f.spans.map((s) => s.article))].join(' '),
    f.spans.map((s) => `${s.article}${s.field === 'title' ? ':title' : ''}:${s.start}-${s.end}`).join(' '),
    excerpt(c, f, 300),
    marks.get(f.key)?.status ?? '',
    marks.get(f.key)?.note ?? '',
  ]);
  return `${[head, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
