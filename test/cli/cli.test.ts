import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../server/cli/main.ts';
import { ENGINE_VERSION } from '../../engine/version.ts';
import { run } from './run.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const SEED = join(ROOT, 'seeds/un-security-council-ukraine-2025');


function tmp(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'parallax-cli-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const article = (id: string, text: string) => ({ id, text });

describe('parallax compare', () => {
  it('compares an event folder and prints the comparison JSON', async () => {
    const r = await run(['compare', SEED]);
    expect(r.code).toBe(EXIT.ok);
    const c = JSON.parse(r.stdout);
    expect(c.schemaVersion).toBe(1);
    expect(c.articles.map((a: { id: string }) => a.id)).toContain('original');
    expect(c.alignment.rows.length).toBeGreaterThan(5);
  });

  it('prints readable text and Markdown reports', async () => {
    const text = await run(['compare', SEED, '--format', 'text']);
    expect(text.code).toBe(0);
    // Titled by the event (event.json), not by one outlet's headline.
    expect(text.stdout).toMatch(/^UN Security Council and General Assembly votes on Ukraine/);
    expect(text.stdout).toContain('Row 1');
    const md = await run(['compare', SEED, '--format', 'md']);
    expect(md.stdout).toMatch(/^# UN Security Council and General Assembly votes on Ukraine/);
    // Every finding, outlets by name, rows numbered as in the UI (their place in alignment.rows).
    const c = JSON.parse((await run(['compare', SEED])).stdout) as { findings: unknown[]; alignment: { rows: unknown[] }; articles: { id: string; outlet: string | null }[] };
    expect(md.stdout).toContain(`## All findings (${c.findings.length}, ranked by salience x confidence)`);
    expect(md.stdout.match(/^\d+\. \*\*[a-z]+\/[a-z-]+\*\* \(/gm)).toHaveLength(c.findings.length);
    expect(md.stdout).toContain(`## Row ${c.alignment.rows.length} `.trimEnd());
    // Never an id, not even for the articles whose files name no outlet (event.json names them).
    for (const a of c.articles) expect(md.stdout).not.toMatch(new RegExp(`^\\*\\*${a.id} ¶`, 'm'));
    expect(md.stdout).toMatch(/^\*\*Borealis Information Agency ¶\d+\*\*$/m);
    expect(md.stdout).toMatch(/^\*\*Meridian Wire ¶\d+\*\*$/m);
  });

  it('reads a request file, article files and stdin', async () => {
    const dir = tmp({
      'req.json': JSON.stringify({ articles: [article('a', 'The council voted 10-0 on Monday.'), article('b', 'On Monday the council voted 10-0.')] }),
      'one.txt': 'Title one\nThe council voted 10-0 on Monday.\nRelated Sources:\n',
      'two.md': '---\noutlet: Test Wire\n---\nOn Monday the council voted 10-0.\n',
    });
    const fromFile = await run(['compare', join(dir, 'req.json')]);
    expect(JSON.parse(fromFile.stdout).alignment.paragraphLinks).toHaveLength(1);
    const fromFiles = JSON.parse((await run(['compare', join(dir, 'one.txt'), join(dir, 'two.md')])).stdout);
    expect(fromFiles.articles.map((a: { id: string; outlet: string | null }) => [a.id, a.outlet])).toEqual([
      ['one', null],
      ['two', 'Test Wire'],
    ]);
    const fromStdin = await run(['compare', '-'], JSON.stringify({ articles: [article('x', 'Alpha beta.'), article('y', 'Gamma delta.')] }));
    expect(fromStdin.code).toBe(0);
  });

  it('applies --options', async () => {
    const r = await run(['compare', SEED, '--options', '{"diff":{"sentenceDiffs":false}}']);
    const c = JSON.parse(r.stdout);
    expect(c.options.diff.sentenceDiffs).toBe(false);
    expect(c.diffs.every((d: { level: string }) => d.level === 'paragraph')).toBe(true);
  });

  it('exits with codes and messages a shell user can act on', async () => {
    const usage = await run(['compare']);
    expect(usage.code).toBe(EXIT.usage);
    expect(usage.stderr).toContain('parallax help');
    expect((await run(['frobnicate'])).code).toBe(EXIT.usage);
    expect((await run(['compare', SEED, '--format', 'pdf'])).stderr).toContain('--format must be');

    const missing = await run(['compare', '/nonexistent/req.json']);
    expect(missing.code).toBe(EXIT.noInput);
    expect(missing.stderr).toContain('no such file');

    const dir = tmp({
      'bad.json': '{"articles": [',
      'one.json': JSON.stringify({ articles: [article('a', 'Only one.')] }),
      'bin.txt': Buffer.from([0x54, 0x69, 0x00, 0x01, 0x02, 0xff]),
      'latin1.txt': Buffer.from('Titre\nCaf\xe9 cr\xe8me\nRelated Sources:\n', 'latin1'),
      'ok.txt': 'Title\nSome body text.\n',
    });
    const bad = await run(['compare', join(dir, 'bad.json')]);
    expect(bad.code).toBe(EXIT.data);
    expect(bad.stderr).toContain('not valid JSON');
    const one = await run(['compare', join(dir, 'one.json')]);
    expect(one.code).toBe(EXIT.data);
    expect(one.stderr).toContain('at least 2 articles');
    const binary = await run(['compare', join(dir, 'bin.txt'), join(dir, 'ok.txt')]);
    expect(binary.code).toBe(EXIT.data);
    expect(binary.stderr).toContain('binary');
    const latin1 = await run(['compare', join(dir, 'latin1.txt'), join(dir, 'ok.txt')]);
    expect(latin1.stderr).toContain('not valid UTF-8');
    const badOptions = await run(['compare', SEED, '--options', '{oops']);
    expect(badOptions.code).toBe(EXIT.usage);
  });
});

describe('parallax batch', () => {
  it('writes one row per request in input order, with error rows for bad lines', async () => {
    const good = (id: string) => JSON.stringify({ id, articles: [article('a', 'The vote was 93 to 18.'), article('b', 'It passed 93 to 18.')] });
    const lines = [
      good('first'),
      '{not json',
      JSON.stringify({ id: 'few', articles: [article('a', 'Alone.')] }),
      '',
      JSON.stringify([1, 2]),
      JSON.stringify({ id: 7, articles: [article('a', 'x y'), article('a', 'y z')] }),
      good('last'),
    ];
    const dir = tmp({ 'in.jsonl': `${lines.join('\n')}\n` });
    const r = await run(['batch', join(dir, 'in.jsonl')]);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((row) => [row.id, row.error?.code ?? 'ok'])).toEqual([
      ['first', 'ok'],
      [null, 'invalid-json'],
      ['few', 'too-few-articles'],
      [null, 'invalid-request'],
      [7, 'duplicate-id'],
      ['last', 'ok'],
    ]);
    expect(rows[1].error.line).toBe(2);
    expect(rows[0].comparison.alignment.paragraphLinks).toHaveLength(1);
    expect(r.stderr).toContain('6 requests, 2 compared, 4 failed');
  });

  it('reads stdin and refuses a missing file clearly', async () => {
    const r = await run(['batch', '-'], `${JSON.stringify({ id: 's', articles: [article('a', 'One two.'), article('b', 'Three four.')] })}\n`);
    expect(JSON.parse(r.stdout).id).toBe('s');
    const missing = await run(['batch', '/nonexistent.jsonl']);
    expect(missing.code).toBe(EXIT.noInput);
  });
});

describe('parallax batch --jobs', () => {
  const good = (id: string, k: number) =>
    JSON.stringify({ id, articles: [article('a', `The council voted ${k} to 18 on the plan for a ceasefire.`), article('b', `It passed ${k} to 18, and the ceasefire plan goes ahead.`), article('c', 'Markets rose.')] });

  it('writes the same bytes on worker threads as on one thread, error rows included', async () => {
    const lines = [good('g1', 90), '{not json', ...Array.from({ length: 9 }, (_, i) => good(`g${i + 2}`, 91 + i)), JSON.stringify({ id: 'few', articles: [article('a', 'Alone.')] }), good('last', 99)];
    const dir = tmp({ 'in.jsonl': `${lines.join('\n')}\n` });
    const one = await run(['batch', join(dir, 'in.jsonl'), '--jobs', '1']);
    const two = await run(['batch', join(dir, 'in.jsonl'), '--jobs', '2']);
    const three = await run(['batch', join(dir, 'in.jsonl'), '--jobs', '3']);
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(three.stdout).toBe(one.stdout);
    expect(one.stdout.trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(['g1', null, ...Array.from({ length: 9 }, (_, i) => `g${i + 2}`), 'few', 'last']);
    expect(two.stderr).toContain('13 requests, 11 compared, 2 failed');
  });

  it('refuses a --jobs that is not a whole number from 1 to 64', async () => {
    for (const bad of ['0', '-1', '1.5', 'many', '65']) {
      const r = await run(['batch', '-', `--jobs=${bad}`], '');
      expect(r.code).toBe(EXIT.usage);
      expect(r.stderr).toContain('--jobs must be a whole number from 1 to 64');
    }
  });
});

describe('the installed command', () => {
  it('runs through npx --no-install from the repo root', () => {
    const out = execFileSync('npx', ['--no-install', 'parallax', '--version'], { cwd: ROOT, encoding: 'utf8' });
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const r = spawnSync('npx', ['--no-install', 'parallax', 'compare', '/nonexistent'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(EXIT.noInput);
  });
});

describe('the built command', () => {
  it('loads neither Express, SQLite nor pino for compare, batch and extract', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parallax-spy-'));
    const batch = join(dir, 'in.jsonl');
    writeFileSync(batch, `${JSON.stringify({ id: 'x', articles: [article('a', 'The vote was 93 to 18.'), article('b', 'It passed 93 to 18.')] })}\n`);
    const page = join(dir, 'page.html');
    writeFileSync(page, '<html><head><title>Vote</title></head><body><article><h1>Vote</h1><p>The council voted 93 to 18 on Monday in New York after a long debate.</p></article></body></html>');
    for (const args of [['compare', SEED, '--format', 'text'], ['batch', batch, '--jobs', '1'], ['extract', page, '--json'], ['--version']]) {
      const out = join(dir, `spy-${args[0]}.txt`);
      const r = spawnSync(process.execPath, ['--import', join(ROOT, 'test/cli/fixtures/spy.mjs'), 'bin/parallax.js', ...args], { cwd: ROOT, env: { ...process.env, SPY_OUT: out }, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const loaded = readFileSync(out, 'utf8');
      expect(loaded, args[0]).toContain('/dist/cli.js');
      for (const heavy of ['/node_modules/express/', '/node_modules/better-sqlite3/', '/node_modules/pino/', 'tsx']) expect(loaded.includes(heavy), `${args[0]} loads ${heavy}`).toBe(false);
    }
  });

  it('rebuilds when a source is newer than the build, so its output is never stale', () => {
    const copy = mkdtempSync(join(tmpdir(), 'parallax-stale-'));
    for (const d of ['bin', 'scripts', 'engine', 'server']) cpSync(join(ROOT, d), join(copy, d), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const version = () => execFileSync(process.execPath, ['bin/parallax.js', '--version'], { cwd: copy, encoding: 'utf8' }).trim();
    expect(version()).toBe(ENGINE_VERSION);
    expect(existsSync(join(copy, 'dist', 'cli.js'))).toBe(true);
    const file = join(copy, 'engine', 'version.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace(`'${ENGINE_VERSION}'`, "'9.9.9-edited'"));
    // A later modification time than the build's, whatever the file system's clock resolution.
    const later = Date.now() / 1000 + 5;
    utimesSync(file, later, later);
    expect(version()).toBe('9.9.9-edited');
  });
});
