/**
 * Safe URL fetcher: downloads one web page for comparison while refusing to be turned against
 * the machine or network it runs on.
 *
 * Guarantees, in order of a fetch:
 * - only http:/https: URLs without credentials;
 * - the host name is resolved here, every resolved address is checked against the address
 *   policy, and the socket is then connected to exactly those checked addresses (a pinned
 *   `lookup` is handed to node:http), so DNS rebinding between check and connect cannot work;
 * - every redirect hop goes through the same checks;
 * - a connect timeout per hop and a total timeout for the whole fetch (redirects and body);
 * - only HTML/XHTML/plain text is downloaded, and the decompressed body is capped while streaming.
 *
 * Every failure is a {@link FetchError} with a stable `code` and a one-sentence message that names
 * the URL and says what to do.
 */
import * as dns from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { pipeline, Transform, type Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import { ENGINE_VERSION } from '../../engine/version.ts';
import { isPublicAddress, stripBrackets } from './address-guard.ts';

export { isPublicAddress } from './address-guard.ts';

/**
 * A DNS lookup with the signature of `dns.lookup(hostname, { all: true }, callback)`.
 * `dns.lookup` itself satisfies it.
 */
export type LookupAllFunction = (
  hostname: string,
  options: dns.LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void,
) => void;

/** Options for {@link fetchUrl}. Every field has a default in {@link DEFAULT_FETCH_OPTIONS}. */
export interface FetchOptions {
  /** Total time budget for the whole fetch incl. redirects and body, ms. Default 15000. */
  timeoutMs: number;
  /**
   * Time allowed per hop to resolve the host and establish the TCP/TLS connection, ms.
   * Default 5000.
   */
  connectTimeoutMs: number;
  /** Cap on the (decompressed) body in bytes; streamed, aborted beyond. Default 5 * 1024 * 1024. */
  maxBytes: number;
  /** Max redirects followed. Default 5. */
  maxRedirects: number;
  /**
   * Allow private, loopback, link-local, unique-local, CGNAT, multicast, unspecified and
   * cloud-metadata addresses. Default false (refused). For local use and tests.
   */
  allowPrivateAddresses: boolean;
  /** Honest User-Agent. Default `Parallax/<ENGINE_VERSION> (+https://github.com/parallax; article comparison)`. */
  userAgent: string;
  /** Optional DNS lookup override (same signature as `dns.lookup` with `{ all: true }`) so tests can map host names to addresses. */
  lookup?: LookupAllFunction;
  /**
   * Optional address policy that replaces both the default (public unicast only) and
   * `allowPrivateAddresses`: return true to allow connecting to `ip`. Applied to every resolved
   * address and IP literal on every hop. For tests and embedding (e.g. allow one internal host).
   */
  isAllowedAddress?: (ip: string) => boolean;
}

/** Defaults applied to every option not given to {@link fetchUrl}. */
export const DEFAULT_FETCH_OPTIONS: FetchOptions = Object.freeze({
  timeoutMs: 15_000,
  connectTimeoutMs: 5_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  allowPrivateAddresses: false,
  userAgent: `Parallax/${ENGINE_VERSION} (+https://github.com/parallax; article comparison)`,
});

/** A successfully fetched page. */
export interface FetchedPage {
  /** The URL as requested. */
  url: string;
  /** The URL the body came from, after redirects. */
  finalUrl: string;
  /** HTTP status of the final response (always 2xx). */
  status: number;
  /**
   * Media type, lower-cased, without parameters, e.g. `text/html`. When the server sent no
   * Content-Type and the body was sniffed as HTML, this is `text/html`.
   */
  contentType: string;
  /** `charset` parameter of Content-Type, lower-cased, if any. */
  charset?: string;
  /** Decompressed body bytes (decoding to text is done elsewhere). */
  body: Uint8Array;
  /** Each URL redirected to, in order. */
  redirects: string[];
}

/** Stable failure categories of {@link fetchUrl}. */
export type FetchErrorCode =
  | 'invalid-url'
  | 'unsupported-scheme'
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'too-large'
  | 'blocked-address'
  | 'content-type'
  | 'http-status'
  | 'too-many-redirects'
  | 'network';

/** The only error {@link fetchUrl} rejects with. `message` is one sentence fit for users. */
export class FetchError extends Error {
  override readonly name = 'FetchError';
  /** Failure category. */
  readonly code: FetchErrorCode;
  /** The URL being fetched when the failure happened (a redirect target for later hops). */
  readonly url: string;
  /** HTTP status, for `http-status` errors. */
  readonly status?: number;

  /**
   * @param code - Failure category.
   * @param url - URL being fetched.
   * @param message - One plain sentence naming the URL.
   * @param extra - Optional HTTP status and underlying cause.
   */
  constructor(code: FetchErrorCode, url: string, message: string, extra: { status?: number; cause?: unknown } = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.code = code;
    this.url = url;
    if (extra.status !== undefined) this.status = extra.status;
  }
}

/** Media types we download; everything else is refused before the body is read. */
const ALLOWED_TYPES = new Set(['text/html', 'application/xhtml+xml', 'text/plain']);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const KNOWN_ENCODINGS = new Set(['gzip', 'x-gzip', 'deflate', 'br']);

/** Anything that holds a socket or buffer we must release when the fetch ends. */
interface Destroyable {
  destroy(error?: Error): unknown;
}

/** Mutable state of one fetchUrl call. */
interface FetchContext {
  readonly opts: FetchOptions;
  /** The URL string as requested. */
  readonly requested: string;
  /** Aborted when the total timeout expires. */
  readonly signal: AbortSignal;
  /** Requests, responses and decoders to destroy on abort and at the end. */
  readonly live: Set<Destroyable>;
  /** URL of the hop in progress, for messages. */
  current: string;
  /** Whether response headers of the current hop have arrived, for the timeout message. */
  gotHeaders: boolean;
}

/**
 * Fetches one web page safely (see the module comment for the guarantees).
 *
 * A response without Content-Type is accepted only if its body starts like an HTML document
 * (optional BOM, whitespace and comments, then `<!doctype html`, `<html`, `<head` or `<body`);
 * it is then reported as `text/html`. Unknown Content-Encodings are refused with code
 * `content-type`, corrupt compressed bodies with code `network`.
 *
 * @param url - Absolute http: or https: URL.
 * @param options - Overrides for {@link DEFAULT_FETCH_OPTIONS}.
 * @returns The page; rejects only with {@link FetchError}.
 */
export async function fetchUrl(url: string, options: Partial<FetchOptions> = {}): Promise<FetchedPage> {
  const controller = new AbortController();
  const ctx: FetchContext = {
    opts: resolveOptions(options),
    requested: url,
    signal: controller.signal,
    live: new Set(),
    current: url,
    gotHeaders: false,
  };
  // One timer for everything: on expiry every live socket/stream is destroyed, which makes the
  // pending step reject; toFetchError then reports it as the total timeout.
  const onAbort = (): void => {
    for (const item of ctx.live) item.destroy(abortError());
  };
  controller.signal.addEventListener('abort', onAbort);
  const timer = setTimeout(() => controller.abort(), ctx.opts.timeoutMs);
  try {
    return await fetchWithRedirects(ctx);
  } catch (err) {
    throw toFetchError(err, ctx);
  } finally {
    clearTimeout(timer);
    controller.signal.removeEventListener('abort', onAbort);
    for (const item of ctx.live) item.destroy();
    ctx.live.clear();
  }
}

function resolveOptions(options: Partial<FetchOptions>): FetchOptions {
  const out: FetchOptions = { ...DEFAULT_FETCH_OPTIONS };
  // Explicit `undefined` must not wipe out a default.
  for (const [key, value] of Object.entries(options ?? {})) {
    if (value !== undefined) (out as unknown as Record<string, unknown>)[key] = value;
  }
  return out;
}

async function fetchWithRedirects(ctx: FetchContext): Promise<FetchedPage> {
  let target = parseUrl(ctx.requested, ctx);
  const redirects: string[] = [];
  const seen = new Set([target.href]);
  for (;;) {
    ctx.current = redirects.length === 0 ? ctx.requested : target.href;
    ctx.gotHeaders = false;
    const { req, res } = await requestOnce(target, ctx);
    const status = res.statusCode ?? 0;
    const location = REDIRECT_STATUSES.has(status) ? res.headers.location : undefined;
    if (location === undefined) return await finish(req, res, target, redirects, ctx);

    release(ctx, req, res);
    let next: URL;
    try {
      next = new URL(location, target);
    } catch {
      throw fail('invalid-url', ctx, `it redirected to ${JSON.stringify(location)}, which is not a valid web address`);
    }
    checkUrl(next, ctx, 'it redirected to ');
    // A loop can never end (no cookies are kept), so say so instead of burning the budget.
    if (seen.has(next.href)) throw fail('too-many-redirects', ctx, `it redirects in a loop back to ${next.href}`);
    if (redirects.length >= ctx.opts.maxRedirects) {
      throw fail('too-many-redirects', ctx, `it redirected more than ${ctx.opts.maxRedirects} times`);
    }
    redirects.push(next.href);
    seen.add(next.href);
    target = next;
  }
}

function parseUrl(raw: string, ctx: FetchContext): URL {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new FetchError('invalid-url', raw, `Could not fetch ${JSON.stringify(raw)}: it is not a valid web address.`);
  }
  checkUrl(parsed, ctx, '');
  return parsed;
}

/** Scheme and credential checks shared by the requested URL and redirect targets. */
function checkUrl(target: URL, ctx: FetchContext, prefix: string): void {
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw fail(
      'unsupported-scheme',
      ctx,
      `${prefix}a ${target.protocol} address, but only http and https addresses can be fetched`,
    );
  }
  // Credentials in URLs leak into logs and are never needed for public news pages.
  if (target.username !== '' || target.password !== '') {
    throw fail('invalid-url', ctx, `${prefix}an address with a user name or password, which is not accepted`);
  }
}

/** Resolves, checks and connects one hop; resolves with the response headers. */
async function requestOnce(
  target: URL,
  ctx: FetchContext,
): Promise<{ req: http.ClientRequest; res: http.IncomingMessage }> {
  const host = stripBrackets(target.hostname);
  const connect = new AbortController();
  const timer = setTimeout(() => {
    connect.abort(fail('timeout', ctx, `could not connect to the server within ${formatMs(ctx.opts.connectTimeoutMs)}`));
  }, ctx.opts.connectTimeoutMs);
  try {
    const family = isIP(host);
    const addresses = family !== 0 ? [{ address: host, family }] : await resolveHost(host, ctx, connect.signal);
    checkAddresses(host, family !== 0, addresses, ctx);
    return await send(target, host, addresses, ctx, connect.signal, () => clearTimeout(timer));
  } finally {
    clearTimeout(timer);
  }
}

function resolveHost(host: string, ctx: FetchContext, connectSignal: AbortSignal): Promise<dns.LookupAddress[]> {
  const lookup: LookupAllFunction = ctx.opts.lookup ?? dns.lookup;
  const resolved = new Promise<dns.LookupAddress[]>((resolve, reject) => {
    try {
      lookup(host, { all: true }, (err, addresses) => {
        if (err) reject(fail('dns', ctx, dnsReason(host, err.code), { cause: err }));
        else if (!Array.isArray(addresses) || addresses.length === 0) {
          reject(fail('dns', ctx, `the host name ${host} has no addresses; check the address for typos`));
        } else resolve(addresses);
      });
    } catch (err) {
      // dns.lookup throws synchronously on malformed host names.
      reject(fail('dns', ctx, dnsReason(host, errorCode(err)), { cause: err }));
    }
  });
  // A lookup cannot be cancelled, but we can stop waiting for it.
  return untilAborted(resolved, [ctx.signal, connectSignal]);
}

function dnsReason(host: string, code: string | undefined): string {
  if (code === 'EAI_AGAIN') {
    return `looking up the host name ${host} failed temporarily; check your network connection and try again`;
  }
  if (code === undefined || code === 'ENOTFOUND' || code === 'ENODATA' || code === 'EAI_NONAME') {
    return `the host name ${host} could not be found; check the address for typos`;
  }
  return `looking up the host name ${host} failed (${code}); check the address and your network connection`;
}

/** Refuses the hop if ANY address fails the policy: a host must not mix public and internal addresses. */
function checkAddresses(host: string, literal: boolean, addresses: dns.LookupAddress[], ctx: FetchContext): void {
  const allowed =
    ctx.opts.isAllowedAddress ?? (ctx.opts.allowPrivateAddresses ? (): boolean => true : isPublicAddress);
  const bad = addresses.find((a) => isIP(a.address) === 0 || !allowed(a.address));
  if (bad === undefined) return;
  const what = literal ? `${bad.address} is` : `${host} resolves to ${bad.address},`;
  throw fail(
    'blocked-address',
    ctx,
    `${what} a private or reserved address, which Parallax does not fetch from`,
  );
}

/** A `lookup` for node:http that only ever answers with the addresses we already checked. */
function pinnedLookup(addresses: dns.LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
    const usable = wanted === 0 ? addresses : addresses.filter((a) => a.family === wanted);
    const first = usable[0];
    // Answer asynchronously like the real dns.lookup does.
    process.nextTick(() => {
      if (first === undefined) {
        const err: NodeJS.ErrnoException = new Error(`no IPv${wanted} address`);
        err.code = 'ENOTFOUND';
        callback(err, '', 0);
      } else if (options.all) {
        // Node asks for all addresses when it races them ("happy eyeballs").
        callback(null, usable.map((a) => ({ ...a })));
      } else {
        callback(null, first.address, first.family);
      }
    });
  };
}

function send(
  target: URL,
  host: string,
  addresses: dns.LookupAddress[],
  ctx: FetchContext,
  connectSignal: AbortSignal,
  onConnected: () => void,
): Promise<{ req: http.ClientRequest; res: http.IncomingMessage }> {
  return new Promise((resolve, reject) => {
    if (ctx.signal.aborted) return reject(abortError());
    if (connectSignal.aborted) return reject(connectSignal.reason);
    const secure = target.protocol === 'https:';
    const request = secure ? https.request : http.request;
    let req: http.ClientRequest;
    try {
      req = request({
        hostname: host,
        port: target.port === '' ? (secure ? 443 : 80) : Number(target.port),
        path: `${target.pathname}${target.search}`,
        method: 'GET',
        // A fresh socket per hop: nothing pooled outlives the fetch, and every socket uses the
        // pinned lookup below.
        agent: false,
        lookup: pinnedLookup(addresses),
        headers: {
          'User-Agent': ctx.opts.userAgent,
          Accept: 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8',
          'Accept-Encoding': 'gzip, deflate, br',
          Connection: 'close',
        },
      });
    } catch (err) {
      return reject(err);
    }
    ctx.live.add(req);
    const onConnectTimeout = (): void => {
      req.destroy(connectSignal.reason instanceof Error ? connectSignal.reason : abortError());
    };
    connectSignal.addEventListener('abort', onConnectTimeout, { once: true });
    const connected = (): void => {
      connectSignal.removeEventListener('abort', onConnectTimeout);
      onConnected();
    };
    req.once('socket', (socket) => {
      // TLS counts as part of connecting: wait for the handshake on https.
      socket.once(secure ? 'secureConnect' : 'connect', connected);
    });
    req.once('response', (res) => {
      connected();
      ctx.gotHeaders = true;
      ctx.live.add(res);
      // Errors after this point surface through the body reader; keep them from being unhandled.
      res.on('error', noop);
      resolve({ req, res });
    });
    // Stays attached for the life of the request so late socket errors are never unhandled.
    req.on('error', (err) => {
      connectSignal.removeEventListener('abort', onConnectTimeout);
      reject(err);
    });
    req.end();
  });
}

async function finish(
  req: http.ClientRequest,
  res: http.IncomingMessage,
  target: URL,
  redirects: string[],
  ctx: FetchContext,
): Promise<FetchedPage> {
  const status = res.statusCode ?? 0;
  if (status < 200 || status > 299) {
    release(ctx, req, res);
    const text = res.statusMessage ? ` ${res.statusMessage}` : '';
    throw fail('http-status', ctx, `the server answered with HTTP ${status}${text}`, { status });
  }
  const { mediaType, charset } = parseContentType(res.headers['content-type']);
  if (mediaType !== '' && !ALLOWED_TYPES.has(mediaType)) {
    release(ctx, req, res);
    throw fail('content-type', ctx, `the server sent ${mediaType}, not a web page (HTML or plain text)`);
  }
  const declared = Number(res.headers['content-length']);
  if (res.headers['content-length'] !== undefined && Number.isFinite(declared) && declared > ctx.opts.maxBytes) {
    release(ctx, req, res);
    throw fail(
      'too-large',
      ctx,
      `the page is ${formatBytes(declared)}, more than the ${formatBytes(ctx.opts.maxBytes)} limit`,
    );
  }
  const encodings = parseEncodings(res.headers['content-encoding']);
  const unknown = encodings.find((e) => !KNOWN_ENCODINGS.has(e));
  if (unknown !== undefined) {
    release(ctx, req, res);
    throw fail('content-type', ctx, `the server compressed the page as "${unknown}", which Parallax cannot decode`);
  }
  const body = await readBody(res, encodings, ctx);
  let contentType = mediaType;
  if (contentType === '') {
    if (!looksLikeHtml(body)) {
      throw fail('content-type', ctx, 'the server did not say what kind of content it sent, and it does not look like HTML');
    }
    contentType = 'text/html';
  }
  const page: FetchedPage = { url: ctx.requested, finalUrl: target.href, status, contentType, body, redirects };
  if (charset !== undefined) page.charset = charset;
  return page;
}

/** Streams the body through the decoders, counting decompressed bytes against the cap. */
async function readBody(res: http.IncomingMessage, encodings: string[], ctx: FetchContext): Promise<Uint8Array> {
  let tail: Readable = res;
  // Content-Encoding lists codings in the order applied, so undo them in reverse.
  for (const encoding of [...encodings].reverse()) {
    const decoder = createDecoder(encoding);
    ctx.live.add(decoder);
    // pipeline() destroys both sides when either fails; the error is read via `tail` below.
    pipeline(tail, decoder, noop);
    tail = decoder;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of tail as AsyncIterable<Buffer>) {
      total += chunk.length;
      // Checked per decompressed chunk (<= 16 KiB from zlib), so a compression bomb stops here.
      if (total > ctx.opts.maxBytes) {
        throw fail('too-large', ctx, `the page is larger than the ${formatBytes(ctx.opts.maxBytes)} limit`);
      }
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof FetchError || ctx.signal.aborted) throw err;
    if (isDecompressionError(err)) {
      throw fail('network', ctx, 'the server sent a damaged compressed page; try again later', { cause: err });
    }
    throw err;
  }
  // Copy into an exact-size array: Buffer.concat may return a view into a shared pool.
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

/** zlib options that accept a truncated stream, as browsers do, instead of failing the page. */
const ZLIB_LENIENT: zlib.ZlibOptions = { finishFlush: zlib.constants.Z_SYNC_FLUSH };

function createDecoder(encoding: string): Transform {
  switch (encoding) {
    case 'br':
      return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
    case 'deflate':
      return createDeflateDecoder();
    default: // gzip, x-gzip
      return zlib.createGunzip(ZLIB_LENIENT);
  }
}

/**
 * "deflate" should be zlib-wrapped (RFC 9110), but some servers send raw deflate; browsers
 * accept both, so pick the decoder from the first two bytes.
 */
function createDeflateDecoder(): Transform {
  let inflater: zlib.Inflate | zlib.InflateRaw | undefined;
  let head = Buffer.alloc(0);
  const start = (): zlib.Inflate | zlib.InflateRaw => {
    const b0 = head[0] ?? 0;
    const b1 = head[1] ?? 0;
    // zlib header: compression method 8 in the low nibble and a header checksum divisible by 31.
    const wrapped = (b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0;
    const z = wrapped ? zlib.createInflate(ZLIB_LENIENT) : zlib.createInflateRaw(ZLIB_LENIENT);
    z.on('data', (data: Buffer) => out.push(data));
    z.on('error', (err) => out.destroy(err));
    inflater = z;
    return z;
  };
  const out: Transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (inflater !== undefined) {
        inflater.write(chunk, () => callback());
        return;
      }
      head = Buffer.concat([head, chunk]);
      if (head.length < 2) return callback();
      start().write(head, () => callback());
    },
    flush(callback) {
      let z = inflater;
      if (z === undefined) {
        if (head.length === 0) return callback();
        z = start();
        z.write(head);
      }
      z.once('end', () => callback());
      z.end();
    },
    destroy(err, callback) {
      inflater?.destroy();
      callback(err);
    },
  });
  return out;
}

function isDecompressionError(err: unknown): boolean {
  const code = errorCode(err) ?? '';
  // zlib reports Z_DATA_ERROR etc.; brotli reports ERR__ERROR_FORMAT_* and similar.
  return code.startsWith('Z_') || code.startsWith('ERR__') || code.startsWith('ERR_BROTLI');
}

function parseContentType(header: string | undefined): { mediaType: string; charset?: string } {
  if (header === undefined) return { mediaType: '' };
  const [type = '', ...params] = header.split(';');
  const mediaType = type.trim().toLowerCase();
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    const value = param.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1').trim().toLowerCase();
    if (value !== '') return { mediaType, charset: value };
  }
  return { mediaType };
}

function parseEncodings(header: string | undefined): string[] {
  if (header === undefined) return [];
  return header
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '' && e !== 'identity');
}

/** Sniffs an untyped body: HTML only, after an optional BOM, whitespace and comments. */
function looksLikeHtml(body: Uint8Array): boolean {
  let text = Buffer.from(body.buffer, body.byteOffset, Math.min(body.length, 4096)).toString('latin1');
  if (text.startsWith('\xef\xbb\xbf')) text = text.slice(3);
  for (;;) {
    text = text.trimStart();
    if (!text.startsWith('<!--')) break;
    const end = text.indexOf('-->');
    if (end < 0) return false;
    text = text.slice(end + 3);
  }
  return /^<(!doctype\s+html|html|head|body)[\s>]/i.test(text);
}

/** Destroys a hop's request and response now rather than at the end of the fetch. */
function release(ctx: FetchContext, req: http.ClientRequest, res: http.IncomingMessage): void {
  res.destroy();
  req.destroy();
  ctx.live.delete(res);
  ctx.live.delete(req);
}

/** Builds a FetchError whose message names the hop and, for redirect hops, where it came from. */
function fail(
  code: FetchErrorCode,
  ctx: FetchContext,
  reason: string,
  extra: { status?: number; cause?: unknown } = {},
): FetchError {
  const via = ctx.current === ctx.requested ? '' : ` (redirected from ${ctx.requested})`;
  return new FetchError(code, ctx.current, `Could not fetch ${ctx.current}${via}: ${reason}.`, extra);
}

/** Maps whatever a step rejected with onto a FetchError; fetchUrl never rejects with anything else. */
function toFetchError(err: unknown, ctx: FetchContext): FetchError {
  if (err instanceof FetchError && err.code !== 'network') return err;
  if (ctx.signal.aborted) {
    const limit = formatMs(ctx.opts.timeoutMs);
    const reason = ctx.gotHeaders
      ? `the page did not finish downloading within ${limit}`
      : `the server did not answer within ${limit}`;
    return fail('timeout', ctx, reason, { cause: err });
  }
  if (err instanceof FetchError) return err;
  const code = errorCode(err);
  switch (code) {
    case 'ECONNREFUSED':
      return fail('refused', ctx, 'the server refused the connection; check that the address and port are right', {
        cause: err,
      });
    case 'ETIMEDOUT':
      return fail('timeout', ctx, 'the connection timed out; try again later', { cause: err });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return fail('dns', ctx, dnsReason(stripBrackets(safeHost(ctx.current)), code), { cause: err });
    case 'ECONNRESET':
    case 'EPIPE':
      return fail('network', ctx, 'the server closed the connection unexpectedly; try again later', { cause: err });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return fail('network', ctx, `the server cannot be reached from this network (${code}); try again later`, {
        cause: err,
      });
    default:
      break;
  }
  if (code !== undefined && /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_)/.test(code)) {
    return fail('network', ctx, `a secure connection could not be established (${code}); check that the address is right`, {
      cause: err,
    });
  }
  if (code !== undefined && code.startsWith('HPE_')) {
    return fail('network', ctx, `the server sent a malformed HTTP response (${code})`, { cause: err });
  }
  const detail = code ?? (err instanceof Error ? err.message : String(err));
  return fail('network', ctx, `the connection failed (${detail}); try again later`, { cause: err });
}

/** The errno-style code of an error, looking inside AggregateError from Node's address racing. */
function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const inner = (err as { errors?: unknown }).errors;
  return Array.isArray(inner) ? errorCode(inner[0]) : undefined;
}

function safeHost(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** Rejects as soon as any signal aborts, without waiting for `promise`. */
function untilAborted<T>(promise: Promise<T>, signals: AbortSignal[]): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      const reason: unknown = signals.find((s) => s.aborted)?.reason;
      reject(reason instanceof FetchError ? reason : abortError());
    };
    const cleanup = (): void => {
      for (const s of signals) s.removeEventListener('abort', onAbort);
    };
    if (signals.some((s) => s.aborted)) return onAbort();
    for (const s of signals) s.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (err: unknown) => {
        cleanup();
        reject(err);
      },
    );
  });
}

function abortError(): Error {
  const err = new Error('The fetch was aborted.');
  err.name = 'AbortError';
  return err;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} bytes`;
}

function noop(): void {}

/** The page's Content-Type as a header value again (media type plus charset), for decoding. */
export function contentTypeHeader(page: Pick<FetchedPage, 'contentType' | 'charset'>): string {
  return page.charset ? `${page.contentType}; charset=${page.charset}` : page.contentType;
}
