import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compare, InputError, parseMarkdown, parseSeedText, type ArticleInput } from '../../engine/index.ts';

const two = (a: ArticleInput, b: ArticleInput = { id: 'b', text: 'Another article about the vote.' }) => ({ articles: [a, b] });

/** Runs `fn` and returns the InputError it throws (fails the test if it does not throw one). */
function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('article validation', () => {
  it('refuses fewer than 2 and more than 12 articles, naming the limit', () => {
    const one = inputError(() => compare({ articles: [{ text: 'x y z' }] }));
    expect(one.code).toBe('too-few-articles');
    expect(one.details.limit).toBe(2);
    const many = inputError(() => compare({ articles: Array.from({ length: 13 }, (_, i) => ({ text: `Article ${i} text.` })) }));
    expect(many.code).toBe('too-many-articles');
    expect(many.message).toContain('at most 12');
    expect(many.details.actual).toBe(13);
  });

  it('refuses empty articles and names them', () => {
    const e = inputError(() => compare(two({ id: 'wire', text: '  \n\n ' })));
    expect(e.code).toBe('empty-article');
    expect(e.message).toContain('"wire"');
    expect(e.details.article).toBe('wire');
    expect(inputError(() => compare(two({ id: 'x', paragraphs: ['', '—'] }))).code).toBe('empty-article');
    expect(inputError(() => compare(two({ id: 'x' }))).code).toBe('empty-article');
  });

  it('refuses duplicate ids', () => {
    const e = inputError(() => compare({ articles: [{ id: 'a', text: 'One text.' }, { id: 'a', text: 'Two text.' }] }));
    expect(e.code).toBe('duplicate-id');
    expect(e.message).toContain('#1');
  });

  it('refuses absurd sizes with the article and the limit', () => {
    const big = 'word '.repeat(40_001);
    const e = inputError(() => compare(two({ id: 'huge', text: big })));
    expect(e.code).toBe('article-too-large');
    expect(e.details).toMatchObject({ article: 'huge', limit: 200_000 });
    expect(e.message).toMatch(/"huge".*200000/);
  });

  it('refuses malformed articles and options clearly', () => {
    expect(inputError(() => compare({ articles: 'nope' })).code).toBe('invalid-request');
    expect(inputError(() => compare(two({ id: 'a', text: 'x', paragraphs: ['y'] }))).code).toBe('invalid-article');
    expect(inputError(() => compare(two({ id: 'a', paragraphs: [1, 2] as unknown as string[] }))).details.field).toBe('articles[0].paragraphs');
    expect(inputError(() => compare({ ...two({ text: 'a b' }), options: { alignment: { linkThreshold: 2 } } })).details.field).toBe(
      'options.alignment.linkThreshold',
    );
    expect(inputError(() => compare({ ...two({ text: 'a b' }), options: { nonsense: {} } })).code).toBe('invalid-options');
    expect(inputError(() => compare(null)).code).toBe('invalid-request');
  });

  it('keeps given paragraphs one for one, and splits text on line breaks', () => {
    const c = compare({
      articles: [
        { id: 'p', paragraphs: ['First paragraph.', '  Second\nparagraph spans lines.  ', 'Third.'] },
        { id: 't', text: 'Line one.\nLine two.\n\n\nLine three.' },
      ],
    });
    const [p, t] = c.articles;
    expect(p!.paragraphs.map((s) => p!.text.slice(s.start, s.end))).toEqual(['First paragraph.', 'Second paragraph spans lines.', 'Third.']);
    expect(t!.paragraphs.map((s) => t!.text.slice(s.start, s.end))).toEqual(['Line one.', 'Line two.', 'Line three.']);
    expect(p!.id).toBe('p');
    // Default ids follow position.
    expect(compare({ articles: [{ text: 'one two' }, { text: 'three four' }] }).articles.map((a) => a.id)).toEqual(['a1', 'a2']);
  });

  it('carries NFC-normalized text, and offsets point into it', () => {
    const c = compare({ articles: [{ id: 'a', text: 'Cafe\u0301 owners protested.' }, { id: 'b', text: 'Café owners protested loudly.' }] });
    expect(c.articles[0]!.text).toBe('Café owners protested.');
    const s = c.articles[0]!.sentences[0]!;
    expect(c.articles[0]!.text.slice(s.start, s.end)).toBe('Café owners protested.');
  });
});

describe('seed plain-text format', () => {
  it('reads the original seed article: title line, paragraph lines, empty Related Sources footer', () => {
    const raw = readFileSync(new URL('../../seeds/un-security-council-ukraine-2025/original.txt', import.meta.url), 'utf8');
    const a = parseSeedText(raw, 'original');
    expect(a.title).toBe('Kremlin Cheers U.S. Shift on Ukraine Conflict Amid European Dissent');
    expect(a.paragraphs).toHaveLength(4);
    expect(a.paragraphs!.join(' ')).not.toContain('Related Sources');
    expect(a.relatedSources).toEqual([]);
  });

  it('reads a footer followed by a list as metadata, never body', () => {
    const a = parseSeedText('Title\n\nBody one.\nBody two mentions Related Sources: in passing.\nRelated Sources:\n- Wire, 25 Feb\n* Other outlet\n');
    expect(a.paragraphs).toEqual(['Body one.', 'Body two mentions Related Sources: in passing.']);
    expect(a.relatedSources).toEqual(['Wire, 25 Feb', 'Other outlet']);
  });

  it('reads a file without a footer, and CRLF line ends', () => {
    const a = parseSeedText('Title\r\nOnly paragraph.\r\n');
    expect(a).toMatchObject({ title: 'Title', paragraphs: ['Only paragraph.'] });
  });
});

describe('Markdown with front matter', () => {
  it('reads metadata and blank-line separated paragraphs', () => {
    const a = parseMarkdown('---\nid: kyiv\ntitle: "Headline: with colon"\noutlet: Dnipro Daily\npublished: 2025-02-25T09:30:00Z\n---\nFirst para\ncontinues here.\n\n## A sub-head\n\nSecond para.\n');
    expect(a).toMatchObject({ id: 'kyiv', title: 'Headline: with colon', outlet: 'Dnipro Daily', published: '2025-02-25T09:30:00Z' });
    expect(a.paragraphs).toEqual(['First para continues here.', 'A sub-head', 'Second para.']);
  });

  it('takes a leading # heading as the title when front matter has none', () => {
    expect(parseMarkdown('# The headline\n\nBody.')).toMatchObject({ title: 'The headline', paragraphs: ['Body.'] });
  });

  it('reports invalid YAML as a clear format error', () => {
    const e = inputError(() => parseMarkdown('---\ntitle: [unclosed\n---\nBody', 'bad'));
    expect(e.code).toBe('invalid-format');
    expect(e.message).toContain('front matter');
  });
});
