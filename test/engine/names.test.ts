import { describe, expect, it } from 'vitest';
import { compare, upgradeComparison, type Comparison } from '../../engine/index.ts';
import { displayNames, siteOf, titleSource } from '../../engine/input/names.ts';

const none = { outlet: null, url: null, title: null };

describe('article display names', () => {
  it('names an article by its outlet, else its site, else its headline source, else its place; never its id', () => {
    expect(displayNames([
      { ...none, outlet: 'Meridian Wire' },
      { ...none, url: 'https://www.example-news.org/world/1' },
      { ...none, title: 'Council backs the plan | Harbor Daily' },
      { ...none, title: 'Council backs the plan - and the mayor is pleased about it today' },
    ])).toEqual(['Meridian Wire', 'example-news.org', 'Harbor Daily', 'Article 4']);
    expect(siteOf('javascript:alert(1)')).toBeNull();
    expect(siteOf('not a url')).toBeNull();
    expect(titleSource('A plan - lower-case tail')).toBeNull();
  });

  it('keeps names unique, counting repeats', () => {
    expect(displayNames([{ ...none, outlet: 'Wire' }, { ...none, outlet: 'wire' }, { ...none, outlet: 'Post' }, { ...none, outlet: 'Wire' }]))
      .toEqual(['Wire', 'wire (2)', 'Post', 'Wire (3)']);
  });

  it('puts the name and the event title in the comparison, and reasons use the name', () => {
    const c = compare({
      title: '  Council   vote ',
      articles: [
        { id: 'file-one.txt', url: 'https://news.example.com/a', paragraphs: ['The council approved the plan on Monday, officials said.', 'Protesters slammed the decision.'] },
        { id: 'a2', paragraphs: ['The council approved the plan on Monday, officials said.', 'Residents questioned the decision.'] },
      ],
    });
    expect(c.title).toBe('Council vote');
    expect(c.articles.map((a) => a.name)).toEqual(['news.example.com', 'Article 2']);
    for (const f of c.findings) expect(f.reason).not.toMatch(/file-one\.txt|\ba2\b/);
    expect(() => compare({ title: 3, articles: c.articles.map((a) => ({ text: a.text })) })).toThrow(/"title" must be a string/);
  });
});

describe('finding keys', () => {
  const base = (extra: string) => compare({
    articles: [
      { id: 'a', outlet: 'A', paragraphs: ['The council approved the plan on Monday after a long debate, officials said.', 'Protesters slammed the decision outside the hall.', extra] },
      { id: 'b', outlet: 'B', paragraphs: ['The council approved the plan on Monday after a long debate, officials said.', 'Protesters criticised the decision outside the hall.', 'The vote was 7 to 2.'] },
    ],
    options: { framing: { minSalience: 0 } },
  });

  it('are hex, unique in a comparison, and the same after an edit elsewhere in the article', () => {
    const one = base('The mayor did not comment.');
    const two = base('The mayor did not comment on Tuesday, and her office declined to say more.');
    expect(one.findings.length).toBeGreaterThan(0);
    for (const f of one.findings) expect(f.key).toMatch(/^[0-9a-f]{16}(-\d+)?$/);
    expect(new Set(one.findings.map((f) => f.key)).size).toBe(one.findings.length);
    const slammed = (c: Comparison) => c.findings.find((f) => f.actual === 'slammed')?.key;
    expect(slammed(one)).toBeDefined();
    expect(slammed(two)).toBe(slammed(one));
  });

  it('change when the evidence wording does', () => {
    const one = base('The mayor did not comment.');
    const other = compare({
      articles: [
        { id: 'a', outlet: 'A', paragraphs: ['The council approved the plan on Monday after a long debate, officials said.', 'Protesters blasted the decision outside the hall.', 'The mayor did not comment.'] },
        { id: 'b', outlet: 'B', paragraphs: ['The council approved the plan on Monday after a long debate, officials said.', 'Protesters criticised the decision outside the hall.', 'The vote was 7 to 2.'] },
      ],
      options: { framing: { minSalience: 0 } },
    });
    const keysOf = (c: Comparison) => new Set(c.findings.filter((f) => f.ruleId === 'framing/loaded').map((f) => f.key));
    const blasted = other.findings.find((f) => f.actual === 'blasted');
    expect(blasted).toBeDefined();
    expect(keysOf(one).has(blasted!.key)).toBe(false);
  });

  it('are filled, as the engine makes them, in a comparison saved before they existed', () => {
    const c = base('The mayor did not comment.');
    const old = JSON.parse(JSON.stringify(c)) as Comparison & { title?: string | null };
    delete (old as { title?: string | null }).title;
    for (const a of old.articles) delete (a as { name?: string }).name;
    for (const f of old.findings) delete (f as { key?: string }).key;
    const up = upgradeComparison(old);
    expect(up.findings.map((f) => f.key)).toEqual(c.findings.map((f) => f.key));
    expect(up.articles.map((a) => a.name)).toEqual(['A', 'B']);
    expect(up.title).toBeNull();
  });
});
