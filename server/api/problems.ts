/**
 * Errors as `application/problem+json` (RFC 9457). Routes throw `ProblemError`; the one error
 * handler turns anything thrown into a problem response, never leaking stacks or paths.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { isInputError } from '../../engine/index.ts';

/** One field-level validation failure. */
export interface FieldError {
  /** JSON Pointer to the offending value, e.g. `/articles/2/text`. */
  pointer: string;
  detail: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** The titles of the problem types this API uses (the type URI is `/problems/<code>`). */
export const PROBLEM_TITLES: Readonly<Record<string, string>> = {
  'malformed-json': 'The request body is not valid JSON',
  'validation-failed': 'The request does not match the schema',
  'unsupported-media-type': 'Unsupported content type',
  'payload-too-large': 'The request body is too large',
  'not-found': 'Not found',
  'forbidden': 'Forbidden',
  'unauthorized': 'An API key is required',
  'rate-limited': 'Too many requests',
  'unavailable': 'Service unavailable',
  'unprocessable': 'The articles cannot be compared',
  'fetch-failed': 'A URL could not be fetched',
  'not-an-article': 'No article found on the page',
  'over-ceiling': 'An option is above the server\'s ceiling',
  'timeout': 'The request took too long',
  'busy': 'The server is busy',
  'malformed-body': 'The request body could not be read',
  'duplicate-ids': 'Request ids repeat within the batch',
  'internal': 'Internal error',
};

export class ProblemError extends Error {
  readonly status: number;
  readonly code: string;
  readonly extensions: Record<string, unknown>;
  constructor(status: number, code: string, detail: string, extensions: Record<string, unknown> = {}) {
    super(detail);
    this.status = status;
    this.code = code;
    this.extensions = extensions;
  }
}

/** The problem document for a status, code and detail. */
export function problem(status: number, code: string, detail: string, extensions: Record<string, unknown> = {}): Problem {
  return { type: `/problems/${code}`, title: PROBLEM_TITLES[code] ?? code, status, detail, ...extensions };
}

function send(res: Parameters<ErrorRequestHandler>[2], p: Problem, instance: string): void {
  res.status(p.status).type('application/problem+json').send(JSON.stringify({ ...p, instance }));
}

/** 404 for any route not matched. */
export const notFound: RequestHandler = (req, res) => {
  send(res, problem(404, 'not-found', `No such resource: ${req.method} ${req.path}`), req.originalUrl);
};

/** The one error handler: known errors to their status, everything else to a bare 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    let p: Problem;
    const e = err as { type?: string; status?: number; statusCode?: number; message?: string; limit?: number };
    if (err instanceof ProblemError) p = problem(err.status, err.code, err.message, err.extensions);
    else if (isInputError(err)) p = problem(422, 'unprocessable', err.message, { code: err.code, ...err.details });
    else if (e?.type === 'entity.parse.failed') p = problem(400, 'malformed-json', `The body is not valid JSON: ${String(e.message).replace(/ in JSON at position.*$/, '')}.`);
    else if (e?.type === 'entity.too.large') p = problem(413, 'payload-too-large', `The body is larger than the limit of ${e.limit} bytes.`, { limit: e.limit });
    else if (e?.type === 'encoding.unsupported') p = problem(415, 'unsupported-media-type', 'This Content-Encoding is not supported: send the body uncompressed, or with gzip, deflate or br.');
    else if (e?.type === 'charset.unsupported') p = problem(415, 'unsupported-media-type', 'The body must be UTF-8.');
    else if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) p = problem(e.status, 'validation-failed', 'The request could not be read.');
    else {
      logger.error({ err, reqId: (req as { id?: unknown }).id }, 'unhandled error');
      p = problem(500, 'internal', 'Something went wrong on our side; it has been logged.');
    }
    send(res, p, req.originalUrl);
  };
}
