import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { formatForName, InputError, isInputError, parseArticleSource, type ArticleInput, type CompareRequest } from '../../engine/index.ts';
import { extractArticleFromBytes, type ExtractedArticle } from '../../engine/extract/index.ts';

/** Largest file read as an article or request (bytes); bigger files are refused before reading. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export { FileError } from './errors.ts';
import { FileError } from './errors.ts';

/** Article file extensions read from folders. */
export const HTML_EXT: ReadonlySet<string> = new Set(['.html', '.htm', '.xhtml']);
const ARTICLE_EXT = new Set(['.txt', '.md', '.markdown', ...HTML_EXT]);
/** Files in an event folder that are metadata for tests and people, not articles. */
const NON_ARTICLE = /^(readme|expected|notes?|license)(\.|$)/i;

/**
 * Reads a file as UTF-8 text, refusing binary data and invalid UTF-8 with an error that says so
 * (a legacy-encoded file must be converted, or read through the HTML extractor).
 */
export function readTextFile(path: string): string {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new FileError(`${path} is a folder, not a file`, path, 'unsupported');
    size = st.size;
  } catch (e) {
    if (e instanceof FileError) throw e;
    throw new FileError(`cannot open ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`, path, 'not-found');
  }
  if (size > MAX_FILE_BYTES) throw new FileError(`${path} is ${size} bytes; files over ${MAX_FILE_BYTES} bytes are refused`, path, 'too-large');
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new FileError(`cannot read ${path}: ${(e as Error).message}`, path, 'unreadable');
  }
  if (buf.subarray(0, 8192).includes(0)) throw new FileError(`${path} looks like a binary file (it contains NUL bytes), not text`, path, 'binary');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new FileError(`${path} is not valid UTF-8; convert it to UTF-8 first (e.g. iconv -f windows-1252 -t utf-8)`, path, 'bad-encoding');
  }
}

/** Reads one article file (`.txt` in the seed format, `.md` with front matter, `.html` pages). Its id is the file name. */
export function readArticleFile(path: string): ArticleInput {
  const ext = extname(path).toLowerCase();
  if (HTML_EXT.has(ext)) return readHtmlFile(path).article;
  const id = basename(path, extname(path));
  try {
    return parseArticleSource(readTextFile(path), formatForName(path), id);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.code, `${path}: ${e.message}`, { ...e.details, article: id });
    throw e;
  }
}

/** The engine article for an extracted page. */
export function articleFromExtracted(x: ExtractedArticle, id: string, fallbackUrl?: string): ArticleInput {
  const a: ArticleInput = { id, paragraphs: x.paragraphs };
  if (x.title) a.title = x.title;
  if (x.outlet) a.outlet = x.outlet;
  const url = x.url ?? fallbackUrl;
  if (url) a.url = url;
  if (x.published) a.published = x.published;
  if (x.byline) a.byline = x.byline;
  return a;
}

/** Reads an HTML file's bytes (encoding sniffed from BOM and `<meta>`) and extracts its article. */
export function readHtmlFile(path: string): { article: ArticleInput; extracted: ExtractedArticle } {
  let bytes: Buffer;
  try {
    const st = statSync(path);
    if (st.size > MAX_FILE_BYTES) throw new FileError(`${path} is ${st.size} bytes; files over ${MAX_FILE_BYTES} bytes are refused`, path, 'too-large');
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof FileError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new FileError(`cannot open ${path}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`, path, 'not-found');
  }
  const id = basename(path, extname(path));
  try {
    const extracted = extractArticleFromBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return { article: articleFromExtracted(extracted, id), extracted };
  } catch (e) {
    if (isInputError(e)) throw new InputError(e.code, `${path}: ${e.message}`, { ...e.details, article: id });
    throw e;
  }
}

/** Event metadata from an event folder's `event.json`. */
export interface EventInfo {
  title?: string;
  date?: string;
  description?: string;
  /** Outlet names by article id, for article files that cannot name their outlet (plain `.txt`). */
  outlets?: Record<string, string>;
  /** Options the event's comparison is made with (e.g. provenance of a rewrite among its articles). */
  options?: CompareRequest['options'];
}

/** Reads an event folder (as in `seeds/`): its article files in name order, and `event.json`. */
export function readEventFolder(dir: string): { request: CompareRequest; event: EventInfo } {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    throw new FileError(`cannot read folder ${dir}: ${(e as Error).message}`, dir, 'not-found');
  }
  const files = names.filter((n) => ARTICLE_EXT.has(extname(n).toLowerCase()) && !NON_ARTICLE.test(n));
  if (files.length === 0) throw new FileError(`${dir} holds no article files (.txt, .md or .html)`, dir, 'unsupported');
  let event: EventInfo = {};
  if (names.includes('event.json')) event = readJsonFile(join(dir, 'event.json')) as EventInfo;
  const outlets = event.outlets && typeof event.outlets === 'object' ? event.outlets : {};
  const articles = files.map((f) => {
    const a = readArticleFile(join(dir, f));
    const outlet = a.id !== undefined ? outlets[a.id] : undefined;
    return a.outlet === undefined && typeof outlet === 'string' ? { ...a, outlet } : a;
  });
  const request: CompareRequest = { id: basename(dir.replace(/[\\/]+$/, '')), articles };
  if (typeof event.title === 'string' && event.title.trim() !== '') request.title = event.title;
  if (event.options && typeof event.options === 'object' && !Array.isArray(event.options)) request.options = event.options;
  return { request, event };
}

/** Reads and parses a JSON file, with the parse error's position in the message. */
export function readJsonFile(path: string): unknown {
  const text = readTextFile(path);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new FileError(`${path} is not valid JSON: ${(e as Error).message}`, path, 'invalid-json');
  }
}

/** True when the path is an existing folder. */
export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
