import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { extname } from 'node:path';
import {
  compare,
  ENGINE_VERSION,
  isInputError,
  renderMarkdown,
  renderText,
  type ArticleInput,
  type CompareRequest,
  type PartialOptions,
} from '../../engine/index.ts';
import { FileError, isFolder, readEventFolder, readJsonFile } from '../ingest/files.ts';
import { isUrl, loadSources, resolveArticleSources, type SourceResult } from '../ingest/sources.ts';

/** Exit codes a shell user can act on (sysexits.h where one fits). */
export const EXIT = {
  ok: 0,
  /** Something unexpected: a bug; the message says so. */
  internal: 1,
  /** Wrong command line: see `parallax help`. */
  usage: 2,
  /** The input was read but is not acceptable (too few articles, empty article, bad JSON...). */
  data: 65,
  /** An input file or folder could not be opened or read. */
  noInput: 66,
} as const;

const HELP = `parallax ${ENGINE_VERSION}: compare how outlets cover the same event

Usage:
  parallax compare <request.json | folder | file|url...> [--format json|text|md] [--options JSON]
  parallax extract <file|url>... [--json]
  parallax batch <in.jsonl | -> [--options JSON]
  parallax serve             (the HTTP API and web UI; configured by environment variables)
  parallax help | --version

compare  Compares 2 to 12 articles. Give a request file ({"articles": [...], "options": {...}}),
         an event folder (article .txt/.md files, e.g. seeds/<event>/), or the article files
         themselves (.txt in the seed format: title line, one paragraph per line, a trailing
         "Related Sources:" footer; .md with YAML front matter; .html pages; http(s) URLs).
         "-" reads a request from stdin. A file or URL that fails is reported on stderr and
         left out, as long as 2 articles remain.
         --format json (default) prints the comparison JSON; text and md print a readable report.
extract  Extracts the article (title, byline, date, outlet, URL, language, paragraphs) from HTML
         pages, text files or URLs. --json prints one line per input, in order:
         {"input", "article"} or {"input", "error": {"code", "message"}}; it exits 0 even when
         some inputs failed (the rows say which). Without --json, a readable listing.
--allow-private-addresses  Let URLs reach private, loopback and link-local addresses (refused by
         default, so a URL cannot reach services inside your network).
batch    Reads one request per line ({"id", "articles", "options"?}) and writes one line per
         request, in input order: {"id", "comparison"} or {"id", "error": {"message", ...}}.
         A bad line gives an error row; the batch goes on.
--options  JSON merged over each request's options, e.g. '{"alignment":{"linkThreshold":0.3}}'.

Exit codes: 0 done; 2 usage error; 65 input not acceptable; 66 input not readable; 1 internal error.`;

class UsageError extends Error {}

interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
}

/** Runs the CLI with `argv` (without `node` and the script); resolves to the exit code. */
export async function runCli(argv: string[], io: Io = process): Promise<number> {
  const err = (msg: string): void => void io.stderr.write(`parallax: ${msg}\n`);
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(`${HELP}\n`);
        return command === undefined ? EXIT.usage : EXIT.ok;
      case '--version':
      case 'version':
        io.stdout.write(`${ENGINE_VERSION}\n`);
        return EXIT.ok;
      case 'compare':
        return await compareCommand(rest, io);
      case 'batch':
        return await batchCommand(rest, io);
      case 'extract':
        return await extractCommand(rest, io);
      case 'serve': {
        const { main } = await import('../main.ts');
        await main();
        return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err(`${e.message}\nRun "parallax help" for usage.`);
      return EXIT.usage;
    }
    if (e instanceof FileError) {
      err(e.message);
      return e.code === 'not-found' || e.code === 'unreadable' ? EXIT.noInput : EXIT.data;
    }
    if (isInputError(e)) {
      err(e.message);
      return EXIT.data;
    }
    err(`internal error: ${(e as Error).stack ?? String(e)}`);
    return EXIT.internal;
  }
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        options: { type: 'string' },
        format: { type: 'string', short: 'f' },
        json: { type: 'boolean' },
        'allow-private-addresses': { type: 'boolean' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function parseOptionsFlag(value: string | undefined): PartialOptions | undefined {
  if (value === undefined) return undefined;
  try {
    const v = JSON.parse(value) as unknown;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    return v as PartialOptions;
  } catch (e) {
    throw new UsageError(`--options must be a JSON object: ${(e as Error).message}`);
  }
}

/** Merges CLI options over a request's own options, section by section. */
function withOptions(request: CompareRequest, flag: PartialOptions | undefined): CompareRequest {
  if (!flag) return request;
  const merged: Record<string, unknown> = { ...(request.options ?? {}) };
  for (const [k, v] of Object.entries(flag)) merged[k] = { ...((merged[k] as object) ?? {}), ...(v as object) };
  return { ...request, options: merged as PartialOptions };
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function compareCommand(args: string[], io: Io): Promise<number> {
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

async function extractCommand(args: string[], io: Io): Promise<number> {
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

function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (e) => (e ? reject(e) : resolve()));
  });
}

/** One output row of `parallax batch`. */
export interface BatchRow {
  id: string | number | null;
  comparison?: unknown;
  error?: { message: string; line: number; code?: string; [k: string]: unknown };
}

/** Compares one batch line; never throws (an error becomes an error row). */
export function batchLine(line: string, lineNo: number, flag: PartialOptions | undefined): BatchRow {
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch (e) {
    return { id: null, error: { code: 'invalid-json', message: `line ${lineNo} is not valid JSON: ${(e as Error).message}`, line: lineNo } };
  }
  const rawId = request !== null && typeof request === 'object' ? (request as Record<string, unknown>)['id'] : undefined;
  const id = typeof rawId === 'string' || typeof rawId === 'number' ? rawId : null;
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    return { id, error: { code: 'invalid-request', message: `line ${lineNo}: a request must be a JSON object with "articles"`, line: lineNo } };
  }
  try {
    return { id, comparison: compare(withOptions(request as CompareRequest, flag)) };
  } catch (e) {
    if (isInputError(e)) return { id, error: { ...e.toJSON(), line: lineNo } };
    return { id, error: { code: 'internal', message: `line ${lineNo}: internal error: ${(e as Error).message}`, line: lineNo } };
  }
}

async function batchCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args);
  if (positionals.length !== 1) throw new UsageError('batch takes exactly one input: a .jsonl file or - for stdin');
  const flag = parseOptionsFlag(values.options);
  const path = positionals[0]!;
  let input: NodeJS.ReadableStream;
  let total = 0;
  if (path === '-') {
    input = io.stdin;
  } else {
    try {
      const st = statSync(path);
      if (st.isDirectory()) throw new FileError(`${path} is a folder; batch reads a .jsonl file`, path, 'unsupported');
      total = st.size;
    } catch (e) {
      if (e instanceof FileError) throw e;
      throw new FileError(`cannot open ${path}: no such file`, path, 'not-found');
    }
    input = createReadStream(path);
  }
  const progress = io.stderr.isTTY === true;
  let bytes = 0;
  let done = 0;
  let failed = 0;
  let lineNo = 0;
  const rl = createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) {
    lineNo++;
    bytes += Buffer.byteLength(line) + 1;
    if (line.trim() === '') continue;
    const row = batchLine(line, lineNo, flag);
    if (row.error) failed++;
    done++;
    await write(io.stdout, `${JSON.stringify(row)}\n`);
    if (progress) {
      const pct = total ? Math.min(100, Math.round((100 * bytes) / total)) : null;
      const bar = pct === null ? '' : `[${'#'.repeat(Math.round(pct / 5)).padEnd(20, '.')}] ${pct}% `;
      io.stderr.write(`\r${bar}${done} done, ${failed} failed`);
    }
  }
  if (progress) io.stderr.write('\n');
  io.stderr.write(`parallax batch: ${done} requests, ${done - failed} compared, ${failed} failed\n`);
  return EXIT.ok;
}
