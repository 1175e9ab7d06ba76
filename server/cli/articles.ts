/** `parallax compare` and `parallax extract`: articles from files, folders, URLs or a request. */
import { extname } from 'node:path';
import { compare, renderMarkdown, renderProvenanceText, renderText, type ArticleInput, type CompareRequest } from '../../engine/index.ts';
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

/**
 * `parallax provenance <derived> <source>...`: traces the first article to the others. With no
 * sources, a seed-format file's `Related Sources:` URLs are fetched as its sources (the same safe
 * fetcher: private addresses refused unless allowed, each URL's failure reported).
 */
export async function provenanceCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args);
  const format = values.format ?? 'json';
  if (!['json', 'text'].includes(format)) throw new UsageError(`--format must be json or text (got "${format}")`);
  if (positionals.length === 0) throw new UsageError('provenance needs the derived article, then its sources (files or URLs)');
  const allowPrivateAddresses = values['allow-private-addresses'] === true;
  const [derivedResult] = await loadSources([positionals[0]!], { allowPrivateAddresses });
  if (!derivedResult || 'error' in derivedResult) {
    io.stderr.write(`parallax: ${positionals[0]}: ${derivedResult && 'error' in derivedResult ? derivedResult.error.message : 'unreadable'}\n`);
    return EXIT.noInput;
  }
  const derived = derivedResult.article;
  let sourceInputs = positionals.slice(1);
  if (sourceInputs.length === 0) {
    sourceInputs = (derived.relatedSources ?? []).filter(isUrl);
    if (sourceInputs.length === 0) throw new UsageError(`provenance needs sources: give them after ${positionals[0]}, or list their URLs in its "Related Sources:" footer`);
    io.stderr.write(`parallax: tracing to the ${sourceInputs.length} URLs in its Related Sources footer\n`);
  }
  const results = await loadSources(sourceInputs, { allowPrivateAddresses });
  const sources: ArticleInput[] = [];
  for (const r of results) {
    if ('article' in r) sources.push(r.article);
    else io.stderr.write(`parallax: skipped ${r.input}: ${r.error.message}\n`);
  }
  if (sources.length === 0) {
    io.stderr.write('parallax: no source could be read; provenance needs at least one\n');
    return EXIT.data;
  }
  // Ids made unique (file stems may repeat); the derived article's is known to the options.
  const used = new Set<string>();
  const withId = (a: ArticleInput, fallback: string): ArticleInput => {
    let id = a.id ?? fallback;
    for (let n = 2; used.has(id); n++) id = `${a.id ?? fallback}-${n}`;
    used.add(id);
    return { ...a, id };
  };
  const articles = [withId(derived, 'derived'), ...sources.map((s, i) => withId(s, `source-${i + 1}`))];
  const request = withOptions({ articles }, parseOptionsFlag(values.options));
  const options = { ...(request.options ?? {}), provenance: { ...(request.options?.provenance ?? {}), derived: articles[0]!.id! } };
  const comparison = compare({ ...request, options });
  await write(io.stdout, format === 'text' ? renderProvenanceText(comparison) : `${JSON.stringify(comparison, null, 2)}\n`);
  return EXIT.ok;
}
