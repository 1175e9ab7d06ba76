import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../server/cli/main.ts';
import { run } from './run.ts';


/** A small news page in the given outlet's words about one council vote. */
function newsPage(outlet: string, verb: string, extra = ''): string {
  const ld = JSON.stringify({ '@type': 'NewsArticle', headline: `Council ${verb} truce plan`, datePublished: '2025-02-24T18:00:00Z', author: { '@type': 'Person', name: `${outlet} Staff` }, publisher: { '@type': 'Organization', name: outlet } });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Council ${verb} truce plan | ${outlet}</title>
<script type="application/ld+json">${ld}</script></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a></nav>
<article><h1>Council ${verb} truce plan</h1>
<p>The security council ${verb} a plan for a truce on Monday, after a long debate between its fifteen members in New York.</p>
<p>Ten members voted in favour and five abstained, including France and the United Kingdom, diplomats said after the session.</p>
<div class="newsletter-signup"><p>Sign up for our morning briefing</p></div>
<p>The text calls for a swift end to the fighting and a lasting peace, but it does not name who started the war.</p>${extra}
</article><footer>© ${outlet}</footer></body></html>`;
}

let server: Server;
let base = '';
let hits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    if (req.url === '/wire') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(newsPage('Wire Service', 'backs'));
    if (req.url === '/paper') return void res.writeHead(200, { 'content-type': 'text/html' }).end(newsPage('Daily Paper', 'adopts'));
    if (req.url === '/moved') return void res.writeHead(301, { location: '/paper' }).end();
    if (req.url === '/pdf') return void res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4');
    if (req.url === '/index') return void res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><body><ul>${'<li><a href="/x">A headline about something</a></li>'.repeat(20)}</ul></body></html>`);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('parallax extract', () => {
  it('prints one JSON line per input, in order, with per-input errors, and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parallax-extract-'));
    const file = join(dir, 'saved.html');
    writeFileSync(file, newsPage('Saved Outlet', 'welcomes'));
    const r = await run(['extract', '--json', '--allow-private-addresses', `${base}/moved`, file, `${base}/pdf`, `${base}/missing`, `${base}/index`, join(dir, 'nope.html')]);
    expect(r.code).toBe(EXIT.ok);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((x) => x.input)).toEqual([`${base}/moved`, file, `${base}/pdf`, `${base}/missing`, `${base}/index`, join(dir, 'nope.html')]);
    expect(rows[0].article).toMatchObject({ title: 'Council adopts truce plan', outlet: 'Daily Paper', byline: 'Daily Paper Staff', published: '2025-02-24T18:00:00Z', url: `${base}/paper`, language: 'en' });
    expect(rows[0].article.paragraphs).toHaveLength(3);
    expect(rows[0].article.paragraphs.join(' ')).not.toMatch(/Sign up|Home|©/);
    expect(rows[1].article.outlet).toBe('Saved Outlet');
    expect(rows[2].error.code).toBe('content-type');
    expect(rows[3].error).toMatchObject({ code: 'http-status', status: 404 });
    expect(rows[4].error.code).toBe('not-an-article');
    expect(rows[5].error.code).toBe('not-found');
  });

  it('refuses local addresses unless allowed, without contacting them', async () => {
    const before = hits;
    const r = await run(['extract', '--json', `${base}/wire`]);
    expect(JSON.parse(r.stdout).error.code).toBe('blocked-address');
    expect(hits).toBe(before);
  });

  it('prints a readable listing without --json and exits 65 when an input failed', async () => {
    const r = await run(['extract', '--allow-private-addresses', `${base}/wire`, `${base}/pdf`]);
    expect(r.code).toBe(EXIT.data);
    expect(r.stdout).toContain('Title:     Council backs truce plan');
    expect(r.stdout).toContain('Outlet:    Wire Service');
    expect(r.stderr).toMatch(/\/pdf: .*application\/pdf/);
  });
});

describe('parallax compare with URLs and HTML files', () => {
  it('compares pages fetched by URL and leaves out a failing URL with a warning', async () => {
    const r = await run(['compare', '--allow-private-addresses', `${base}/wire`, `${base}/paper`, `${base}/missing`]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toMatch(/skipped .*\/missing/);
    const c = JSON.parse(r.stdout);
    expect(c.articles.map((a: { outlet: string }) => a.outlet)).toEqual(['Wire Service', 'Daily Paper']);
    // Both hosts are 127.0.0.1, so the second id gets a suffix.
    expect(c.articles.map((a: { id: string }) => a.id)).toEqual(['127.0.0.1', '127.0.0.1-2']);
    expect(c.alignment.paragraphLinks.length).toBeGreaterThanOrEqual(3);
  });

  it('fetches request articles given only by url, extracts those given as html, and keeps user fields', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parallax-req-'));
    const req = join(dir, 'request.json');
    writeFileSync(req, JSON.stringify({ articles: [
      { id: 'wire', url: `${base}/wire` },
      { id: 'pasted', outlet: 'My Label', html: newsPage('Daily Paper', 'adopts') },
      { id: 'gone', url: `${base}/missing` },
    ] }));
    const r = await run(['compare', '--allow-private-addresses', req]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toMatch(/skipped article gone: .*404/);
    const c = JSON.parse(r.stdout);
    expect(c.articles.map((a: { id: string; outlet: string }) => [a.id, a.outlet])).toEqual([['wire', 'Wire Service'], ['pasted', 'My Label']]);
  });

  it('fails with a clear message when fewer than two inputs can be read', async () => {
    const r = await run(['compare', '--allow-private-addresses', `${base}/wire`, `${base}/pdf`]);
    expect(r.code).toBe(EXIT.data);
    expect(r.stderr).toMatch(/only 1 of 2 inputs could be read/);
  });
});

describe('parallax provenance', () => {
  it('traces a derived file to the pages its Related Sources footer lists, skipping one that fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parallax-provenance-'));
    const file = join(dir, 'digest.txt');
    writeFileSync(file, [
      'Council backs truce plan',
      'The security council backed a plan for a truce on Monday, after a long debate between its fifteen members in New York.',
      'Observers expect the plan to collapse within a week.',
      'Related Sources:',
      `- ${base}/wire`,
      `- ${base}/missing`,
      '',
    ].join('\n'));
    const r = await run(['provenance', '--allow-private-addresses', file, '--format', 'text']);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(r.stderr).toContain('tracing to the 2 URLs in its Related Sources footer');
    expect(r.stderr).toMatch(/skipped http:\/\/127\.0\.0\.1:\d+\/missing: /);
    expect(r.stdout).toMatch(/^Provenance of /);
    expect(r.stdout).toMatch(/1 of 2 sentences supported by a source; 1 by none\./);
    expect(r.stdout).toContain('from Wire Service');
    expect(r.stdout).toMatch(/No source supports:\n {2}2\. Observers expect the plan to collapse within a week\./);
    // Private addresses stay refused unless allowed.
    const refused = await run(['provenance', file]);
    expect(refused.code).toBe(EXIT.data);
    expect(refused.stderr).toMatch(/no source could be read/);
  });

  it('prints the comparison JSON with its provenance, and needs sources', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parallax-provenance-'));
    writeFileSync(join(dir, 'a.txt'), 'Title A\nThe council voted on Monday for the truce plan after a long debate.\n');
    writeFileSync(join(dir, 'b.txt'), 'Title B\nOn Monday the council voted for the truce plan after long debate.\n');
    const r = await run(['provenance', join(dir, 'a.txt'), join(dir, 'b.txt')]);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const c = JSON.parse(r.stdout);
    expect(c.provenance.derived).toBe(c.articles[0].id);
    expect(c.provenance.sentences[0].sources[0].article).toBe(c.articles[1].id);
    const none = await run(['provenance', join(dir, 'a.txt')]);
    expect(none.code).toBe(EXIT.usage);
    expect(none.stderr).toMatch(/provenance needs sources/);
  });
});

