/**
 * The HTTP application: `createApp(deps)` builds it from its dependencies (store, worker pool,
 * job queue, seeds, logger); `main.ts` listens. Validation happens here at the boundary; work runs
 * on the worker pool; every error leaves through the one problem+json handler.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import compression from 'compression';
import cors from 'cors';
import { rateLimit } from 'express-rate-limit';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { ENGINE_VERSION, SCHEMA_VERSION, upgradeComparison, type Comparison, type ReviewMark } from '../engine/index.ts';
import type { ServerConfig } from './config.ts';
import type { ComparisonContent, FindingDigest, Store, StoredMark } from './store/store.ts';
import type { WorkerPool } from './jobs/pool.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { TaskArticle, TaskFailure, TaskPolicy, TaskResult } from './jobs/task.ts';
import { needsFetch, prefetchPages } from './jobs/prefetch.ts';
import type { SeedEvent } from './seeds.ts';
import { errorHandler, notFound, ProblemError } from './api/problems.ts';
import { validate } from './api/schemas.ts';
import { readBatchItems, readJsonBody } from './api/body.ts';
import { createFairWriter } from './api/fair-writer.ts';
import { comparisonOfRow } from './api/rows.ts';
import { buildOpenApi } from './api/openapi.ts';
import { escapeHtml } from './export/report.ts';
import { contentTypeHeader, FetchError, fetchUrl, type FetchOptions } from './fetch/fetch-url.ts';

export interface AppDeps {
  config: ServerConfig;
  store: Store;
  pool: WorkerPool;
  queue: JobQueue;
  seeds: readonly SeedEvent[];
  logger: Logger;
  /** The built web UI (served at `/`), when there is one. */
  webRoot?: string;
  /** Set `draining` when shutting down: health answers 503 so load balancers stop sending work. */
  lifecycle?: { draining: boolean };
  now?: () => Date;
}

/** Largest batch accepted, in items. */
export const MAX_BATCH_ITEMS = 10_000;

/** Memory the compare cache may hold. */
const CACHE_MAX_BYTES = 256 * 1024 * 1024;


/**
 * Bytes all results streams together write per turn of the event loop, and the slice one stream
 * writes at a time: a turn then stays around a millisecond, so other requests never wait long.
 */
const RESULT_BYTES_PER_TURN = 256 * 1024;
const RESULT_SLICE_BYTES = 32 * 1024;
/** Result rows read from the store at a time per stream: one, so a stream holds at most one row (a row can be megabytes). */
const RESULT_ROWS_PER_READ = 1;

/** Health says `degraded` when every worker has been on one task this long (or requests wait). */
const SATURATED_AFTER_MS = 10_000;

/** What a compare task reports besides the comparison: the listing fields and the findings' digests. */
type CompareSummary = Omit<ComparisonContent, 'json' | 'uiJson' | 'uiGzip'>;

/** Most marks one comparison keeps (its findings' and those of findings a re-run no longer makes). */
const MAX_MARKS = 2_000;

interface CompareBody {
  id?: string;
  title?: string;
  articles: TaskArticle[];
  options?: Record<string, unknown>;
  save?: boolean;
  listed?: boolean;
}

/**
 * A least-recently-used cache bounded by entries and by bytes: identical requests give identical
 * comparisons (the engine is deterministic), but one comparison can be tens of megabytes.
 */
function lru<V>(capacity: number, maxBytes: number, sizeOf: (v: V) => number) {
  const map = new Map<string, { v: V; bytes: number }>();
  let total = 0;
  return {
    get(k: string): V | undefined {
      const e = map.get(k);
      if (e !== undefined) {
        map.delete(k);
        map.set(k, e);
      }
      return e?.v;
    },
    set(k: string, v: V): void {
      const bytes = sizeOf(v);
      // Nothing larger than a tenth of the budget: it would push out everything else.
      if (capacity <= 0 || bytes > maxBytes / 10) return;
      const old = map.get(k);
      if (old) total -= old.bytes;
      map.delete(k);
      map.set(k, { v, bytes });
      total += bytes;
      while (map.size > capacity || total > maxBytes) {
        const first = map.keys().next().value as string;
        total -= map.get(first)!.bytes;
        map.delete(first);
      }
    },
  };
}

/** An id with 128 random bits, URL-safe (22 characters). */
export function newId(): string {
  return randomBytes(16).toString('base64url');
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(sha256(a));
  const y = Buffer.from(sha256(b));
  return timingSafeEqual(x, y);
}

/** Problem types that a task's own error code maps to directly. */
const TASK_PROBLEM_TYPES: Readonly<Record<string, string>> = {
  'not-an-article': 'not-an-article',
  'validation-failed': 'validation-failed',
  'over-ceiling': 'over-ceiling',
  timeout: 'timeout',
};

/**
 * Maps a failed task to the problem it is for the client. An internal failure's cause goes to
 * the log (the pool reports it there); the client gets a bare 500.
 */
function taskProblem(r: Extract<TaskResult, { ok: false }>): ProblemError {
  const { status, code, message, failures, details } = r.error;
  const ext: Record<string, unknown> = { code, ...(details ?? {}) };
  if (failures) ext['skipped'] = failures;
  if (status === 503) return new ProblemError(503, TASK_PROBLEM_TYPES[code] ?? 'unavailable', message, ext);
  if (status >= 500) return new ProblemError(500, 'internal', 'Something went wrong on our side; it has been logged.');
  return new ProblemError(status === 400 ? 400 : 422, TASK_PROBLEM_TYPES[code] ?? 'unprocessable', message, ext);
}

/**
 * A whole-number query parameter, clamped to `max` (huge values are no error, only capped), or a
 * 400 that names the parameter.
 */
function queryInt(req: Request, name: string, fallback: number, max: number): number {
  const v = req.query[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !/^\d{1,30}$/.test(v)) {
    throw new ProblemError(400, 'validation-failed', `${name} must be a whole number.`, { errors: [{ pointer: `/query/${name}`, detail: 'must be a non-negative integer' }] });
  }
  return Math.min(max, Number(v));
}

/** A query parameter that takes one of `allowed` (or is absent), or a 400 naming it and its values. */
function queryEnum<T extends string>(req: Request, name: string, allowed: readonly T[]): T | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    const list = allowed.map((a) => `"${a}"`).join(', ');
    throw new ProblemError(400, 'validation-failed', `${name} must be one of ${list}.`, { errors: [{ pointer: `/query/${name}`, detail: `must be one of ${list}` }] });
  }
  return v as T;
}

/** `Link` header values preloading the built UI's script and style sheet (read from its index.html once). */
function appAssets(webRoot: string): string[] {
  try {
    const html = readFileSync(join(webRoot, 'index.html'), 'utf8');
    const out: string[] = [];
    for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="(\/assets\/[^"]+\.js)"/g)) out.push(`<${m[1]}>; rel=modulepreload; crossorigin`);
    for (const m of html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="(\/assets\/[^"]+\.css)"/g)) out.push(`<${m[1]}>; rel=preload; as=style; crossorigin`);
    return out;
  } catch {
    return [];
  }
}

/** The API path the UI fetches for a comparison page (`/c/<id>`, `/seed/<id>`, a batch item), or null. */
export function comparisonDataPath(path: string): string | null {
  let m = /^\/c\/([A-Za-z0-9_-]{1,64})$/.exec(path);
  if (m) return `/api/comparisons/${m[1]}?view=ui`;
  m = /^\/seed\/([A-Za-z0-9_-]{1,100})$/.exec(path);
  if (m) return `/api/seeds/${m[1]}/comparison?view=ui`;
  m = /^\/batch\/([A-Za-z0-9_-]{1,64})\/items\/(\d{1,9})$/.exec(path);
  if (m) return `/api/batches/${m[1]}/items/${m[2]}`;
  return null;
}

/** Builds the Express application. */
export function createApp(deps: AppDeps): express.Express {
  const { config, store, pool, queue, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const fetchOptions: Partial<FetchOptions> = { allowPrivateAddresses: config.allowPrivateUrls };
  type Cached = { json: string; uiJson?: string; uiGzip?: Uint8Array; summary: CompareSummary };
  // UTF-16 strings: two bytes a character.
  const cache = lru<Cached>(config.cacheEntries, CACHE_MAX_BYTES, (v) => 2 * (v.json.length + (v.uiJson?.length ?? 0)) + (v.uiGzip?.byteLength ?? 0));
  const seedCache = new Map<string, Promise<{ json: string; uiJson: string; uiGzip?: Uint8Array }>>();
  const lifecycle = deps.lifecycle ?? { draining: false };
  const policy: TaskPolicy = { ceilings: config.ceilings, maxResultChars: config.maxResultMb * 1_000_000 };
  const bodyLimits = { maxBytes: config.maxBodyMb * 1024 * 1024, idleTimeoutMs: config.bodyIdleTimeoutMs };
  /** Request bodies being received right now, by kind: each kind has its own cap. */
  const receiving = { bodies: 0, uploads: 0 };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('etag', false);

  app.use(pinoHttp({
    logger,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    autoLogging: { ignore: (req) => req.url === '/api/health' },
    // Method, path (no query string: it may carry a delete token) and status; no headers or bodies.
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
  }));
  app.use(helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        // The report and the UI set a few style attributes (column counts, bar widths).
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  }));
  // Comparisons are large, repetitive JSON: gzip makes them several times smaller on the wire.
  // Level 4: for an 8.7 MB comparison, 62 ms and 1.2 MB against level 6's 122 ms and 1.05 MB.
  app.use(compression({ threshold: 2048, level: 4 }));
  if (config.corsOrigins.length > 0) app.use('/api', cors({ origin: config.corsOrigins, exposedHeaders: ['Location', 'X-Request-Id'] }));

  const limiter = (perMinute: number): RequestHandler => (perMinute <= 0
    ? (_req, _res, next) => next()
    : rateLimit({
      windowMs: 60_000,
      limit: perMinute,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      handler: (_req, _res, next) => next(new ProblemError(429, 'rate-limited', `At most ${perMinute} such requests per minute; try again shortly.`)),
    }));
  const compareLimit = limiter(config.rateLimitPerMinute);
  const batchLimit = limiter(config.batchRateLimitPerMinute);

  /** When API keys are configured, the request must carry one (Bearer or X-API-Key). */
  const requireKey: RequestHandler = (req, res, next) => {
    if (config.apiKeys.length === 0) return next();
    const auth = req.headers.authorization;
    const key = (typeof auth === 'string' && /^Bearer\s+/i.test(auth) ? auth.replace(/^Bearer\s+/i, '') : undefined) ?? req.header('x-api-key');
    if (!key) return next(new ProblemError(401, 'unauthorized', 'This endpoint needs an API key: send "Authorization: Bearer <key>" or "X-API-Key: <key>".'));
    if (!config.apiKeys.some((k) => sameSecret(k, key))) return next(new ProblemError(403, 'forbidden', 'The API key is not valid.'));
    // Who made a batch: the key's hash, never the key itself.
    res.locals['owner'] = sha256(`owner:${key}`);
    next();
  };

  /**
   * Caps the request bodies received at once (each may hold up to the body limit in memory):
   * beyond the cap a request gets 429 at once instead of queueing in memory.
   */
  const bodySlot = (kind: 'bodies' | 'uploads', max: number, what: string): RequestHandler => (req, res, next) => {
    if (receiving[kind] >= max) {
      res.setHeader('Retry-After', '5');
      res.setHeader('Connection', 'close');
      res.once('finish', () => req.destroy());
      return next(new ProblemError(429, 'busy', `At most ${max} ${what} are received at once; try again in a few seconds.`, { limit: max }));
    }
    receiving[kind] += 1;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      receiving[kind] -= 1;
    };
    req.once('end', release);
    req.once('close', release);
    res.once('close', release);
    next();
  };

  const jsonOnly = (types: string[]): RequestHandler => (req, _res, next) => {
    if (!req.is(types)) {
      return next(new ProblemError(415, 'unsupported-media-type', `Send the body as ${types.join(' or ')} (got ${req.headers['content-type'] ?? 'no Content-Type'}).`));
    }
    next();
  };
  const jsonBody = (schemaId: string, withCeilings: boolean): RequestHandler => async (req, _res, next) => {
    try {
      req.body = validate(schemaId, await readJsonBody(req, bodyLimits), withCeilings ? config.ceilings : undefined);
      next();
    } catch (e) {
      next(e);
    }
  };

  const runCompare = async (body: CompareBody): Promise<{ json: string; uiJson?: string; uiGzip?: Uint8Array; summary: CompareSummary; skipped: TaskFailure[] }> => {
    const fetches = body.articles.some(needsFetch);
    const key = fetches ? undefined : sha256(JSON.stringify([body.id ?? null, body.title ?? null, body.articles, body.options ?? null, body.save === true]));
    const hit = key ? cache.get(key) : undefined;
    if (hit) return { ...hit, skipped: [] };
    const failures: TaskFailure[] = [];
    const articles = await prefetchPages(body.articles, fetchOptions, failures);
    const request: { id?: string; title?: string; articles: TaskArticle[]; options?: unknown; total: number } = { articles, total: body.articles.length };
    if (body.id !== undefined) request.id = body.id;
    if (body.title !== undefined) request.title = body.title;
    if (body.options !== undefined) request.options = body.options;
    // Saved comparisons are read back by the UI, so they are stored with its compact form too.
    const result = await pool.run({ kind: 'compare', request, failures, withUi: body.save === true, policy }, 'high');
    if (!result.ok) throw taskProblem(result);
    if (!result.summary) throw new ProblemError(500, 'internal', 'Something went wrong on our side; it has been logged.');
    const out = { json: result.json, summary: result.summary, ...(result.uiJson ? { uiJson: result.uiJson } : {}), ...(result.uiGzip ? { uiGzip: result.uiGzip } : {}) };
    if (key && result.failures.length === 0) cache.set(key, out);
    return { ...out, skipped: result.failures };
  };

  const sendJsonText = (res: Response, status: number, text: string): void => {
    res.status(status).type('application/json').send(text);
  };

  // ---------------------------------------------------------------- meta
  app.get('/api/health', (_req, res) => {
    const stats = pool.stats();
    // Saturated: every worker is taken and interactive requests wait, or every worker has been on
    // one task for a long time. Still up (200), but a load balancer or operator should know.
    const saturated = stats.busy >= stats.size && (stats.waiting.high > 0 || stats.oldestRunningMs > SATURATED_AFTER_MS);
    const status = lifecycle.draining ? 'draining' : saturated ? 'degraded' : 'ok';
    const body = {
      status,
      version: ENGINE_VERSION,
      queue: { pending: pool.pending() },
      pool: stats,
      receiving: { ...receiving },
    };
    res.status(lifecycle.draining ? 503 : 200).json(body);
  });
  app.get('/api/limits', (_req, res) => {
    res.json({
      ceilings: config.ceilings,
      maxArticles: 12,
      maxBodyBytes: bodyLimits.maxBytes,
      maxBatchBytes: config.maxBatchMb * 1024 * 1024,
      maxBatchItems: MAX_BATCH_ITEMS,
      maxResultBytes: config.maxResultMb * 1_000_000,
      taskTimeoutSeconds: Math.round(config.taskTimeoutMs / 1000),
      bodyIdleTimeoutSeconds: Math.round(config.bodyIdleTimeoutMs / 1000),
    });
  });
  app.get('/api/version', (_req, res) => {
    res.json({ name: 'parallax', version: ENGINE_VERSION, schemaVersion: SCHEMA_VERSION, node: process.version });
  });
  const openapi = JSON.stringify(buildOpenApi(config.publicUrl));
  app.get('/api/openapi.json', (_req, res) => sendJsonText(res, 200, openapi));

  // ---------------------------------------------------------------- compare
  app.post('/api/compare', compareLimit, jsonOnly(['application/json']), bodySlot('bodies', config.maxConcurrentBodies, 'request bodies'), jsonBody('CompareBody', true), async (req, res) => {
    const body = req.body as CompareBody;
    if (body.save) await new Promise<void>((resolve, reject) => requireKey(req, res, (e?: unknown) => (e ? reject(e) : resolve())));
    const { json: comparison, uiJson, uiGzip, summary, skipped } = await runCompare(body);
    const skippedJson = JSON.stringify(skipped);
    if (!body.save) {
      sendJsonText(res, 200, `{"comparison":${comparison},"skipped":${skippedJson}}`);
      return;
    }
    const id = newId();
    const deleteToken = randomBytes(32).toString('base64url');
    await store.saveComparison({ id, createdAt: now().toISOString(), ...summary, json: comparison, ...(uiJson ? { uiJson } : {}), ...(uiGzip ? { uiGzip } : {}), deleteTokenHash: sha256(deleteToken), listed: body.listed === true });
    const permalink = `${config.publicUrl}/c/${id}`;
    res.setHeader('Location', `/api/comparisons/${id}`);
    sendJsonText(res, 201, `{"id":${JSON.stringify(id)},"permalink":${JSON.stringify(permalink)},"deleteToken":${JSON.stringify(deleteToken)},"comparison":${comparison},"skipped":${skippedJson}}`);
  });

  // ---------------------------------------------------------------- saved comparisons
  const idParam = (req: Request): string => {
    const id = String(req.params['id'] ?? '');
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new ProblemError(404, 'not-found', 'No comparison has this id.');
    return id;
  };
  app.get('/api/comparisons', async (req, res) => {
    const limit = Math.max(1, queryInt(req, 'limit', 20, 100));
    const offset = queryInt(req, 'offset', 0, 1_000_000_000);
    const { items, total } = await store.listComparisons(limit, offset);
    const next = offset + items.length < total ? `/api/comparisons?limit=${limit}&offset=${offset + items.length}` : null;
    res.json({ items: items.map((i) => ({ ...i, permalink: `${config.publicUrl}/c/${i.id}`, href: `/api/comparisons/${i.id}` })), total, limit, offset, next });
  });
  const viewParam = (req: Request): 'full' | 'ui' => queryEnum(req, 'view', ['full', 'ui'] as const) ?? 'full';
  /** Sends the UI's compact form already gzipped (made in the worker at save time), when the client takes gzip. */
  const sendGzipped = (req: Request, res: Response, gz: Uint8Array | undefined): boolean => {
    if (!gz || !req.acceptsEncodings('gzip')) return false;
    res.status(200).type('application/json').setHeader('Content-Encoding', 'gzip');
    res.setHeader('Vary', 'Accept-Encoding');
    res.end(gz);
    return true;
  };
  app.get('/api/comparisons/:id', async (req, res) => {
    const id = idParam(req);
    if (viewParam(req) === 'ui' && sendGzipped(req, res, await store.getComparisonUiGzip(id))) return;
    const json = await store.getComparisonJson(id, viewParam(req));
    if (json === undefined) throw new ProblemError(404, 'not-found', 'No comparison has this id.');
    sendJsonText(res, 200, json);
  });
  /**
   * The comparison's edit token from the request, checked: the `deleteToken` returned when it was
   * saved, in X-Edit-Token (or X-Delete-Token). Header only: a token in the query string would end
   * up in logs and browser history. Returns false when none was sent.
   */
  const editAllowed = async (req: Request, id: string, doing: string): Promise<boolean> => {
    const entry = await store.getComparison(id);
    if (!entry) throw new ProblemError(404, 'not-found', 'No comparison has this id.');
    const token = req.header('x-edit-token') ?? req.header('x-delete-token');
    if (token === undefined) return false;
    if (!sameSecret(sha256(token), entry.deleteTokenHash)) {
      throw new ProblemError(403, 'forbidden', `${doing} needs the comparison's edit token (the deleteToken returned when it was saved), in the X-Edit-Token header; this one is not it.`);
    }
    return true;
  };
  const requireEdit = async (req: Request, id: string, doing: string): Promise<void> => {
    if (!(await editAllowed(req, id, doing))) {
      throw new ProblemError(403, 'forbidden', `${doing} needs the comparison's edit token (the deleteToken returned when it was saved), in the X-Edit-Token header.`);
    }
  };
  app.delete('/api/comparisons/:id', requireKey, async (req, res) => {
    const id = idParam(req);
    await requireEdit(req, id, 'Deleting');
    await store.deleteComparison(id);
    res.status(204).end();
  });

  // ---------------------------------------------------------------- editing and reviewing (edit token)
  /** The findings' keys, rules and reasons; for a comparison saved before they were kept, read from its JSON. */
  const digestsOf = async (id: string): Promise<FindingDigest[]> => {
    const kept = await store.getFindingDigests(id);
    if (kept) return kept;
    const json = await store.getComparisonJson(id);
    if (json === undefined) throw new ProblemError(404, 'not-found', 'No comparison has this id.');
    return upgradeComparison(JSON.parse(json) as Comparison).findings.map((f) => ({ key: f.key, ruleId: f.ruleId, reason: f.reason }));
  };
  /** Every mark of a comparison: those on its findings in ranking order, then those whose finding a re-run no longer makes, newest first. */
  const marksOf = async (id: string): Promise<ReviewMark[]> => {
    const stored = await store.getMarks(id);
    if (!stored) throw new ProblemError(404, 'not-found', 'No comparison has this id.');
    const order = new Map((await digestsOf(id)).map((d, i) => [d.key, i]));
    const marks = Object.entries(stored).map(([key, m]) => ({ key, ...m, current: order.has(key) }));
    return marks.sort((a, b) => (a.current !== b.current ? (a.current ? -1 : 1)
      : a.current ? order.get(a.key)! - order.get(b.key)! : b.at.localeCompare(a.at) || a.key.localeCompare(b.key)));
  };
  const markKey = (req: Request): string => {
    const key = String(req.params['key'] ?? '');
    if (!/^[0-9a-f]{16}(-[0-9]{1,5})?$/.test(key)) throw new ProblemError(404, 'not-found', 'No finding of this comparison has this key.');
    return key;
  };
  app.get('/api/comparisons/:id/marks', compareLimit, async (req, res) => {
    const id = idParam(req);
    await requireEdit(req, id, 'Reading the marks');
    res.setHeader('Cache-Control', 'no-store');
    res.json({ marks: await marksOf(id) });
  });
  app.put('/api/comparisons/:id/marks/:key', compareLimit, requireKey, jsonOnly(['application/json']), jsonBody('MarkBody', false), async (req, res) => {
    const id = idParam(req);
    const key = markKey(req);
    await requireEdit(req, id, 'Marking a finding');
    const finding = (await digestsOf(id)).find((d) => d.key === key);
    if (!finding) throw new ProblemError(404, 'not-found', 'No finding of this comparison has this key (a re-run may have removed it).');
    const body = req.body as { status: StoredMark['status']; note?: string };
    const mark: StoredMark = { status: body.status, note: (body.note ?? '').trim(), at: now().toISOString(), ruleId: finding.ruleId, reason: finding.reason };
    const r = await store.setMark(id, key, mark, MAX_MARKS);
    if (r === 'missing') throw new ProblemError(404, 'not-found', 'No comparison has this id.');
    if (r === 'full') throw new ProblemError(409, 'too-many-marks', `This comparison already has ${MAX_MARKS} marks; clear some before adding more.`);
    res.json({ key, ...mark, current: true });
  });
  app.delete('/api/comparisons/:id/marks/:key', compareLimit, requireKey, async (req, res) => {
    const id = idParam(req);
    const key = markKey(req);
    await requireEdit(req, id, 'Clearing a mark');
    await store.setMark(id, key, null, MAX_MARKS);
    res.status(204).end();
  });
  // Edit and re-run: the same comparison (id, permalink, token, listing and marks) with new content.
  app.put('/api/comparisons/:id', compareLimit, requireKey, jsonOnly(['application/json']), bodySlot('bodies', config.maxConcurrentBodies, 'request bodies'), jsonBody('EditBody', true), async (req, res) => {
    const id = idParam(req);
    await requireEdit(req, id, 'Editing');
    const body = req.body as CompareBody;
    const { json: comparison, uiJson, uiGzip, summary, skipped } = await runCompare({ ...body, save: true });
    if (!await store.replaceComparison(id, { ...summary, json: comparison, ...(uiJson ? { uiJson } : {}), ...(uiGzip ? { uiGzip } : {}) })) {
      throw new ProblemError(404, 'not-found', 'No comparison has this id (it was deleted while it re-ran).');
    }
    const marks = await marksOf(id);
    const current = marks.filter((m) => m.current).length;
    sendJsonText(res, 200, `{"id":${JSON.stringify(id)},"permalink":${JSON.stringify(`${config.publicUrl}/c/${id}`)},"marks":${JSON.stringify({ current, stale: marks.length - current })},"comparison":${comparison},"skipped":${JSON.stringify(skipped)}}`);
  });

  /** Sends an export; everything but JSON is rendered on the worker pool (a large report takes a while). */
  const exportComparison = async (res: Response, json: string, name: string, format: string, permalink?: string, marks?: ReviewMark[]): Promise<void> => {
    if (format === 'json') {
      res.attachment(`${name}.json`);
      // The marks go in as the schema's optional `marks` (the stored JSON is an object: its last character is "}").
      sendJsonText(res, 200, marks ? `${json.slice(0, json.lastIndexOf('}'))},"marks":${JSON.stringify(marks)}}` : json);
      return;
    }
    if (format !== 'md' && format !== 'html' && format !== 'csv') {
      throw new ProblemError(400, 'validation-failed', 'format must be json, md, html or csv.', { errors: [{ pointer: '/query/format', detail: 'must be json, md, html or csv' }] });
    }
    const r = await pool.run({ kind: 'export', json, format, ...(permalink ? { permalink } : {}), ...(marks ? { marks } : {}) }, 'high');
    if (!r.ok) throw taskProblem(r);
    const types = { md: 'text/markdown; charset=utf-8', html: 'text/html; charset=utf-8', csv: 'text/csv; charset=utf-8' } as const;
    res.attachment(format === 'csv' ? `${name}-findings.csv` : `${name}.${format}`).type(types[format]).send(r.json);
  };
  app.get('/api/comparisons/:id/export', compareLimit, async (req, res) => {
    const id = idParam(req);
    const json = await store.getComparisonJson(id);
    if (json === undefined) throw new ProblemError(404, 'not-found', 'No comparison has this id.');
    // Marks are private to whoever holds the edit token: they go into the export only with it.
    const marks = (await editAllowed(req, id, 'Exporting with marks')) ? await marksOf(id) : undefined;
    if (marks) res.setHeader('Cache-Control', 'private, no-store');
    await exportComparison(res, json, `parallax-${id}`, String(req.query['format'] ?? 'json'), `${config.publicUrl}/c/${id}`, marks);
  });

  // ---------------------------------------------------------------- seeds
  const seedComparison = (seed: SeedEvent): Promise<{ json: string; uiJson: string; uiGzip?: Uint8Array }> => {
    let p = seedCache.get(seed.id);
    if (!p) {
      p = pool.run({ kind: 'compare', request: { id: seed.id, ...(seed.request.title ? { title: seed.request.title } : {}), ...(seed.request.options ? { options: seed.request.options } : {}), articles: seed.request.articles }, withUi: true }, 'high').then((r) => {
        if (!r.ok) throw taskProblem(r);
        return { json: r.json, uiJson: r.uiJson ?? r.json, ...(r.uiGzip ? { uiGzip: r.uiGzip } : {}) };
      });
      p.catch(() => seedCache.delete(seed.id));
      seedCache.set(seed.id, p);
    }
    return p;
  };
  const seedParam = (req: Request): SeedEvent => {
    const seed = deps.seeds.find((s) => s.id === req.params['id']);
    if (!seed) throw new ProblemError(404, 'not-found', 'No seed event has this id.');
    return seed;
  };
  app.get('/api/seeds', (_req, res) => {
    res.json(deps.seeds.map(({ request: _r, ...s }) => ({ ...s, comparison: `/api/seeds/${s.id}/comparison` })));
  });
  app.get('/api/seeds/:id/comparison', async (req, res) => {
    const { json, uiJson, uiGzip } = await seedComparison(seedParam(req));
    if (viewParam(req) === 'ui' && sendGzipped(req, res, uiGzip)) return;
    sendJsonText(res, 200, viewParam(req) === 'ui' ? uiJson : json);
  });
  app.get('/api/seeds/:id/export', compareLimit, async (req, res) => {
    const seed = seedParam(req);
    await exportComparison(res, (await seedComparison(seed)).json, `parallax-${seed.id}`, String(req.query['format'] ?? 'json'));
  });

  // ---------------------------------------------------------------- extract
  app.post('/api/extract', compareLimit, jsonOnly(['application/json']), bodySlot('bodies', config.maxConcurrentBodies, 'request bodies'), jsonBody('ExtractBody', false), async (req, res) => {
    const body = req.body as { url?: string; html?: string; contentType?: string };
    let task: TaskArticle;
    if (body.url) {
      try {
        const page = await fetchUrl(body.url, fetchOptions);
        task = { page: { bytes: page.body, contentType: contentTypeHeader(page), url: page.finalUrl } };
      } catch (e) {
        if (e instanceof FetchError) throw new ProblemError(e.code === 'blocked-address' ? 403 : 422, 'fetch-failed', e.message, { code: e.code, ...(e.status ? { upstreamStatus: e.status } : {}) });
        throw e;
      }
    } else {
      task = { html: body.html! };
    }
    const result = await pool.run({ kind: 'extract', article: task }, 'high');
    if (!result.ok) throw taskProblem(result);
    sendJsonText(res, 200, result.json);
  });

  // ---------------------------------------------------------------- batches
  const BATCH_TYPES = ['application/json', 'application/x-ndjson', 'application/jsonl', 'application/x-jsonlines'];
  app.post('/api/batches', batchLimit, requireKey, jsonOnly(BATCH_TYPES), bodySlot('uploads', config.maxConcurrentUploads, 'batch uploads'), async (req, res) => {
    // Items are stored as they arrive, a few hundred per transaction, so an upload never sits in
    // memory whole. A batch stays `receiving` until the upload is complete; one that fails or is
    // cut off is removed (and one left by a crash is discarded at the next start): it was never
    // acknowledged.
    const id = newId();
    const token = randomBytes(32).toString('base64url');
    await store.createBatch(id, now().toISOString(), { tokenHash: sha256(token), owner: (res.locals['owner'] as string | undefined) ?? null });
    let total: number;
    try {
      total = await readBatchItems(req, req.is('application/json') ? 'json' : 'ndjson', {
        maxBytes: config.maxBatchMb * 1024 * 1024,
        idleTimeoutMs: config.bodyIdleTimeoutMs,
        maxItems: MAX_BATCH_ITEMS,
        maxItemChars: bodyLimits.maxBytes,
      }, async (items, from) => {
        await store.addBatchItems(id, from, items);
        await new Promise<void>((resolve) => setImmediate(resolve));
      });
      if (total === 0) throw new ProblemError(422, 'validation-failed', 'The batch has no items.', { errors: [{ pointer: '/', detail: 'must have at least 1 item' }] });
      // Rows are matched to requests by id: two requests with one id would make them ambiguous.
      const duplicates = await store.duplicateItemIds(id, 10);
      if (duplicates.length > 0) {
        throw new ProblemError(422, 'duplicate-ids', `Request ids must be unique within a batch; used more than once: ${duplicates.map((d) => JSON.stringify(d)).join(', ')}.`, { duplicates });
      }
    } catch (e) {
      await store.deleteBatch(id);
      throw e;
    }
    await store.setBatchTotal(id, total);
    await store.setBatchStatus(id, 'queued');
    await queue.enqueue(id);
    res.setHeader('Location', `/api/batches/${id}`);
    res.status(202).json({ id, status: 'queued', total, token, href: `/api/batches/${id}`, results: `/api/batches/${id}/results` });
  });
  /**
   * The batch named in the path, if this client may see it: with API keys, only the key that
   * made it (anyone else gets the same 404 as for a batch that does not exist).
   */
  const batchParam = async (req: Request, res: Response) => {
    const id = String(req.params['id'] ?? '');
    const b = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? await store.getBatch(id) : undefined;
    const auth = b ? await store.getBatchAuth(id) : undefined;
    const owner = res.locals['owner'] as string | undefined;
    if (!b || !auth || b.status === 'receiving' || (config.apiKeys.length > 0 && auth.owner !== (owner ?? null))) {
      throw new ProblemError(404, 'not-found', 'No batch has this id.');
    }
    return { b, auth };
  };
  /** Cancel and delete need the batch's token, returned when it was created (header X-Batch-Token). */
  const requireBatchToken = (req: Request, auth: { tokenHash: string }): void => {
    const token = req.header('x-batch-token');
    if (!token || !auth.tokenHash || !sameSecret(sha256(token), auth.tokenHash)) {
      throw new ProblemError(403, 'forbidden', 'This needs the batch token returned when the batch was created (header X-Batch-Token).');
    }
  };
  const resultsLimit = limiter(config.resultsRateLimitPerMinute);
  /** Result rows as one chunk of NDJSON (an item without its row says so rather than being skipped). */
  const rowsBuffer = (items: readonly { result: string | null }[]): Buffer =>
    Buffer.from(items.map((it) => `${it.result ?? '{"id":null,"error":{"code":"internal","message":"missing result"}}'}\n`).join(''));
  const resultsWriter = createFairWriter({ bytesPerTurn: RESULT_BYTES_PER_TURN, sliceBytes: RESULT_SLICE_BYTES, idleTimeoutMs: config.resultsIdleTimeoutMs });
  app.get('/api/batches/:id', resultsLimit, requireKey, async (req, res) => {
    const { b } = await batchParam(req, res);
    const finished = b.done + b.failed + b.cancelled;
    const pending = b.total - finished;
    let etaSeconds: number | null = null;
    if (pending > 0 && b.done + b.failed > 0 && b.status === 'running') {
      const elapsed = (now().getTime() - Date.parse(b.createdAt)) / 1000;
      etaSeconds = Math.round((elapsed / (b.done + b.failed)) * pending);
    }
    res.json({ ...b, pending, etaSeconds, results: `/api/batches/${b.id}/results` });
  });
  app.get('/api/batches/:id/results', resultsLimit, requireKey, async (req, res) => {
    const { b } = await batchParam(req, res);
    let from = queryInt(req, 'from', 0, MAX_BATCH_ITEMS);
    // `?only=failed`: the error rows alone (what went wrong, without downloading every comparison).
    const only = queryEnum(req, 'only', ['failed'] as const);
    res.status(200).type('application/x-ndjson');
    res.setHeader('Parallax-Batch-Status', b.status);
    if (only === 'failed') {
      resultsWriter.stream(res, async () => {
        const items = await store.failedItems(b.id, from, RESULT_ROWS_PER_READ);
        if (items.length === 0) return null;
        from = items[items.length - 1]!.index + 1;
        return rowsBuffer(items);
      }, (err) => logger.error({ err, batchId: b.id }, 'streaming failed batch rows failed'));
      return;
    }
    // Rows are written in input order, as far as items have finished; `?from=N` continues. The
    // fair writer serves every open results stream a slice at a time, within one byte budget
    // per turn of the event loop, and reads a row only when the last one is out: a large batch
    // streams in bounded memory, and hundreds of readers who never read hold up nothing.
    resultsWriter.stream(res, async () => {
      const items = await store.finishedItems(b.id, from, RESULT_ROWS_PER_READ);
      if (items.length === 0) return null;
      from += items.length;
      return rowsBuffer(items);
    }, (err) => logger.error({ err, batchId: b.id }, 'streaming batch results failed'));
  });
  const cancelBatch = async (b: { id: string; status: string }): Promise<string> => {
    if (b.status === 'done' || b.status === 'cancelled') return b.status;
    await queue.cancel(b.id);
    return 'cancelled';
  };
  // One item of a batch: listed by place, and a finished one read (or exported) as a comparison.
  app.get('/api/batches/:id/items', resultsLimit, requireKey, async (req, res) => {
    const { b } = await batchParam(req, res);
    const from = queryInt(req, 'from', 0, MAX_BATCH_ITEMS);
    const limit = Math.max(1, queryInt(req, 'limit', 50, 500));
    const items = (await store.itemSummaries(b.id, from, limit)).map((it) => ({ ...it, item: it.index + 1, ...(it.status === 'done' ? { href: `/api/batches/${b.id}/items/${it.index}` } : {}) }));
    const next = from + items.length < b.total ? `/api/batches/${b.id}/items?from=${from + items.length}&limit=${limit}` : null;
    res.json({ items, total: b.total, from, limit, next });
  });
  /** The comparison JSON of a finished item, or the problem that says why there is none. */
  const itemComparison = async (req: Request, res: Response): Promise<{ json: string; batchId: string; index: number }> => {
    const { b } = await batchParam(req, res);
    const raw = String(req.params['index'] ?? '');
    if (!/^\d{1,9}$/.test(raw) || Number(raw) >= b.total) throw new ProblemError(404, 'not-found', `This batch has no item ${raw}; its items are numbered 0 to ${b.total - 1}.`);
    const index = Number(raw);
    const [item] = await store.finishedItems(b.id, index, 1);
    if (!item || item.index !== index) throw new ProblemError(409, 'not-finished', `Item ${index} has not finished yet; try again when the batch has run it.`);
    if (item.status !== 'done') {
      const error = (() => { try { return (JSON.parse(item.result ?? '{}') as { error?: { message?: string } }).error?.message; } catch { return undefined; } })();
      throw new ProblemError(422, 'item-failed', `Item ${index} has no comparison: ${error ?? item.status}.`);
    }
    const json = comparisonOfRow(item.result ?? '');
    if (json === null) throw new ProblemError(500, 'internal', 'Something went wrong on our side; it has been logged.');
    return { json, batchId: b.id, index };
  };
  app.get('/api/batches/:id/items/:index', resultsLimit, requireKey, async (req, res) => {
    sendJsonText(res, 200, (await itemComparison(req, res)).json);
  });
  app.get('/api/batches/:id/items/:index/export', compareLimit, requireKey, async (req, res) => {
    const { json, batchId, index } = await itemComparison(req, res);
    await exportComparison(res, json, `parallax-${batchId}-${index}`, String(req.query['format'] ?? 'json'), `${config.publicUrl}/batch/${batchId}/items/${index}`);
  });

  app.post('/api/batches/:id/cancel', requireKey, async (req, res) => {
    const { b, auth } = await batchParam(req, res);
    requireBatchToken(req, auth);
    res.json({ id: b.id, status: await cancelBatch(b) });
  });
  app.delete('/api/batches/:id', requireKey, async (req, res) => {
    const { b, auth } = await batchParam(req, res);
    requireBatchToken(req, auth);
    // Items still running finish on their own; their results then match no stored row.
    await cancelBatch(b);
    await store.deleteBatch(b.id);
    res.status(204).end();
  });

  app.use('/api', notFound);

  // ---------------------------------------------------------------- web
  if (deps.webRoot && existsSync(deps.webRoot)) {
    app.use(express.static(deps.webRoot, { index: 'index.html', maxAge: '1h' }));
    // The app's script and style, named in the response headers too: the browser asks for them
    // as soon as the headers arrive, before it has parsed the page.
    const assets = appAssets(deps.webRoot);
    app.get(/^\/(?!api\/).*/, (req, res) => {
      // A comparison page starts fetching its comparison with the page, not after the app's script
      // has loaded: the browser preloads it (the app's own fetch then takes the preloaded response).
      const data = comparisonDataPath(req.path);
      const links = [...assets, ...(data ? [`<${data}>; rel=preload; as=fetch; crossorigin=anonymous`] : [])];
      if (links.length) res.setHeader('Link', links.join(', '));
      res.sendFile('index.html', { root: deps.webRoot! });
    });
  } else {
    app.get('/', (_req, res) => {
      const items = deps.seeds.map((s) => `<li><a href="/api/seeds/${encodeURIComponent(s.id)}/export?format=html">${escapeHtml(s.title)}</a> <small>(${s.articles.length} articles; <a href="/api/seeds/${encodeURIComponent(s.id)}/comparison">JSON</a>)</small></li>`).join('');
      res.type('html').send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Parallax</title></head><body><h1>Parallax</h1><p>Compare how outlets cover the same event. API: <a href="/api/openapi.json">/api/openapi.json</a>.</p><h2>Sample events</h2><ul>${items}</ul></body></html>`);
    });
  }
  app.use(notFound);
  app.use(errorHandler(logger));

  return app;
}

