import { parse as parseYaml } from 'yaml';
import { InputError } from '../errors.ts';
import type { ArticleInput } from '../types.ts';

/** The footer line that ends the seed plain-text format; what follows it lists sources. */
const FOOTER_RE = /^\s*Related Sources\s*:(.*)$/i;

/**
 * Reads the seed plain-text format: first line the title, one paragraph per line, and a trailing
 * `Related Sources:` footer (possibly empty, possibly followed by a list) that is metadata, never
 * body text. Blank lines are ignored.
 * @throws InputError (`invalid-format`) when there is no title line.
 */
export function parseSeedText(raw: string, id?: string): ArticleInput {
  const lines = raw.replace(/^\uFEFF/, '').split(/\r\n?|\n/);
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  if (i >= lines.length) {
    throw new InputError('empty-article', `${id ? `article "${id}"` : 'article'} is empty`, id ? { article: id } : {});
  }
  const title = lines[i]!.trim();
  const body: string[] = [];
  const sources: string[] = [];
  // Only the last footer line counts as the footer: a body paragraph may mention the phrase.
  let footerAt = -1;
  for (let k = lines.length - 1; k > i; k--) {
    if (FOOTER_RE.test(lines[k]!)) {
      footerAt = k;
      break;
    }
  }
  let inFooter = false;
  for (i++; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!inFooter) {
      const m = FOOTER_RE.exec(line);
      if (m && i === footerAt) {
        inFooter = true;
        const rest = m[1]!.trim();
        if (rest) sources.push(...rest.split(/\s*[;|]\s*/).filter(Boolean));
        continue;
      }
      if (line) body.push(line);
    } else if (line) {
      sources.push(line.replace(/^[-*\u2022]\s*/, ''));
    }
  }
  const out: ArticleInput = { title, paragraphs: body, relatedSources: sources };
  if (id !== undefined) out.id = id;
  return out;
}

/** Front-matter keys copied onto the article (anything else is ignored). */
const FRONT_MATTER_KEYS = ['id', 'title', 'outlet', 'url', 'published', 'byline'] as const;

/**
 * Reads Markdown with optional YAML front matter (`---` fenced). Paragraphs are blank-line
 * separated blocks; lines inside a block are joined with a space; Markdown headings (`#`) become
 * paragraphs of their own, a leading `# Title` becomes the title when front matter has none.
 * @throws InputError (`invalid-format`) when the front matter is not valid YAML.
 */
export function parseMarkdown(raw: string, id?: string): ArticleInput {
  let text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const out: ArticleInput = {};
  const fm = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(text);
  if (fm) {
    let meta: unknown;
    try {
      meta = parseYaml(fm[1]!);
    } catch (e) {
      throw new InputError('invalid-format', `${id ? `article "${id}": ` : ''}front matter is not valid YAML: ${(e as Error).message.split('\n')[0]}`, id ? { article: id } : {});
    }
    if (meta !== null && typeof meta === 'object' && !Array.isArray(meta)) {
      const m = meta as Record<string, unknown>;
      for (const key of FRONT_MATTER_KEYS) {
        const v = m[key];
        if (v instanceof Date) out[key] = v.toISOString();
        else if (typeof v === 'string' || typeof v === 'number') out[key] = String(v);
      }
    }
    text = text.slice(fm[0].length);
  }
  const paragraphs: string[] = [];
  for (const block of text.split(/\n[ \t]*\n/)) {
    const lines = block.split('\n').map((l) => l.trim()).filter(Boolean);
    let current: string[] = [];
    for (const line of lines) {
      if (/^#{1,6}\s/.test(line)) {
        if (current.length) paragraphs.push(current.join(' '));
        current = [];
        const heading = line.replace(/^#{1,6}\s+/, '').replace(/\s+#+$/, '');
        if (out.title === undefined && paragraphs.length === 0 && /^#\s/.test(line)) out.title = heading;
        else paragraphs.push(heading);
      } else {
        current.push(line);
      }
    }
    if (current.length) paragraphs.push(current.join(' '));
  }
  out.paragraphs = paragraphs;
  if (id !== undefined && out.id === undefined) out.id = id;
  return out;
}

/** File kinds the engine can read as articles. */
export type ArticleFormat = 'seed-text' | 'markdown';

/** Picks the format from a file name: `.md`/`.markdown` is Markdown, anything else the seed text format. */
export function formatForName(name: string): ArticleFormat {
  return /\.(md|markdown)$/i.test(name) ? 'markdown' : 'seed-text';
}

/** Parses article source text in the given format. */
export function parseArticleSource(raw: string, format: ArticleFormat, id?: string): ArticleInput {
  return format === 'markdown' ? parseMarkdown(raw, id) : parseSeedText(raw, id);
}
