/**
 * The golden extraction corpus (test/fixtures/extraction, written for the project; see its
 * README): each page's bytes, with the HTTP Content-Type it was served with, must give exactly
 * the expected metadata and paragraphs, or the expected error.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticleFromBytes } from '../../engine/extract/index.ts';
import { isInputError } from '../../engine/index.ts';

const DIR = new URL('../fixtures/extraction/', import.meta.url).pathname;

interface Golden {
  contentType?: string;
  url?: string;
  expected?: { title: string | null; byline: string | null; published: string | null; outlet: string | null; url: string | null; language: string | null; paragraphs: string[] };
  error?: string;
}

const cases = readdirSync(DIR).filter((f) => f.endsWith('.html')).sort().map((f) => f.replace(/\.html$/, ''));

describe('golden extraction corpus', () => {
  it('has the page kinds the corpus promises', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
    for (const kind of ['amp-page', 'live-blog', 'paywall-teaser', 'gallery', 'comments', 'windows-1252', 'shift-jis', 'not-an-article']) expect(cases).toContain(kind);
  });

  it.each(cases)('%s', (name) => {
    const golden = JSON.parse(readFileSync(join(DIR, `${name}.expected.json`), 'utf8')) as Golden;
    const bytes = new Uint8Array(readFileSync(join(DIR, `${name}.html`)));
    const run = () => extractArticleFromBytes(bytes, golden.contentType, golden.url ? { url: golden.url } : {});
    if (golden.error) {
      let err: unknown;
      try {
        run();
      } catch (e) {
        err = e;
      }
      expect(isInputError(err) ? err.code : err).toBe(golden.error);
      return;
    }
    const got = run();
    const { paragraphs, ...meta } = golden.expected!;
    expect({ title: got.title, byline: got.byline, published: got.published, outlet: got.outlet, url: got.url, language: got.language }).toEqual(meta);
    expect(got.paragraphs).toEqual(paragraphs);
  });
});
