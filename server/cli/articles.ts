/** `parallax compare` and `parallax extract`: articles from files, folders, URLs or a request. */
import { extname } from 'node:path';
import { compare, renderMarkdown, renderText, type ArticleInput, type CompareRequest } from '../../engine/index.ts';
import { FileError, isFolder, readEventFolder, readJsonFile } from '../ingest/files.ts';
import { isUrl, loadSources, resolveArticleSources, type SourceResult } from '../ingest/sources.ts';
import { EXIT, parse, parseOptionsFlag, readStdin, UsageError, withOptions, write, type Io } from './common.ts';

export async function compareCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args);
  const format = values.format ?? 'json';
  if (!['json', 'text', 'md'].includes(format)) throw new UsageError(`--format must be json, text or md (got "${format}")`);
  if (positionals.length === 0) throw new UsageError('compare needs a request file, an event folder or article files');
  let request: CompareRequest;
  const first = positionals[0]!;
  if (positionals.length === 1 && first === '-') {
    const text = await readStdin(io.stdin);
    try {
      request = JSON.parse(text) as CompareRequest;
    } catch (e) {
      throw new FileError(`stdin is not valid JSON: ${(e as Error).message}`, '-', 'invalid-json');
    }
  } else if (positionals.length === 1 && isFolder(first)) {
    request = readEventFolder(first).request;
  } else if (positionals.length === 1 && extname(first).toLowerCase() === '.json') {
    request = readJsonFile(first) as CompareRequest;
  } else {
    for (const p of positionals) {
      if (!isUrl(p) && isFolder(p)) throw new UsageError(`${p} is a folder; give one folder alone, or article files`);
    }
    const results = await loadSources(positionals, { allowPrivateAddresses: values['allow-private-addresses'] === true });
    const articles: ArticleInput[] = [];
    const failed = results.flatMap((r) => ('article' in r ? (articles.push(r.article), []) : [r]));
    if (failed.length > 0 && articles.length < 2) {
      for (const f of failed) io.stderr.write(`parallax: ${f.input}: ${f.error.message}\n`);
      io.stderr.write(`parallax: only ${articles.length} of ${positionals.length} inputs could be read; a comparison needs at least 2\n`);
      return failed.some((f) => f.error.code === 'not-found' || f.error.code === 'unreadable') ? EXIT.noInput : EXIT.data;
    }
    for (const f of failed) io.stderr.write(`parallax: skipped ${f.input}: ${f.error.message}\n`);
    request = { articles };
  }
  if (Array.isArray(request?.articles)) {
    const { articles, failures } = await resolveArticleSources(request.articles, { allowPrivateAddresses: values['allow-private-addresses'] === true });
    for (const f of failures) io.stderr.write(`parallax: ${articles.length >= 2 ? 'skipped ' : ''}article ${f.id ?? `#${f.index + 1}`}: ${f.message}\n`);
    if (failures.length > 0 && articles.length < 2) {
      io.stderr.write(`parallax: only ${articles.length} of ${request.articles.length} articles could be read; a comparison needs at least 2\n`);
      return EXIT.data;
    }
    request = { ...request, articles };
  }
  const comparison = compare(withOptions(request, parseOptionsFlag(values.options)));
  const out = format === 'text' ? renderText(comparison) : format === 'md' ? renderMarkdown(comparison) : `${JSON.stringify(comparison, null, 2)}\n`;
  await write(io.stdout, out);
  return EXIT.ok;
}

export async function extractCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args);
  if (positionals.length === 0) throw new UsageError('extract needs at least one file or URL');
  const results = await loadSources(positionals, { allowPrivateAddresses: values['allow-private-addresses'] === true });
  if (values.json) {
    for (const r of results) {
      const row = 'article' in r ? { input: r.input, article: r.extracted ?? r.article } : { input: r.input, error: r.error };
      await write(io.stdout, `${JSON.stringify(row)}\n`);
    }
    return EXIT.ok;
  }
  let failures = 0;
  for (const r of results) {
    if ('error' in r) {
      failures++;
      io.stderr.write(`parallax: ${r.input}: ${r.error.message}\n`);
      continue;
    }
    await write(io.stdout, describeExtraction(r));
  }
  return failures === 0 ? EXIT.ok : EXIT.data;
}

function describeExtraction(r: Extract<SourceResult, { article: unknown }>): string {
  const a = r.article;
  const lines = [`== ${r.input}`, `Title:     ${a.title ?? '(none)'}`];
  if (a.outlet) lines.push(`Outlet:    ${a.outlet}`);
  if (a.byline) lines.push(`Byline:    ${a.byline}`);
  if (a.published) lines.push(`Published: ${a.published}`);
  if (a.url) lines.push(`URL:       ${a.url}`);
  if (r.extracted?.language) lines.push(`Language:  ${r.extracted.language}`);
  const paragraphs = a.paragraphs ?? (a.text ? a.text.split(/\n+/) : []);
  lines.push('', ...paragraphs.flatMap((p) => [p, '']));
  return `${lines.join('\n')}\n`;
}
