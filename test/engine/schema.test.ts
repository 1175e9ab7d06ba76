import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { compare, type Comparison, type Finding } from '../../engine/index.ts';
import schema from '../../engine/schema/comparison.schema.json' with { type: 'json' };
import { readEventFolder } from '../../server/ingest/files.ts';

// ajv is CommonJS: under ESM its default import is `module.exports`, whose `default` is the class.
// TypeScript (NodeNext) types the import as that module object; vitest may hand over the class itself.
type AjvClass = typeof Ajv2020.default;
const Ajv: AjvClass = (Ajv2020 as unknown as { default?: AjvClass }).default ?? (Ajv2020 as unknown as AjvClass);
const ajv = new Ajv({ strict: true, allErrors: true });
const validate = ajv.compile(schema);

/** Validates the comparison as JSON (what callers receive), returning ajv's errors as text. */
function errorsOf(value: unknown): string {
  const json: unknown = JSON.parse(JSON.stringify(value));
  return validate(json) ? '' : ajv.errorsText(validate.errors, { separator: '\n' });
}

/** Deep copy of a comparison, for mutation. */
const copy = (c: Comparison): Comparison => JSON.parse(JSON.stringify(c)) as Comparison;

const seedsDir = fileURLToPath(new URL('../../seeds/', import.meta.url));
const seedFolders = readdirSync(seedsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

const inline = (): Comparison =>
  compare({
    id: 42,
    articles: [
      {
        id: 'lemonde',
        title: 'Le Conseil de sécurité vote une résolution',
        outlet: 'Le Monde',
        text:
          'Le Conseil de sécurité des Nations unies a adopté lundi une résolution sur l’Ukraine, par 10 voix contre 0.\n\n' +
          '« C’est un premier pas », a déclaré l’ambassadeur français à New York.',
      },
      {
        id: 'asahi',
        title: '安保理が決議を採択',
        paragraphs: [
          '国連安全保障理事会は月曜日、ウクライナに関する決議を10対0で採択した。',
          'フランスの大使は「これは第一歩だ」と述べた。 Le Conseil de sécurité a adopté une résolution sur l’Ukraine.',
        ],
      },
    ],
    options: { diff: { sentenceDiffs: false } },
  });

describe('comparison JSON schema', () => {
  it('compiles in strict mode with the expected identity', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe('https://parallax.example/schemas/comparison-1.json');
    expect(typeof validate).toBe('function');
  });

  it('finds the three seed event folders', () => {
    expect(seedFolders).toHaveLength(3);
  });

  it.each(seedFolders)('accepts the comparison of seeds/%s', (name) => {
    const c = compare(readEventFolder(`${seedsDir}${name}`).request);
    expect(c.diffs.length).toBeGreaterThan(0);
    expect(errorsOf(c)).toBe('');
  });

  it('accepts a comparison of French and Japanese articles without sentence diffs', () => {
    const c = inline();
    expect(c.id).toBe('42');
    expect(c.options.diff.sentenceDiffs).toBe(false);
    expect(c.diffs.every((d) => d.level === 'paragraph')).toBe(true);
    expect(errorsOf(c)).toBe('');
  });

  it('accepts rewritten diffs (cost budget spent)', () => {
    const c = compare({ ...readEventFolder(`${seedsDir}${seedFolders[0]!}`).request, options: { diff: { maxComparisons: 1 } } });
    expect(c.stats.diffsRewritten).toBeGreaterThan(0);
    expect(errorsOf(c)).toBe('');
  });

  it('accepts findings shaped like the Finding interface', () => {
    const c = copy(inline());
    const finding: Finding = {
      id: 'f1',
      key: '0123456789abcdef',
      ruleId: 'loaded-term',
      severity: 'notice',
      salience: 0.5,
      confidence: 0.6,
      reason: 'One outlet uses a loaded term.',
      spans: [{ article: 'lemonde', start: 0, end: 10 }],
      evidence: [{ role: 'flagged', article: 'lemonde', start: 0, end: 10 }, { role: 'counterpart', article: 'lemonde', start: 20, end: 30 }],
      actual: 'invasion',
      counterpart: ['war'],
      data: { any: ['thing', 1, null], nested: { ok: true } },
    };
    c.findings.push(finding, { id: 'f2', key: '0123456789abcdef-2', ruleId: 'r', severity: 'info', salience: 0, confidence: 1, reason: '', spans: [], evidence: [] });
    expect(errorsOf(c)).toBe('');
  });

  describe('rejects a contract violation', () => {
    const base = inline();

    it('has a paragraph link to mutate', () => {
      expect(base.alignment.paragraphLinks.length).toBeGreaterThan(0);
    });

    it('a paragraph link with a negative paragraph index', () => {
      const c = copy(base);
      c.alignment.paragraphLinks[0]!.a.paragraph = -1;
      expect(errorsOf(c)).toMatch(/paragraphLinks\/0\/a\/paragraph must be >= 0/);
    });

    it('an unknown top-level property', () => {
      const c = copy(base) as Comparison & { extra?: unknown };
      c.extra = true;
      expect(errorsOf(c)).toMatch(/must NOT have additional properties/);
    });

    it('a fractional offset, a bad enum, a missing property and a wrong schemaVersion', () => {
      const cases: ((c: Comparison) => void)[] = [
        (c) => (c.articles[0]!.sentences[0]!.start = 0.5),
        (c) => ((c.diffs[0] as { status: string }).status = 'partial'),
        (c) => delete (c.stats as Partial<Comparison['stats']>).rowsInAll,
        (c) => ((c as { schemaVersion: number }).schemaVersion = 2),
        (c) => ((c.articles[0] as { title: unknown }).title = 3),
        (c) => (c.diffs[0]!.similarity = 1.5),
        (c) => ((c.findings[0] ?? (c.findings[0] = { id: 'f', key: '0123456789abcdef', ruleId: 'r', severity: 'info', salience: 1, confidence: 1, reason: '', spans: [], evidence: [] })).key = 'not hex'),
        (c) => ((c.articles[0] as { name: unknown }).name = ''),
        (c) => (c.findings = [{ id: 'f', key: '0123456789abcdef', ruleId: 'r', severity: 'fatal' as 'info', salience: 1, confidence: 1, reason: '', spans: [], evidence: [] }]),
        (c) => (c.findings = [{ id: 'f', key: '0123456789abcdef', ruleId: 'r', severity: 'info', salience: 1, confidence: 2, reason: '', spans: [], evidence: [] }]),
        (c) => (c.findings = [{ id: 'f', key: '0123456789abcdef', ruleId: 'r', severity: 'info', salience: 1, confidence: 1, reason: '', spans: [], evidence: [{ role: 'other' as 'flagged', article: 'a', start: 0, end: 1 }] }]),
      ];
      for (const mutate of cases) {
        const c = copy(base);
        mutate(c);
        expect(errorsOf(c), mutate.toString()).not.toBe('');
      }
    });
  });
});
