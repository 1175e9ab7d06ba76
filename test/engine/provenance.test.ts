import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import comparisonSchema from '../../engine/schema/comparison.schema.json' with { type: 'json' };
import { compare, InputError, type Comparison } from '../../engine/index.ts';
import { chooseSources } from '../../engine/provenance/trace.ts';

const valid = new Ajv2020({ allErrors: true, strict: false }).compile(comparisonSchema);

const source = {
  id: 'wire',
  outlet: 'Meridian Wire',
  paragraphs: [
    'The city council approved the new harbour budget on Tuesday by seven votes to two.',
    'Mayor Ana Ruiz said the plan would criticise no one and would fund repairs to the old sea wall.',
    'Engineers warned last year that the wall could fail in a major storm.',
  ],
};
const other = {
  id: 'daily',
  outlet: 'Harbor Daily',
  paragraphs: ['Fishermen at the port said the repairs were long overdue and welcomed the vote.', 'The budget also pays for two new ferry berths.'],
};
const derived = {
  id: 'digest',
  outlet: 'Newsroll Digest',
  paragraphs: [
    'The city council approved the new harbour budget on Tuesday by seven votes to two.',
    'Mayor Ana Ruiz stated that the plan would criticize no one and pay to repair the old sea wall.',
    'Local fishermen called the long overdue repairs welcome news after the vote.',
    'Critics fear the project will be mired in corruption for years to come.',
  ],
};
const trace = (extra: Record<string, unknown> = {}): Comparison => compare({ articles: [derived, source, other], options: { provenance: { derived: 'digest', ...extra } } });

describe('provenance', () => {
  it('traces each derived sentence to its source: verbatim, paraphrase, or none; spelling variants match', () => {
    const c = trace();
    expect(valid(c), JSON.stringify(valid.errors)).toBe(true);
    const p = c.provenance!;
    expect(p.derived).toBe('digest');
    expect(p.sentences.map((s) => s.support)).toEqual(['verbatim', 'paraphrase', expect.stringMatching(/^(paraphrase|partial)$/), 'none']);
    const d = c.articles.find((a) => a.id === 'digest')!;
    const text = (article: string, s: { start: number; end: number }) => c.articles.find((a) => a.id === article)!.text.slice(s.start, s.end);
    expect(text('digest', p.sentences[0]!)).toBe(derived.paragraphs[0]);
    expect(p.sentences[0]!.sources[0]).toMatchObject({ article: 'wire' });
    expect(text('wire', p.sentences[0]!.sources[0]!)).toBe(source.paragraphs[0]);
    // "criticize" / "criticise", "stated" / "said": the mayor's sentence comes from the wire's.
    expect(text('wire', p.sentences[1]!.sources[0]!)).toBe(source.paragraphs[1]);
    expect(p.sentences[2]!.sources[0]!.article).toBe('daily');
    expect(p.sentences[3]!.sources).toEqual([]);
    expect(p.summary).toMatchObject({ sentences: 4, supported: 3, unsupported: [3] });
    expect(p.summary.sources).toEqual([{ article: 'wire', sentences: 2, share: 0.5 }, { article: 'daily', sentences: 1, share: 0.25 }]);
    expect(p.summary.paragraphs.map((x) => x.source)).toEqual(['wire', 'wire', 'daily', null]);
    expect(d.sentences).toHaveLength(4);
  });

  it('is deterministic, and absent unless asked for', () => {
    expect(JSON.stringify(trace())).toBe(JSON.stringify(trace()));
    expect(compare({ articles: [derived, source] })).not.toHaveProperty('provenance');
  });

  it('refuses an unknown derived article and bounds its cost', () => {
    expect(() => trace({ derived: 'nope' })).toThrow(/options.provenance.derived names no article of the request: "nope"/);
    try {
      trace({ maxSentencePairs: 10 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).code).toBe('provenance-too-large');
      expect((e as InputError).details).toMatchObject({ limit: 10, actual: 20 });
    }
  });

  it('chooses sources near the best above the link threshold, and the best alone above the support threshold', () => {
    const th = { link: 0.5, relative: 0.8, support: 0.3 };
    // Two derived sentences, sources of 2 and 1 sentences.
    const probs = [Float64Array.from([0.9, 0.75, 0.35, 0.1]), Float64Array.from([0.6, 0.2])];
    expect(chooseSources(probs, 2, [2, 1], th)).toEqual([
      [{ source: 0, sentence: 0, p: 0.9 }, { source: 0, sentence: 1, p: 0.75 }],
      [{ source: 0, sentence: 0, p: 0.35 }],
    ]);
    expect(chooseSources(probs, 2, [2, 1], { ...th, relative: 0.85 })[0]).toEqual([{ source: 0, sentence: 0, p: 0.9 }]);
    expect(chooseSources(probs, 2, [2, 1], { ...th, relative: 0.6 })[0]!.map((c) => c.p)).toEqual([0.9, 0.75, 0.6]);
    expect(chooseSources(probs, 2, [2, 1], { ...th, support: 0.4 })[1]).toEqual([]);
  });
});

describe('provenance in the reports', () => {
  it('lists every derived sentence with its support and best source in the Markdown report', async () => {
    const { renderMarkdown, renderProvenanceText } = await import('../../engine/index.ts');
    const c = trace();
    const md = renderMarkdown(c);
    expect(md).toContain('## Provenance of Newsroll Digest');
    expect(md).toContain('3 of 4 sentences supported by a source; 1 by none.');
    expect(md).toMatch(/^\| 1 \| verbatim \| The city council approved .* \| Meridian Wire \(\d+%\): The city council approved/m);
    expect(md).toMatch(/^\| 4 \| none \| Critics fear .* \|  \|$/m);
    const text = renderProvenanceText(c);
    expect(text).toMatch(/No source supports:\n {2}4\. Critics fear the project/);
    expect(renderMarkdown(compare({ articles: [derived, source] }))).not.toContain('## Provenance');
  });
});

describe('what the rewrite changed', () => {
  const src = { id: 'wire', outlet: 'Meridian Wire', paragraphs: [
    'The explosion in the market district killed 47 people and injured dozens more on Monday, police said.',
    'Officials said the bridge may reopen next month after the repairs to its central span.',
    'The mayor said the council approved the new harbour budget after a long debate.',
  ] };
  const rewrite = { id: 'digest', paragraphs: [
    'The explosion in the market district killed 50 people and injured dozens more on Monday, police said.',
    'Officials said the bridge reopens next month after the repairs to its central span.',
    'The mayor said the council will certainly approve the new harbour budget after a long debate.',
  ] };
  const c = compare({ articles: [rewrite, src], options: { provenance: { derived: 'digest' } } });

  it('reports a changed figure, a dropped hedge and raised certainty, each with evidence on both sides', () => {
    expect(valid(c), JSON.stringify(valid.errors)).toBe(true);
    const [s0, s1, s2] = c.provenance!.sentences;
    const text = (id: string, s: { start: number; end: number }) => c.articles.find((a) => a.id === id)!.text.slice(s.start, s.end);
    const fig = s0!.changes!.find((f) => f.ruleId === 'provenance/figure-changed')!;
    expect(fig.reason).toBe('The rewrite gives "50" where its source, Meridian Wire, gives "47".');
    expect(fig.evidence.map((e) => [e.role, e.article, text(e.article, e)])).toEqual([['flagged', 'digest', '50'], ['counterpart', 'wire', '47']]);
    expect(fig.id).toBe('provenance/figure-changed#1');
    expect(fig.key).toMatch(/^[0-9a-f]{16}$/);
    const hedge = s1!.changes!.find((f) => f.ruleId === 'provenance/hedge-dropped')!;
    expect(hedge.reason).toBe('Meridian Wire hedges this ("may"); the rewrite states it without a hedge.');
    expect(hedge.evidence.filter((e) => e.role === 'counterpart').map((e) => text('wire', e))).toEqual(['may']);
    const sure = s2!.changes!.find((f) => f.ruleId === 'provenance/certainty-raised')!;
    expect(sure.evidence.filter((e) => e.role === 'flagged').map((e) => text('digest', e))).toEqual(['will', 'certainly']);
  });

  it('reports words put inside a quotation, a quotation given to another person, and evaluative words no source uses', () => {
    const wire = { id: 'wire', outlet: 'Meridian Wire', paragraphs: [
      '"We will not raise the harbour tax this year," the finance minister Anna Berg told reporters on Monday.',
      '"The old bridge is safe and will reopen on Monday after the inspection," said Tom Reyes, the city engineer, at a briefing.',
      'The government cleared the protest camp near the harbour on Tuesday morning after a court order.',
    ] };
    const digest = { id: 'digest', paragraphs: [
      '"We will never raise the harbour tax again," the finance minister Anna Berg told reporters on Monday.',
      '"The old bridge is safe and will reopen on Monday after the inspection," said Laura Quint, the deputy mayor, at a briefing.',
      'The regime cleared the protest camp near the harbour on Tuesday morning after a court order.',
    ] };
    const r = compare({ articles: [digest, wire], options: { provenance: { derived: 'digest' } } });
    const all = r.provenance!.sentences.flatMap((s) => s.changes ?? []);
    const at = (id: string, e: { start: number; end: number }) => r.articles.find((a) => a.id === id)!.text.slice(e.start, e.end);
    const altered = all.find((f) => f.ruleId === 'provenance/quote-altered')!;
    expect(altered.evidence.filter((e) => e.role === 'flagged').map((e) => at('digest', e))).toEqual(['never', 'again']);
    expect(altered.evidence.filter((e) => e.role === 'counterpart').map((e) => at('wire', e))).toEqual(['not', 'this', 'year']);
    expect(altered.reason).toContain('inside the quotation marks');
    const moved = all.find((f) => f.ruleId === 'provenance/quote-reassigned')!;
    expect(moved.reason).toBe("The rewrite gives this quotation to Laura Quint; in Meridian Wire it is Tom Reyes's.");
    expect(moved.evidence.map((e) => [e.role, at(e.article, e)])).toEqual([['flagged', 'Laura Quint'], ['counterpart', 'Tom Reyes']]);
    const loaded = all.find((f) => f.ruleId === 'provenance/evaluative-added')!;
    expect(loaded.evidence.filter((e) => e.role === 'flagged').map((e) => at('digest', e))).toEqual(['regime']);
    // The same quotation, speaker and wording: nothing to report.
    expect(all.filter((f) => f.ruleId.startsWith('provenance/quote')).length).toBe(2);
    // A word some source uses is the sources' vocabulary, not the rewrite's judgement.
    const both = compare({ articles: [digest, { ...wire, paragraphs: [...wire.paragraphs, 'Critics called the government a regime.'] }], options: { provenance: { derived: 'digest' } } });
    expect(both.provenance!.sentences.flatMap((s) => s.changes ?? []).some((f) => f.ruleId === 'provenance/evaluative-added')).toBe(false);
  });

  it('reports nothing for a sentence copied as it stands', () => {
    const same = compare({ articles: [{ id: 'digest', paragraphs: src.paragraphs }, src], options: { provenance: { derived: 'digest' } } });
    for (const s of same.provenance!.sentences) expect(s.changes).toBeUndefined();
  });

  it('are listed in the Markdown report', async () => {
    const { renderMarkdown } = await import('../../engine/index.ts');
    expect(renderMarkdown(c)).toContain('- Sentence 1, **provenance/figure-changed**: The rewrite gives "50" where its source, Meridian Wire, gives "47".');
  });
});
