import { InputError } from '../errors.ts';
import { normalizeText } from '../text/normalize.ts';
import { splitParagraphs, splitSentences, trimSpan } from '../text/segment.ts';
import { tokenize, type Token } from '../text/tokenize.ts';
import { displayNames } from './names.ts';
import type { ComparisonArticle, Options, ParagraphInfo, SentenceInfo, Span } from '../types.ts';

/** An article after validation and segmentation, with the token index the pipeline works on. */
export interface PreparedArticle {
  /** Position in the request. */
  index: number;
  article: ComparisonArticle;
  /** Every word token of `article.text`, in order. */
  tokens: Token[];
  /** Per paragraph: `[from, to)` indexes into `tokens`. */
  paragraphTokens: Array<[number, number]>;
  /** Per sentence: `[from, to)` indexes into `tokens`. */
  sentenceTokens: Array<[number, number]>;
}

const META_FIELDS = ['id', 'title', 'outlet', 'url', 'published', 'byline'] as const;

/** `article "wire" (#2)`: how errors name an article. */
function label(id: string | undefined, index: number): string {
  return id !== undefined ? `article "${id}" (#${index + 1})` : `article #${index + 1}`;
}

/**
 * Validates the request's article list and prepares each article: normalized text, paragraph and
 * sentence spans, tokens. Paragraphs given as a list are kept one for one (paragraph i in, paragraph
 * i out); `text` is split on line breaks.
 * @throws InputError naming the article and the limit it breaks.
 */
export function prepareArticles(articles: unknown, options: Options): PreparedArticle[] {
  const { minArticles, maxArticles } = options.limits;
  if (!Array.isArray(articles)) {
    throw new InputError('invalid-request', '"articles" must be an array of articles', { field: 'articles' });
  }
  if (articles.length < minArticles) {
    throw new InputError('too-few-articles', `a comparison needs at least ${minArticles} articles; got ${articles.length}`, {
      field: 'articles',
      limit: minArticles,
      actual: articles.length,
    });
  }
  if (articles.length > maxArticles) {
    throw new InputError('too-many-articles', `a comparison takes at most ${maxArticles} articles; got ${articles.length}`, {
      field: 'articles',
      limit: maxArticles,
      actual: articles.length,
    });
  }
  const seen = new Map<string, number>();
  const prepared = articles.map((raw, index) => {
    const prepared = prepareArticle(raw, index, options);
    const id = prepared.article.id;
    const first = seen.get(id);
    if (first !== undefined) {
      throw new InputError('duplicate-id', `${label(id, index)} has the same id as article #${first + 1}; ids must be unique`, {
        article: id,
        field: `articles[${index}].id`,
      });
    }
    seen.set(id, index);
    return prepared;
  });
  const names = displayNames(prepared.map((p) => p.article));
  prepared.forEach((p, i) => (p.article.name = names[i]!));
  return prepared;
}

function prepareArticle(raw: unknown, index: number, options: Options): PreparedArticle {
  const field = `articles[${index}]`;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InputError('invalid-article', `${label(undefined, index)} must be an object with "text" or "paragraphs"`, { field });
  }
  const input = raw as Record<string, unknown>;
  const rawId = input['id'];
  if (rawId !== undefined && (typeof rawId !== 'string' || rawId.trim() === '' || rawId.length > 200)) {
    throw new InputError('invalid-article', `${label(undefined, index)}: "id" must be a non-empty string of at most 200 characters`, {
      field: `${field}.id`,
    });
  }
  const id = rawId === undefined ? `a${index + 1}` : (rawId as string).trim();
  const name = label(id, index);
  for (const key of META_FIELDS) {
    const v = input[key];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      throw new InputError('invalid-article', `${name}: "${key}" must be a string`, { article: id, field: `${field}.${key}` });
    }
  }
  const sources = input['relatedSources'];
  if (sources !== undefined && (!Array.isArray(sources) || sources.some((s) => typeof s !== 'string'))) {
    throw new InputError('invalid-article', `${name}: "relatedSources" must be a list of strings`, { article: id, field: `${field}.relatedSources` });
  }
  const hasText = input['text'] !== undefined && input['text'] !== null;
  const hasParagraphs = input['paragraphs'] !== undefined && input['paragraphs'] !== null;
  if (hasText && hasParagraphs) {
    throw new InputError('invalid-article', `${name}: give either "text" or "paragraphs", not both`, { article: id, field });
  }
  let text: string;
  let paragraphs: Span[];
  if (hasParagraphs) {
    const list = input['paragraphs'];
    if (!Array.isArray(list) || list.some((p) => typeof p !== 'string')) {
      throw new InputError('invalid-article', `${name}: "paragraphs" must be a list of strings`, { article: id, field: `${field}.paragraphs` });
    }
    ({ text, paragraphs } = joinParagraphs(list as string[]));
  } else if (hasText) {
    if (typeof input['text'] !== 'string') {
      throw new InputError('invalid-article', `${name}: "text" must be a string`, { article: id, field: `${field}.text` });
    }
    text = normalizeText(input['text']);
    paragraphs = splitParagraphs(text);
  } else {
    throw new InputError('empty-article', `${name} has no "text" or "paragraphs"`, { article: id, field });
  }
  const { maxArticleChars, maxParagraphsPerArticle } = options.limits;
  if (text.length > maxArticleChars) {
    throw new InputError('article-too-large', `${name} is ${text.length} characters long; the limit is ${maxArticleChars}`, {
      article: id,
      field,
      limit: maxArticleChars,
      actual: text.length,
    });
  }
  if (paragraphs.length > maxParagraphsPerArticle) {
    throw new InputError('too-many-paragraphs', `${name} has ${paragraphs.length} paragraphs; the limit is ${maxParagraphsPerArticle}`, {
      article: id,
      field,
      limit: maxParagraphsPerArticle,
      actual: paragraphs.length,
    });
  }
  const tokens = tokenize(text);
  if (tokens.length === 0) {
    throw new InputError('empty-article', `${name} is empty: its body has no words`, { article: id, field });
  }
  return segmentArticle(index, id, input, text, paragraphs, tokens, sources as string[] | undefined);
}

/** Joins given paragraphs with blank lines; each paragraph's span is its trimmed extent. */
function joinParagraphs(list: string[]): { text: string; paragraphs: Span[] } {
  const parts: string[] = [];
  const paragraphs: Span[] = [];
  let offset = 0;
  list.forEach((p, i) => {
    // A paragraph is one block: inner line breaks become spaces so the text re-reads the same way.
    const norm = normalizeText(p).replace(/\n+/g, ' ');
    if (i > 0) offset += 2;
    parts.push(norm);
    paragraphs.push(trimSpan(norm, 0, norm.length));
    const last = paragraphs[paragraphs.length - 1]!;
    last.start += offset;
    last.end += offset;
    offset += norm.length;
  });
  return { text: parts.join('\n\n'), paragraphs };
}

function segmentArticle(
  index: number,
  id: string,
  input: Record<string, unknown>,
  text: string,
  paraSpans: Span[],
  tokens: Token[],
  sources: string[] | undefined,
): PreparedArticle {
  const paragraphs: ParagraphInfo[] = [];
  const sentences: SentenceInfo[] = [];
  const paragraphTokens: Array<[number, number]> = [];
  const sentenceTokens: Array<[number, number]> = [];
  let t = 0;
  paraSpans.forEach((p, pi) => {
    const firstSentence = sentences.length;
    const pFrom = advance(tokens, t, p.start);
    for (const s of splitSentences(text, p.start, p.end)) {
      const from = advance(tokens, pFrom, s.start);
      const to = advance(tokens, from, s.end);
      sentences.push({ start: s.start, end: s.end, paragraph: pi, words: to - from });
      sentenceTokens.push([from, to]);
    }
    t = advance(tokens, pFrom, p.end);
    paragraphs.push({ start: p.start, end: p.end, firstSentence, sentenceCount: sentences.length - firstSentence, words: t - pFrom });
    paragraphTokens.push([pFrom, t]);
  });
  const str = (k: string): string | null => {
    const v = input[k];
    return typeof v === 'string' && v.trim() !== '' ? normalizeText(v).trim() : null;
  };
  return {
    index,
    article: {
      id,
      // Set by prepareArticles, which sees every article (names are made unique across them).
      name: '',
      title: str('title'),
      outlet: str('outlet'),
      url: str('url'),
      published: str('published'),
      byline: str('byline'),
      relatedSources: (sources ?? []).map((s) => normalizeText(s).trim()).filter(Boolean),
      text,
      paragraphs,
      sentences,
      wordCount: tokens.length,
    },
    tokens,
    paragraphTokens,
    sentenceTokens,
  };
}

/** First token index at or after `from` whose start is >= `offset`. */
function advance(tokens: Token[], from: number, offset: number): number {
  let i = from;
  while (i < tokens.length && tokens[i]!.start < offset) i++;
  return i;
}
