/**
 * Parallax engine: pure comparison of news articles about one event.
 * No I/O, no clock, no randomness: plain data in, JSON-serialisable data out.
 */
export { compare } from './compare.ts';
export { comparisonView } from './view.ts';
export { upgradeComparison } from './upgrade.ts';
export { displayNames } from './input/names.ts';
export { DEFAULT_OPTIONS, resolveOptions } from './options.ts';
export { InputError, isInputError, type InputErrorCode, type InputErrorDetails } from './errors.ts';
export { parseSeedText, parseMarkdown, parseArticleSource, formatForName, type ArticleFormat } from './input/formats.ts';
export { normalizeText, foldTypography } from './text/normalize.ts';
export { splitParagraphs, splitSentences } from './text/segment.ts';
export { tokenize, type Token } from './text/tokenize.ts';
export { renderText, renderMarkdown } from './report/text.ts';
export { renderProvenanceText } from './report/provenance.ts';
export { ENGINE_VERSION, SCHEMA_VERSION } from './version.ts';
export type * from './types.ts';
