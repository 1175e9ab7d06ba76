import { describe, expect, it } from 'vitest';
import {
  decodePage,
  extractArticle,
  extractArticleFromBytes,
  metaCharset,
  normalizeDate,
  stripTitleSuffix,
} from '../../engine/extract/index.ts';
import { isInputError } from '../../engine/index.ts';

const enc = (s: string) => new TextEncoder().encode(s);
/** Bytes of a string whose characters are all below 256 (one byte each). */
const bytes = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));

const prose = (n: number, topic = 'the council') =>
  Array.from({ length: n }, (_, i) => `<p>Paragraph ${i + 1} about ${topic}, with enough words in it to read as prose, and a comma or two, as articles have.</p>`).join('\n');

function page(body: string, head = ''): string {
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Council votes | The Daily Example</title>${head}</head><body>${body}</body></html>`;
}

describe('decodePage', () => {
  it('reads a UTF-8 byte-order mark first, whatever the page declares', () => {
    const d = decodePage(new Uint8Array([0xef, 0xbb, 0xbf, ...enc('<meta charset="windows-1252"><p>café</p>')]));
    expect(d).toMatchObject({ encoding: 'utf-8', source: 'bom' });
    expect(d.text).toContain('café');
  });

  it('prefers the HTTP charset over the meta tag', () => {
    const d = decodePage(bytes('<meta charset="iso-8859-2"><p>\u00e9</p>'), 'text/html; charset=windows-1252');
    expect(d).toMatchObject({ encoding: 'windows-1252', source: 'header' });
    expect(d.text).toContain('é');
  });

  it('decodes windows-1252 bytes 0x80-0x9F as curly quotes, dashes and the euro sign', () => {
    const d = decodePage(bytes('<meta charset="windows-1252"><p>\x93Yes\x94 \x96 \x80100</p>'));
    expect(d.source).toBe('meta');
    expect(d.text).toContain('“Yes” – €100');
  });

  it('finds the charset in the http-equiv form and decodes ISO-8859-2', () => {
    const html = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2"><p>\xa3\xf3d\xbc</p>';
    expect(metaCharset(bytes(html))).toBe('iso-8859-2');
    expect(decodePage(bytes(html)).text).toContain('Łódź');
  });

  it('decodes Shift_JIS named only in the Content-Type header', () => {
    // 日本 in Shift_JIS is 93 FA 96 7B.
    const d = decodePage(new Uint8Array([...enc('<p>'), 0x93, 0xfa, 0x96, 0x7b, ...enc('</p>')]), 'text/html; charset=Shift_JIS');
    expect(d.encoding).toBe('shift_jis');
    expect(d.text).toContain('日本');
  });

  it('skips an unknown label and falls back to UTF-8 when the bytes are valid UTF-8', () => {
    const d = decodePage(enc('<meta charset="x-no-such-thing"><p>naïve</p>'));
    expect(d).toMatchObject({ encoding: 'utf-8', source: 'utf8-valid' });
  });

  it('reads unlabelled invalid UTF-8 as windows-1252 instead of producing replacement characters', () => {
    const d = decodePage(bytes('<p>caf\xe9</p>'));
    expect(d).toMatchObject({ encoding: 'windows-1252', source: 'default' });
    expect(d.text).toContain('café');
  });

  it('refuses binary data with an input error', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    expect(() => decodePage(png)).toThrow(/not a text page/);
  });
});

describe('normalizeDate and stripTitleSuffix', () => {
  it.each([
    ['2025-02-24T18:30:00Z', '2025-02-24T18:30:00Z'],
    ['2025-02-24T18:30:00+0100', '2025-02-24T18:30:00+01:00'],
    ['2025-02-24T18:30+01:00', '2025-02-24T18:30:00+01:00'],
    ['2025-02-24', '2025-02-24'],
    ['Mon, 24 Feb 2025 18:30:00 GMT', '2025-02-24T18:30:00Z'],
    ['02/03/2025', null],
    ['yesterday', null],
    ['', null],
  ])('normalizeDate(%j) is %j', (input, expected) => {
    expect(normalizeDate(input)).toBe(expected);
  });

  it('drops a site-name suffix or prefix but keeps headlines that contain a dash', () => {
    expect(stripTitleSuffix('Council votes on truce | The Daily Example', 'The Daily Example')).toBe('Council votes on truce');
    expect(stripTitleSuffix('Daily Example - Council votes on truce', 'Daily Example')).toBe('Council votes on truce');
    expect(stripTitleSuffix('Council votes on truce - Example News', null)).toBe('Council votes on truce');
    expect(stripTitleSuffix('Ceasefire talks - what we know so far about the plan', null)).toBe('Ceasefire talks - what we know so far about the plan');
  });
});

describe('extractArticle', () => {
  it('takes metadata from JSON-LD, following @graph and @id references', () => {
    const ld = JSON.stringify({
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'Organization', '@id': '#org', name: 'The Daily Example' },
        { '@type': 'WebPage', '@id': '#page', name: 'ignored' },
        {
          '@type': ['NewsArticle'],
          headline: 'Council votes on truce',
          datePublished: '2025-02-24T18:30:00+01:00',
          author: [{ '@type': 'Person', name: 'Ana Lima' }, { '@type': 'Person', name: 'Tom Berg' }],
          publisher: { '@id': '#org' },
          inLanguage: 'en-GB',
        },
      ],
    });
    const a = extractArticle(page(`<article><h1>Council votes on truce</h1>${prose(4)}</article>`, `<script type="application/ld+json">${ld}</script><link rel="canonical" href="https://example.com/truce">`));
    expect(a).toMatchObject({
      title: 'Council votes on truce',
      byline: 'Ana Lima, Tom Berg',
      published: '2025-02-24T18:30:00+01:00',
      outlet: 'The Daily Example',
      url: 'https://example.com/truce',
      language: 'en-GB',
    });
    expect(a.paragraphs).toHaveLength(4);
  });

  it('falls back to OpenGraph, <time> and the title tag, and survives broken JSON-LD', () => {
    const head = '<script type="application/ld+json">{ not json</script><meta property="og:site_name" content="The Daily Example"><meta name="author" content="Ana Lima">';
    const a = extractArticle(page(`<article><header><time datetime="2025-02-25">25 Feb</time></header>${prose(3)}</article>`, head));
    expect(a).toMatchObject({ title: 'Council votes', outlet: 'The Daily Example', byline: 'Ana Lima', published: '2025-02-25', language: 'en-GB' });
  });

  it('keeps sub-headings, quotes and list items, and drops navigation, captions, related boxes and share bars', () => {
    const body = `
      <nav><ul>${'<li><a href="/s">Section</a></li>'.repeat(12)}</ul></nav>
      <div class="article-body">
        ${prose(3)}
        <figure><img src="x.jpg"><figcaption>Delegates in the chamber. Photo: Example Agency</figcaption></figure>
        <h2>What happens next</h2>
        <blockquote><p>We will keep talking, the envoy said, until the guns fall silent.</p></blockquote>
        <div class="related-links"><h3>Related</h3><ul><li><a href="/a">Earlier vote fails</a></li><li><a href="/b">Who sits on the council</a></li></ul></div>
        <ul><li>The resolution passed 10 to 0.</li><li>Five members abstained.</li></ul>
        <div class="share-bar"><a href="#">Share on X</a> <a href="#">Email</a></div>
        ${prose(2, 'the vote')}
        <p>Advertisement</p>
      </div>
      <footer><p>© 2025 The Daily Example. All rights reserved.</p></footer>`;
    const a = extractArticle(page(body));
    expect(a.paragraphs).toContain('What happens next');
    expect(a.paragraphs).toContain('We will keep talking, the envoy said, until the guns fall silent.');
    expect(a.paragraphs).toContain('The resolution passed 10 to 0.');
    const all = a.paragraphs.join('\n');
    for (const junk of ['Section', 'Delegates in the chamber', 'Earlier vote fails', 'Share on X', 'Advertisement', '©']) expect(all).not.toContain(junk);
    expect(a.paragraphs).toHaveLength(3 + 1 + 1 + 2 + 2);
  });

  it('finds an article wrapped in a container whose class looks like furniture', () => {
    const a = extractArticle(page(`<div class="sticky-sidebar-wrapper"><div class="inner">${prose(6)}</div></div><aside>${prose(1, 'other news')}</aside>`));
    expect(a.paragraphs).toHaveLength(6);
  });

  it('joins an article split into sibling chunks', () => {
    const chunk = (n: number) => `<div class="chunk"><div class="grid"><div class="body">${prose(n)}</div><div class="rail"></div></div></div>`;
    const a = extractArticle(page(`<main><div class="chunks">${chunk(3)}${chunk(3)}${chunk(2)}</div></main>`));
    expect(a.paragraphs).toHaveLength(8);
  });

  it('says "not an article" for an index page of links', () => {
    const teasers = Array.from({ length: 30 }, (_, i) => `<li><a href="/story/${i}">Headline number ${i} about something that happened today</a></li>`).join('');
    let err: unknown;
    try {
      extractArticle(page(`<ul class="teasers">${teasers}</ul>`));
    } catch (e) {
      err = e;
    }
    expect(isInputError(err) && err.code).toBe('not-an-article');
  });

  it('refuses pages over the size limit before parsing', () => {
    expect(() => extractArticle(page(prose(5)), { maxChars: 100 })).toThrow(/limit is 100/);
  });

  it('survives elements nested tens of thousands deep', () => {
    const deep = `${'<div>'.repeat(30000)}${prose(3)}${'</div>'.repeat(30000)}`;
    expect(extractArticle(page(deep)).paragraphs).toHaveLength(3);
  });

  it('gives the same result for the same bytes', () => {
    const html = enc(page(`<article>${prose(5)}</article>`));
    expect(JSON.stringify(extractArticleFromBytes(html))).toBe(JSON.stringify(extractArticleFromBytes(html)));
  });

  it('uses JSON-LD articleBody when the page renders its text by script', () => {
    const ld = JSON.stringify({ '@type': 'NewsArticle', headline: 'Truce', articleBody: 'First paragraph of the story, which is long enough to count as text on its own, as articles are.\nSecond paragraph of the story, also long enough to count as real text for the reader.' });
    const a = extractArticle(page('<div id="app"></div>', `<script type="application/ld+json">${ld}</script>`));
    expect(a.paragraphs).toHaveLength(2);
  });
});
