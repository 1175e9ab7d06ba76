/**
 * A readable report of a provenance trace (`parallax provenance --format text`): each sentence of
 * the derived article with its support and its best source, then what no source supports.
 */
import type { Comparison } from '../types.ts';

const SUPPORT_MARK = { verbatim: '=', paraphrase: '~', partial: '?', none: '!' } as const;
const EXCERPT = 160;

const clip = (s: string): string => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > EXCERPT ? `${t.slice(0, EXCERPT - 1)}…` : t;
};

/** The provenance of a comparison as plain text, or a line saying there is none. */
export function renderProvenanceText(c: Comparison): string {
  const p = c.provenance;
  if (!p) return 'No provenance in this comparison (set options.provenance.derived).\n';
  const byId = new Map(c.articles.map((a) => [a.id, a]));
  const derived = byId.get(p.derived)!;
  const out: string[] = [];
  out.push(`Provenance of ${derived.name}${derived.title ? `: ${derived.title}` : ''}`);
  out.push(`${p.summary.supported} of ${p.summary.sentences} sentences supported by a source; ${p.summary.unsupported.length} by none.`);
  for (const s of p.summary.sources) out.push(`  ${byId.get(s.article)?.name ?? s.article}: ${s.sentences} sentences (${Math.round(s.share * 100)}%)`);
  out.push('', 'Key: = verbatim, ~ paraphrase, ? partial, ! no source', '');
  p.sentences.forEach((s) => {
    out.push(`${SUPPORT_MARK[s.support]} ${s.sentence + 1}. ${clip(derived.text.slice(s.start, s.end))}`);
    const top = s.sources[0];
    if (top) {
      const a = byId.get(top.article)!;
      out.push(`    from ${a.name} (${Math.round(top.score * 100)}%): ${clip(a.text.slice(top.start, top.end))}`);
    }
  });
  if (p.summary.unsupported.length) {
    out.push('', 'No source supports:');
    for (const i of p.summary.unsupported) {
      const s = p.sentences[i]!;
      out.push(`  ${i + 1}. ${clip(derived.text.slice(s.start, s.end))}`);
    }
  }
  return `${out.join('\n')}\n`;
}
