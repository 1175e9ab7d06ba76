/**
 * Errors the engine raises for bad input. Each carries a machine-readable `code`, and where it
 * applies the article it concerns and the limit it broke, so the CLI and the API can say what to fix.
 */
export type InputErrorCode =
  | 'invalid-request'
  | 'too-few-articles'
  | 'too-many-articles'
  | 'invalid-article'
  | 'duplicate-id'
  | 'empty-article'
  | 'article-too-large'
  | 'too-many-paragraphs'
  | 'invalid-options'
  | 'invalid-format'
  | 'not-an-article'
  | 'provenance-too-large';

export interface InputErrorDetails {
  /** The article's id (or `#N`, 1-based, when it has none). */
  article?: string;
  /** The field at fault, e.g. `articles[2].text` or `options.alignment.linkThreshold`. */
  field?: string;
  /** The limit that was exceeded. */
  limit?: number;
  /** The observed value that broke the limit. */
  actual?: number;
}

/** A problem with what the caller submitted (never a bug in the engine). */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly code: InputErrorCode;
  readonly details: InputErrorDetails;

  constructor(code: InputErrorCode, message: string, details: InputErrorDetails = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }

  /** Plain-data form for JSON output. */
  toJSON(): { code: InputErrorCode; message: string } & InputErrorDetails {
    return { code: this.code, message: this.message, ...this.details };
  }
}

/** True for the engine's input errors (works across module copies, unlike instanceof). */
export function isInputError(e: unknown): e is InputError {
  return e instanceof Error && e.name === 'InputError' && typeof (e as InputError).code === 'string';
}
