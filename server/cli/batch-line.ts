/** One line of `parallax batch` compared: the same function on the main thread and in the workers. */
import { compare, isInputError, type CompareRequest, type PartialOptions } from '../../engine/index.ts';
import { withOptions } from './common.ts';

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

/** A batch line's output row as the JSON line written (the workers send this text, so any number of jobs writes the same bytes). */
export function batchRowText(line: string, lineNo: number, flag: PartialOptions | undefined): { text: string; failed: boolean } {
  const row = batchLine(line, lineNo, flag);
  return { text: JSON.stringify(row), failed: row.error !== undefined };
}

/** The error row of a line whose worker thread died while comparing it. */
export function crashRowText(line: string, lineNo: number, why: string): { text: string; failed: true } {
  let id: string | number | null = null;
  try {
    const raw = (JSON.parse(line) as Record<string, unknown> | null)?.['id'];
    if (typeof raw === 'string' || typeof raw === 'number') id = raw;
  } catch {
    // Not JSON: the worker would have said so; the id stays null.
  }
  const row: BatchRow = { id, error: { code: 'internal', message: `line ${lineNo}: internal error: ${why}`, line: lineNo } };
  return { text: JSON.stringify(row), failed: true };
}
