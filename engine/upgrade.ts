/**
 * Comparisons saved by an older engine lack fields added since (articles' `name`, findings' `key`,
 * the event `title`). `upgradeComparison` fills them the way the current engine makes them, so a
 * reader (the UI, an export) handles every saved comparison alike. Pure: returns a new object.
 */
import { findingKeys } from './framing/key.ts';
import { displayNames } from './input/names.ts';
import type { ComparisonArticle, Finding } from './types.ts';

interface Upgradable {
  title?: string | null;
  articles: ComparisonArticle[];
  findings: Finding[];
}

/** The comparison with `title`, article `name`s and finding `key`s filled where missing. */
export function upgradeComparison<C extends Upgradable>(c: C): C {
  const needsNames = c.articles.some((a) => typeof a.name !== 'string' || a.name === '');
  const needsKeys = c.findings.some((f) => typeof f.key !== 'string');
  if (!needsNames && !needsKeys && c.title !== undefined) return c;
  const names = needsNames ? displayNames(c.articles.map((a) => ({ outlet: a.outlet ?? null, url: a.url ?? null, title: a.title ?? null }))) : [];
  const articles = needsNames ? c.articles.map((a, i) => ({ ...a, name: names[i]! })) : c.articles;
  let findings = c.findings;
  if (needsKeys) {
    const byId = new Map(articles.map((a) => [a.id, a]));
    const keys = findingKeys(c.findings.map((f) => ({ ruleId: f.ruleId, evidence: f.evidence ?? f.spans.map((s) => ({ ...s, role: 'flagged' as const })) })), (id, field) => (field === 'title' ? byId.get(id)?.title : byId.get(id)?.text) ?? '');
    findings = c.findings.map((f, i) => ({ ...f, key: keys[i]! }));
  }
  return { ...c, title: c.title ?? null, articles, findings };
}
