/**
 * Reading request bodies with every cost bounded: the one place that decodes `Content-Encoding`,
 * counts bytes after inflation (so a small gzip body cannot become a large one), refuses a body
 * that stalls, and, for batch uploads, hands items on as they arrive instead of building the
 * whole body as one string.
 */
import type { Request } from 'express';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { PassThrough, type Transform } from 'node:stream';
import { ProblemError } from './problems.ts';
import type { UploadedItem } from '../store/store.ts';

export interface BodyLimits {
  /** Most bytes after decompression. */
  maxBytes: number;
  /** A body that sends nothing for this long is dropped (408). */
  idleTimeoutMs: number;
}

const DECODERS: Readonly<Record<string, (() => Transform) | null>> = {
  identity: null,
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** Refuses a body that is not UTF-8 or comes in an encoding we do not decode (415, saying which). */
function checkEncoding(req: Request): (() => Transform) | null {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new ProblemError(415, 'unsupported-media-type', `The body must be UTF-8 (the request says charset=${charset}).`);
  }
  const encoding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase() || 'identity';
  if (!(encoding in DECODERS)) {
    throw new ProblemError(415, 'unsupported-media-type', `Content-Encoding "${encoding.slice(0, 40)}" is not supported: send the body uncompressed, or with gzip, deflate or br.`, { encoding: encoding.slice(0, 40) });
  }
  return DECODERS[encoding] ?? null;
}

function tooLarge(limit: number): ProblemError {
  return new ProblemError(413, 'payload-too-large', `The body is larger than the limit of ${limit} bytes (counted after decompression).`, { limit });
}

/**
 * Yields the body's bytes after decompression, enforcing the size limit and the idle timeout.
 * A stalled or oversized body ends in a ProblemError, and the connection is closed after the
 * answer (the rest of the body is never read).
 */
async function* bodyChunks(req: Request, limits: BodyLimits): AsyncGenerator<Buffer> {
  const decoder = checkEncoding(req);
  // Always through a stream of our own: on a stall it is destroyed, not the request, so the
  // client still gets its 408.
  const stage = decoder ? decoder() : new PassThrough();
  req.on('error', (e) => stage.emit('error', e));
  req.on('aborted', () => stage.emit('error', new Error('aborted')));
  const source = req.pipe(stage) as unknown as PassThrough;
  let idle = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      idle = true;
      // Ends the iteration below with an error; the route answers 408.
      source.destroy(new ProblemError(408, 'timeout', `The request body sent nothing for ${Math.round(limits.idleTimeoutMs / 1000)} s and was dropped.`));
    }, limits.idleTimeoutMs);
    timer.unref();
  };
  // Raw bytes from the client count too: a compressed stream that inflates to nothing is still traffic.
  let raw = 0;
  const onRaw = (chunk: Buffer): void => {
    raw += chunk.length;
    arm();
  };
  req.on('data', onRaw);
  arm();
  let total = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limits.maxBytes || raw > limits.maxBytes) throw tooLarge(limits.maxBytes);
      yield chunk;
    }
  } catch (e) {
    if (e instanceof ProblemError) throw e;
    if (idle) throw new ProblemError(408, 'timeout', `The request body sent nothing for ${Math.round(limits.idleTimeoutMs / 1000)} s and was dropped.`);
    const code = (e as { code?: string }).code ?? '';
    if (code.startsWith('Z_') || code.startsWith('ERR__') || code.includes('BROTLI')) {
      throw new ProblemError(400, 'malformed-body', 'The body could not be decompressed: it does not match its Content-Encoding.');
    }
    throw new ProblemError(400, 'malformed-body', 'The request body could not be read (the connection failed while it was sent).');
  } finally {
    clearTimeout(timer);
    req.off('data', onRaw);
    req.unpipe(stage);
    stage.destroy();
  }
}

/** Marks the response so that the connection closes after it (used when a body was not read to its end). */
export function closeAfterResponse(req: Request): void {
  if (req.complete) return;
  req.res?.setHeader('Connection', 'close');
  req.res?.once('finish', () => req.destroy());
}

/** Reads a whole (small) body as UTF-8 text, within the limits. */
export async function readBodyText(req: Request, limits: BodyLimits, notUtf8 = 'The body is not valid UTF-8.'): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    for await (const c of bodyChunks(req, limits)) chunks.push(c);
  } catch (e) {
    closeAfterResponse(req);
    throw e;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ProblemError(400, notUtf8.startsWith('The body is not valid JSON') ? 'malformed-json' : 'malformed-body', notUtf8);
  }
}

/** Reads a JSON body within the limits. */
export async function readJsonBody(req: Request, limits: BodyLimits): Promise<unknown> {
  const text = await readBodyText(req, limits, 'The body is not valid JSON: it is not UTF-8 text.');
  if (text.trim() === '') throw new ProblemError(400, 'malformed-json', 'The body is empty; send a JSON object.');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ProblemError(400, 'malformed-json', `The body is not valid JSON: ${(e as Error).message.replace(/ in JSON at position.*$/, '')}.`);
  }
}

export interface ItemLimits extends BodyLimits {
  /** Most items. */
  maxItems: number;
  /** Longest item, in characters. */
  maxItemChars: number;
}

/**
 * Splits a batch body into one JSON text per item as it arrives, handing them to `sink` a few at
 * a time (awaited: reading pauses while the sink stores them). NDJSON: one item per non-blank
 * line. JSON: one array of items, split at its top-level commas by a scanner that tracks strings
 * and nesting (the items themselves are parsed when they run). Returns how many items there were.
 */
export async function readBatchItems(req: Request, format: 'ndjson' | 'json', limits: ItemLimits, sink: (items: UploadedItem[], from: number) => Promise<void>): Promise<number> {
  const text = new TextDecoder('utf-8', { fatal: true });
  let count = 0;
  let pending: UploadedItem[] = [];
  const push = (item: string, line?: number): void => {
    count += 1;
    if (count > limits.maxItems) throw new ProblemError(413, 'payload-too-large', `A batch holds at most ${limits.maxItems} items.`, { limit: limits.maxItems });
    pending.push({ request: item, line: line ?? null });
  };
  const itemTooLarge = (): ProblemError =>
    new ProblemError(413, 'payload-too-large', `Item ${count + 1} is longer than the limit of ${limits.maxItemChars} characters for one request.`, { limit: limits.maxItemChars, item: count + 1 });
  const split = createItemSplitter(format, push, limits.maxItemChars, itemTooLarge);
  const drain = async (): Promise<void> => {
    if (pending.length === 0) return;
    const items = pending;
    pending = [];
    await sink(items, count - items.length);
  };
  try {
    for await (const chunk of bodyChunks(req, limits)) {
      let s: string;
      try {
        s = text.decode(chunk, { stream: true });
      } catch {
        throw new ProblemError(400, 'malformed-body', 'The body is not valid UTF-8.');
      }
      split.feed(s);
      if (pending.length >= 250) await drain();
    }
    split.end();
    await drain();
  } catch (e) {
    closeAfterResponse(req);
    throw e;
  }
  return count;
}

/** Cuts a batch body's text, fed in pieces, into one JSON text per item. */
export interface Splitter {
  feed(s: string): void;
  /** The body is complete: the last item is handed on, or a malformed end refused. */
  end(): void;
}

/** A splitter for NDJSON (one item per non-blank line) or a JSON array; `tooLong` is thrown for an item over `maxChars`. */
export function createItemSplitter(format: 'ndjson' | 'json', push: (item: string, line?: number) => void, maxChars: number, tooLong: () => Error): Splitter {
  return format === 'ndjson' ? ndjsonSplitter(push, maxChars, tooLong) : jsonArraySplitter(push, maxChars, tooLong);
}

function ndjsonSplitter(push: (item: string, line?: number) => void, maxChars: number, tooLong: () => Error): Splitter {
  let carry = '';
  /** Lines read so far, blank ones included: an item's line number is where it stands in the file. */
  let lines = 0;
  const line = (l: string): void => {
    lines += 1;
    const t = l.endsWith('\r') ? l.slice(0, -1) : l;
    if (t.trim() !== '') push(t, lines);
  };
  return {
    feed(s) {
      let start = 0;
      for (let nl = s.indexOf('\n'); nl >= 0; nl = s.indexOf('\n', start)) {
        line(carry + s.slice(start, nl));
        carry = '';
        start = nl + 1;
      }
      carry += s.slice(start);
      if (carry.length > maxChars) throw tooLong();
    },
    end() {
      line(carry);
      carry = '';
    },
  };
}

function jsonArraySplitter(push: (item: string) => void, maxChars: number, tooLong: () => Error): Splitter {
  // before: waiting for '['; between: waiting for an item, ',' or ']'; item: inside one; after: ']' seen.
  let state: 'before' | 'between' | 'item' | 'after' = 'before';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let expectItem = true;
  /** The current item's text from earlier chunks. */
  let item = '';
  const notArray = (): ProblemError => new ProblemError(422, 'validation-failed', 'A JSON batch is an array of requests ({"id", "articles", "options"?}).', { errors: [{ pointer: '/', detail: 'must be array' }] });
  const malformed = (what: string): ProblemError => new ProblemError(400, 'malformed-json', `The body is not valid JSON: ${what}.`);
  const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;
  return {
    feed(s) {
      let itemStart = 0;
      const finish = (end: number): void => {
        push(item + s.slice(itemStart, end));
        item = '';
        state = 'between';
        expectItem = false;
      };
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (state === 'item') {
          if (inString) {
            if (escaped) escaped = false;
            else if (c === 92) escaped = true; // a backslash escapes the next character
            else if (c === 34) {
              inString = false;
              if (depth === 0) finish(i + 1); // a bare string item
            }
            continue;
          }
          if (c === 34) {
            inString = true;
            continue;
          }
          if (c === 123 || c === 91) { // { [
            depth += 1;
            continue;
          }
          if (c === 125 || c === 93) { // } ]
            if (depth > 0) {
              depth -= 1;
              if (depth === 0) finish(i + 1);
              continue;
            }
            finish(i); // a bare value ended by the array's own ']': handled below
          } else if (depth === 0 && (c === 44 || isSpace(c))) {
            finish(i); // a bare value (number, literal) ended by ',' or space
          } else continue;
        }
        if (isSpace(c)) continue;
        if (state === 'before') {
          if (c !== 91) throw notArray();
          state = 'between';
          expectItem = true;
          continue;
        }
        if (state === 'after') throw malformed('there is more after the closing ]');
        if (c === 93) {
          state = 'after';
          continue;
        }
        if (c === 44) {
          if (expectItem) throw malformed('an item is missing before a comma');
          expectItem = true;
          continue;
        }
        if (!expectItem) throw malformed('a comma is missing between items');
        // An item starts here: the same character is read again in the item state.
        state = 'item';
        itemStart = i;
        depth = 0;
        inString = false;
        escaped = false;
        i -= 1;
      }
      if (state === 'item') {
        item += s.slice(itemStart);
        if (item.length > maxChars) throw tooLong();
      }
    },
    end() {
      if (state === 'before') throw notArray();
      if (state !== 'after') throw malformed('the array is not closed');
    },
  };
}
