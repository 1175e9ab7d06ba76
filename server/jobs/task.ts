/**
 * One comparison as a unit of work, run inside a worker thread (never on the request thread):
 * extract the articles given as HTML or as fetched pages, compare, serialise. Plain data in and
 * out, so it can cross a thread (or, later, a machine) boundary.
 */
import { gzipSync } from 'node:zlib';
import { renderFindingsCsv, renderHtmlReport } from '../export/report.ts';
import { compare, comparisonView, renderMarkdown, InputError, isInputError, type ArticleInput, type CompareRequest, type Comparison, type ReviewMark, upgradeComparison } from '../../engine/index.ts';
import { extractArticle, extractArticleFromBytes, type ExtractedArticle } from '../../engine/extract/index.ts';
import { articleFromExtracted } from '../ingest/files.ts';
import { validate } from '../api/schemas.ts';
import { ProblemError } from '../api/problems.ts';
import type { Ceilings } from '../api/guard.ts';

/** What the server allows a task: the ceilings on cost options, and the largest result. */
export interface TaskPolicy {
  ceilings?: Ceilings;
  /** Largest comparison JSON, in characters; a larger result fails the task (422 `result-too-large`). */
  maxResultChars?: number;
}

/** A page fetched on the main thread (I/O there), extracted in the worker (CPU here). */
export interface FetchedPageInput {
  bytes: Uint8Array;
  contentType: string;
  url: string;
}

/**
 * A request article: engine fields, or `html` to extract, or a fetched `page`. `sourceIndex` is
 * its position in the request as submitted, when earlier articles were left out (failed fetches).
 */
export type TaskArticle = ArticleInput & { html?: string; page?: FetchedPageInput; sourceIndex?: number };

export interface CompareTask {
  kind: 'compare';
  request: { id?: string | number | null; title?: string; articles: TaskArticle[]; options?: unknown; /** Articles in the request as submitted. */ total?: number };
  /** Articles that already failed before the task (fetch errors), reported with the result. */
  failures?: TaskFailure[];
  /** Also make the UI's compact form of the comparison (`uiJson`). */
  withUi?: boolean;
  policy?: TaskPolicy;
}

/** Extract one page (HTML text, or bytes fetched on the main thread). */
export interface ExtractTask {
  kind: 'extract';
  article: TaskArticle;
}

/** One stored batch line, parsed and run in the worker; the result carries the finished row. */
export interface BatchItemTask {
  kind: 'batch-item';
  requestJson: string;
  policy?: TaskPolicy;
  /** Where the item stands in the upload, for its error row. */
  position?: ItemPosition;
}

/** Where a batch item stood in its upload: its 1-based place among the items, and its line (NDJSON; null in a JSON array). */
export interface ItemPosition {
  item: number;
  line: number | null;
}

/** A JSON-array batch body, split into one JSON text per request (parsing 100+ MB off the request thread). */
export interface SplitBatchTask {
  kind: 'split-batch';
  text: string;
}

/** Render an export (Markdown, HTML report, findings CSV) of a stored comparison. */
export interface ExportTask {
  kind: 'export';
  json: string;
  format: 'md' | 'html' | 'csv';
  permalink?: string;
  /** Reviewers' marks, for an export made with the edit token. */
  marks?: ReviewMark[];
}

/** What a worker thread runs. */
export type WorkerTask = CompareTask | ExtractTask | BatchItemTask | SplitBatchTask | ExportTask;

/** An article left out, by position, with the reason. */
export interface TaskFailure {
  index: number;
  id?: string;
  code: string;
  message: string;
}

/** What a task gives back: the comparison as JSON text (serialised off the main thread) and a summary. */
export type TaskResult =
  | {
    ok: true;
    json: string;
    summary?: { title: string; articleCount: number; outlets: string[]; findings: Array<{ key: string; ruleId: string; reason: string }> };
    failures: TaskFailure[];
    /** For batch items: the output row and whether the item succeeded. */
    row?: { status: 'done' | 'failed'; row: string };
    /** For split-batch tasks: one JSON text per request. */
    lines?: string[];
    /** The compact form for the browser (see `comparisonView` in the engine), when asked for, and it gzipped (made here, off the request thread). */
    uiJson?: string;
    uiGzip?: Uint8Array;
    /** A batch item's internal failure, for the log. */
    cause?: string;
  }
  | { ok: false; error: TaskError };

/** A failed task. `cause` (internal errors only) is for the server's log, never sent to a client. */
export interface TaskError {
  status: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
  failures?: TaskFailure[];
  cause?: string;
}

/** The stack (or message) of an unexpected error, for the log. */
export function causeOf(e: unknown): string {
  return e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
}

/** A saved comparison's listed title: the event's when given, else the outlets compared (never one outlet's headline). */
function titleOf(c: Comparison): string {
  return c.title ?? `${c.articles.map((a) => a.name).join(', ')}`;
}

/** Runs one task of either kind; never throws (bad input becomes an error result). */
export function runTask(task: WorkerTask): TaskResult {
  if (task.kind === 'extract') return runExtractTask(task);
  if (task.kind === 'batch-item') return runBatchItemTask(task);
  if (task.kind === 'split-batch') return runSplitBatchTask(task);
  if (task.kind === 'export') return runExportTask(task);
  return runCompareTask(task);
}

/** Renders an export; the result's `json` field carries the rendered text. */
export function runExportTask(task: ExportTask): TaskResult {
  // Saved by an older engine: names and keys filled as the current one makes them.
  const c = upgradeComparison(JSON.parse(task.json) as Comparison);
  if (task.marks) c.marks = task.marks;
  const text = task.format === 'md' ? renderMarkdown(c) : task.format === 'html' ? renderHtmlReport(c, task.permalink ? { permalink: task.permalink } : {}) : renderFindingsCsv(c);
  return { ok: true, json: text, failures: [] };
}

/** Splits a JSON-array batch into one JSON text per item. */
export function runSplitBatchTask(task: SplitBatchTask): TaskResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(task.text);
  } catch (e) {
    return { ok: false, error: { status: 400, code: 'invalid-json', message: `The body is not valid JSON: ${(e as Error).message.replace(/ in JSON at position.*$/, '')}.` } };
  }
  if (!Array.isArray(parsed)) return { ok: false, error: { status: 422, code: 'not-an-array', message: 'A JSON batch is an array of requests ({"id", "articles", "options"?}).' } };
  return { ok: true, json: '', failures: [], lines: parsed.map((x) => JSON.stringify(x)) };
}

/** Runs one batch line and makes its output row. */
export function runBatchItemTask(task: BatchItemTask): TaskResult {
  const { id, task: compareTask, error } = parseBatchItem(task.requestJson, task.policy);
  const result = error ?? runCompareTask(compareTask!);
  // The cause of an internal failure goes to the log (through the pool), not into the row.
  return { ok: true, json: '', failures: [], row: resultRow(id, result, task.position), ...(!result.ok && result.error.cause ? { cause: result.error.cause } : {}) };
}
/**
 * The row written for an item: `{"id", "comparison"}` with the comparison's JSON text spliced in,
 * or `{"id", "error"}`, the error naming the item's place in the upload (`item`, and `line` for
 * NDJSON, counting blank lines: the line an editor jumps to), as the CLI's rows do.
 */
export function resultRow(id: unknown, result: TaskResult, position?: ItemPosition): { status: 'done' | 'failed'; row: string } {
  const idJson = JSON.stringify(id ?? null);
  if (result.ok) {
    const warnings = result.failures.length > 0 ? `,"skipped":${JSON.stringify(result.failures)}` : '';
    return { status: 'done', row: `{"id":${idJson},"comparison":${result.json}${warnings}}` };
  }
  const { cause: _cause, ...error } = result.error;
  const where = position ? { item: position.item, ...(position.line !== null ? { line: position.line } : {}) } : {};
  return { status: 'failed', row: `{"id":${idJson},"error":${JSON.stringify({ ...error, ...where })}}` };
}

/**
 * Parses and checks one stored batch request against the same schema, depth limit and ceilings
 * as an interactive request; problems become a failed result (the item's error row), never a throw.
 */
export function parseBatchItem(requestJson: string, policy: TaskPolicy = {}): { id: unknown; task?: CompareTask; error?: TaskResult } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(requestJson);
  } catch {
    return { id: null, error: { ok: false, error: { status: 400, code: 'invalid-json', message: 'This item is not valid JSON.' } } };
  }
  const obj = parsed as { id?: unknown; title?: unknown; articles?: unknown; options?: unknown };
  const id = obj && typeof obj === 'object' && (typeof obj.id === 'string' || typeof obj.id === 'number') ? obj.id : null;
  if (!obj || typeof obj !== 'object' || Array.isArray(obj) || !Array.isArray(obj.articles)) {
    return { id, error: { ok: false, error: { status: 422, code: 'invalid-request', message: 'Each item must be an object with an "articles" array.' } } };
  }
  try {
    validate('BatchItem', obj, policy.ceilings);
  } catch (e) {
    if (!(e instanceof ProblemError)) throw e;
    return { id, error: { ok: false, error: { status: 422, code: e.code, message: e.message, details: e.extensions } } };
  }
  const request: CompareTask['request'] = { id: id as string | number | null, articles: obj.articles as TaskArticle[] };
  if (obj.options !== undefined) request.options = obj.options;
  if (typeof obj.title === 'string') request.title = obj.title;
  return { id, task: { kind: 'compare', request, policy } };
}

/** Extracts one page; the result's JSON is the extracted article. */
export function runExtractTask(task: ExtractTask): TaskResult {
  const { html, page, url } = task.article;
  try {
    const extracted = extractPage(html, page, url);
    return { ok: true, json: JSON.stringify(extracted), failures: [] };
  } catch (e) {
    if (isInputError(e)) return { ok: false, error: { status: 422, code: e.code, message: e.message } };
    return { ok: false, error: { status: 500, code: 'internal', message: 'The extraction failed unexpectedly.', cause: causeOf(e) } };
  }
}

/** Extracts one page given as HTML text or as fetched bytes. */
function extractPage(html: string | undefined, page: FetchedPageInput | undefined, url: string | undefined): ExtractedArticle {
  if (page) return extractArticleFromBytes(page.bytes, page.contentType, { url: page.url });
  if (typeof html !== 'string') throw new InputError('invalid-article', 'An article\'s html must be a string.', { field: 'html' });
  return extractArticle(html, url ? { url } : {});
}

/**
 * Turns request articles into engine articles: those given as `html` or as a fetched `page` are
 * extracted, with the fields the user gave (id, title, outlet...) winning over extracted ones;
 * the rest pass through for the engine to validate. Pages that are not articles are left out
 * and listed in `failures`, by their place in the request as submitted.
 */
export function extractTaskArticles(list: readonly TaskArticle[]): { articles: ArticleInput[]; failures: TaskFailure[] } {
  const articles: ArticleInput[] = [];
  const failures: TaskFailure[] = [];
  list.forEach((raw, position) => {
    if (raw === null || typeof raw !== 'object') {
      articles.push(raw);
      return;
    }
    const { html, page, sourceIndex, ...rest } = raw;
    const index = sourceIndex ?? position;
    // Default ids follow the article's place in the request as submitted, not after omissions.
    const given: ArticleInput = sourceIndex !== undefined && rest.id === undefined ? { ...rest, id: `a${index + 1}` } : rest;
    if (html === undefined && page === undefined) {
      articles.push(given);
      return;
    }
    try {
      const found = articleFromExtracted(extractPage(html, page, given.url), given.id ?? `a${index + 1}`);
      articles.push({ ...found, ...given, paragraphs: found.paragraphs ?? [] });
    } catch (e) {
      if (!isInputError(e)) throw e;
      failures.push({ index, ...(given.id ? { id: given.id } : {}), code: e.code, message: e.message });
    }
  });
  return { articles, failures };
}

/** Runs one compare task; never throws (bad input becomes an error result). */
export function runCompareTask(task: CompareTask): TaskResult {
  const extracted = extractTaskArticles(task.request.articles);
  const articles = extracted.articles;
  const failures: TaskFailure[] = [...(task.failures ?? []), ...extracted.failures];
  failures.sort((x, y) => x.index - y.index);
  const total = task.request.total ?? task.request.articles.length;
  if (failures.length > 0 && articles.length < 2) {
    return {
      ok: false,
      error: { status: 422, code: 'too-few-articles', message: `Only ${articles.length} of ${total} articles could be read; a comparison needs at least 2.`, failures },
    };
  }
  try {
    const request: CompareRequest = { articles };
    if (task.request.id !== undefined && task.request.id !== null) request.id = String(task.request.id);
    if (task.request.options !== undefined) request.options = task.request.options as CompareRequest['options'];
    if (task.request.title !== undefined) request.title = task.request.title;
    const comparison = compare(request);
    const outlets = comparison.articles.map((a) => a.name);
    const summary = { title: titleOf(comparison), articleCount: comparison.articles.length, outlets, findings: comparison.findings.map((f) => ({ key: f.key, ruleId: f.ruleId, reason: f.reason })) };
    const json = JSON.stringify(comparison);
    const maxChars = task.policy?.maxResultChars;
    if (maxChars !== undefined && json.length > maxChars) {
      const mb = (n: number) => Math.round(n / 1e6);
      return {
        ok: false,
        error: { status: 422, code: 'result-too-large', message: `The comparison came to ${mb(json.length)} MB of JSON; this server returns at most ${mb(maxChars)} MB. Compare fewer or shorter articles, or keep the default thresholds.`, details: { limit: maxChars, actual: json.length } },
      };
    }
    if (!task.withUi) return { ok: true, json, summary, failures };
    const uiJson = JSON.stringify(comparisonView(comparison));
    return { ok: true, json, summary, failures, uiJson, uiGzip: new Uint8Array(gzipSync(uiJson, { level: 6 })) };
  } catch (e) {
    if (isInputError(e)) return { ok: false, error: { status: 422, code: e.code, message: e.message, details: { ...e.details } } };
    return { ok: false, error: { status: 500, code: 'internal', message: 'The comparison failed unexpectedly.', cause: causeOf(e) } };
  }
}
