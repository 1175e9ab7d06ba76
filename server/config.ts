/**
 * Server configuration from environment variables (documented in the README). Every value has a
 * default that runs on one machine with no external service.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { Ceilings } from './api/guard.ts';

/**
 * The most a request may set each engine cost limit to (for a word list: its number of entries).
 * A request may lower any of them; above a ceiling it is refused with 422 naming the option and
 * the ceiling. `PARALLAX_CEILINGS` (a JSON object of the same keys) changes them.
 */
export const DEFAULT_CEILINGS: Ceilings = Object.freeze({
  /** The engine's own defaults: 12 columns, 200,000 characters, 5,000 paragraphs an article. */
  'limits.maxArticles': 12,
  'limits.maxArticleChars': 200_000,
  'limits.maxParagraphsPerArticle': 5_000,
  /** Links kept: the defaults (every link is a diff and feeds the framing rules). */
  'limits.maxParagraphLinks': 50_000,
  'limits.maxSentenceLinks': 100_000,
  /** Candidates the link model scores: the default (about 2 s and 60 MB at most). */
  'limits.maxScoredCandidates': 200_000,
  /** Candidate search: twice the defaults (cost grows about linearly with both). */
  'alignment.maxCandidatesPerParagraph': 12,
  'alignment.commonTermPerArticle': 6,
  /** Unpruned scoring: twice the default (every pair of a comparison this size gets features). */
  'alignment.exhaustivePairs': 40_000,
  'alignment.maxParagraphsPerRowMember': 8,
  /** Diff budgets: the defaults (~10 ms a pair, ~2 s a comparison). */
  'diff.maxComparisons': 2_000_000,
  'diff.maxTotalComparisons': 300_000_000,
  /** Findings: enough for any review; more only costs output. */
  'framing.maxFindings': 1_000,
  'framing.reviewSize': 100,
  /** Word lists: a newsroom style guide runs to hundreds of entries. */
  'framing.loadedTerms': 2_000,
  'framing.neutralTerms': 2_000,
  'framing.disabledRules': 100,
  /** Provenance sentence pairs: the default (about 1 s and 120 MB at most). */
  'provenance.maxSentencePairs': 1_000_000,
});

export interface ServerConfig {
  /** `PORT` (default 3000). */
  port: number;
  /** `HOST` (default 127.0.0.1: reachable from this machine only). */
  host: string;
  /** `PARALLAX_DATA_DIR` (default `./data`): the SQLite database lives here. */
  dataDir: string;
  /** `PARALLAX_DATABASE_URL` (`postgres://user:pass@host:5432/db`): the shared PostgreSQL store instead of SQLite; null for SQLite. */
  databaseUrl: string | null;
  /** `PARALLAX_DATABASE_POOL` (default 10): connections this process keeps to PostgreSQL. */
  databasePool: number;
  /** `PARALLAX_REDIS_URL` (`redis://host:6379`): batch items go to BullMQ on this Redis, run by `parallax worker` processes; null for the embedded queue. */
  redisUrl: string | null;
  /** `PARALLAX_QUEUE_PREFIX` (default `parallax`): the Redis key prefix, so several deployments can share one Redis. */
  queuePrefix: string;
  /**
   * `PARALLAX_WORKER_LOCK_MS` (default 30000): how long a worker's hold on a job lasts without
   * renewal. A worker that dies is noticed after about this long, and its item runs elsewhere.
   */
  workerLockMs: number;
  /** `PARALLAX_API_KEYS`: comma-separated keys; when set, saving, deleting and batches need one. */
  apiKeys: string[];
  /** `PARALLAX_CORS_ORIGINS`: comma-separated origins allowed to call the API from a browser (default none). */
  corsOrigins: string[];
  /** `PARALLAX_WORKERS`: worker threads for comparisons (default: the machine's cores). */
  workers: number;
  /** `PARALLAX_ALLOW_PRIVATE_URLS=1`: let URL fetches reach private and loopback addresses (local use only). */
  allowPrivateUrls: boolean;
  /** `PARALLAX_RATE_LIMIT`: compare and extract requests per minute per client (default 600; 0 turns limits off). */
  rateLimitPerMinute: number;
  /** `PARALLAX_BATCH_RATE_LIMIT`: batch submissions per minute per client (default 30; 0 turns it off). */
  batchRateLimitPerMinute: number;
  /** `PARALLAX_MAX_BODY_MB`: largest compare or extract request body (default 10). */
  maxBodyMb: number;
  /** `PARALLAX_MAX_BATCH_MB`: largest batch request body (default 200). */
  maxBatchMb: number;
  /** `PARALLAX_CACHE_ENTRIES`: comparisons kept in memory by request (identical requests give identical results; default 200, 0 off). */
  cacheEntries: number;
  /** `LOG_LEVEL` (default `info`; `silent` for none). */
  logLevel: string;
  /** `PARALLAX_PUBLIC_URL`: the base of permalinks (default `http://HOST:PORT`). */
  publicUrl: string;
  /** `PARALLAX_CEILINGS`: JSON object over `DEFAULT_CEILINGS` (the most a request may set each cost limit to). */
  ceilings: Ceilings;
  /** `PARALLAX_TASK_TIMEOUT_S`: one comparison, extraction or export running longer is stopped (default 60). */
  taskTimeoutMs: number;
  /** `PARALLAX_WORKER_HEAP_MB`: heap of each worker thread; a task needing more fails alone (default 2048). */
  workerHeapMb: number;
  /** `PARALLAX_MAX_RESULT_MB`: largest comparison JSON a task may produce (default 64: four times 12 articles of 3,000 words). */
  maxResultMb: number;
  /** `PARALLAX_MAX_UPLOADS`: batch uploads received at once; more get 429 (default 4). */
  maxConcurrentUploads: number;
  /** `PARALLAX_MAX_BODIES`: compare and extract bodies received at once; more get 429 (default 32). */
  maxConcurrentBodies: number;
  /** `PARALLAX_BODY_IDLE_TIMEOUT_S`: a request body that sends nothing for this long is dropped (default 15). */
  bodyIdleTimeoutMs: number;
  /** `PARALLAX_REQUEST_TIMEOUT_S`: a whole request (headers and body) must arrive within this (default 300). */
  requestTimeoutMs: number;
  /** `PARALLAX_HEADERS_TIMEOUT_S`: request headers must arrive within this (default 20). */
  headersTimeoutMs: number;
  /** `PARALLAX_RESULTS_RATE_LIMIT`: batch status and results reads per minute per client (default 600; 0 off). */
  resultsRateLimitPerMinute: number;
  /** `PARALLAX_RESULTS_IDLE_TIMEOUT_S`: a results reader that takes nothing for this long is dropped (default 60). */
  resultsIdleTimeoutMs: number;
}

function ceilings(value: string | undefined): Ceilings {
  if (value === undefined || value.trim() === '') return DEFAULT_CEILINGS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new Error('PARALLAX_CEILINGS must be a JSON object such as {"limits.maxArticleChars": 400000}');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('PARALLAX_CEILINGS must be a JSON object');
  const out: Record<string, number> = { ...DEFAULT_CEILINGS };
  for (const [k, v] of Object.entries(parsed)) {
    if (!(k in DEFAULT_CEILINGS)) throw new Error(`PARALLAX_CEILINGS: unknown option "${k}" (known: ${Object.keys(DEFAULT_CEILINGS).join(', ')})`);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Error(`PARALLAX_CEILINGS: "${k}" must be a non-negative integer`);
    out[k] = v;
  }
  return Object.freeze(out);
}

function int(value: string | undefined, fallback: number, name: string, min = 0): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min} (got "${value}")`);
  return n;
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * A service's URL from variable `name`, checked for its scheme (the rest is the driver's to
 * judge); null when unset. `schemes` are the accepted ones without "://", the first in the example.
 */
function serviceUrl(name: string, raw: string | undefined, schemes: readonly string[], example: string): string | null {
  const v = raw?.trim();
  if (!v) return null;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new Error(`${name} must be a URL such as ${example}`);
  }
  if (!schemes.includes(u.protocol.slice(0, -1))) throw new Error(`${name} must start with ${schemes.map((x) => `${x}://`).join(' or ')} (got ${u.protocol}//)`);
  return v;
}

function queuePrefix(raw: string | undefined): string {
  const v = raw?.trim() || 'parallax';
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(v)) throw new Error('PARALLAX_QUEUE_PREFIX must be 1 to 40 letters, digits, "_" or "-"');
  return v;
}

/**
 * Reads the configuration.
 * @throws Error naming the variable when a value is malformed (the server refuses to start).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = int(env['PORT'], 3000, 'PORT');
  if (port > 65535) throw new Error(`PORT must be at most 65535 (got ${port})`);
  const host = env['HOST']?.trim() || '127.0.0.1';
  return {
    port,
    host,
    dataDir: resolve(env['PARALLAX_DATA_DIR']?.trim() || './data'),
    databaseUrl: serviceUrl('PARALLAX_DATABASE_URL', env['PARALLAX_DATABASE_URL'], ['postgres', 'postgresql'], 'postgres://user:password@host:5432/parallax'),
    databasePool: int(env['PARALLAX_DATABASE_POOL'], 10, 'PARALLAX_DATABASE_POOL', 1),
    redisUrl: serviceUrl('PARALLAX_REDIS_URL', env['PARALLAX_REDIS_URL'], ['redis', 'rediss'], 'redis://127.0.0.1:6379'),
    queuePrefix: queuePrefix(env['PARALLAX_QUEUE_PREFIX']),
    workerLockMs: int(env['PARALLAX_WORKER_LOCK_MS'], 30_000, 'PARALLAX_WORKER_LOCK_MS', 500),
    apiKeys: list(env['PARALLAX_API_KEYS']),
    corsOrigins: list(env['PARALLAX_CORS_ORIGINS']),
    workers: int(env['PARALLAX_WORKERS'], Math.max(1, availableParallelism()), 'PARALLAX_WORKERS', 1),
    allowPrivateUrls: env['PARALLAX_ALLOW_PRIVATE_URLS'] === '1' || env['PARALLAX_ALLOW_PRIVATE_URLS'] === 'true',
    rateLimitPerMinute: int(env['PARALLAX_RATE_LIMIT'], 600, 'PARALLAX_RATE_LIMIT'),
    batchRateLimitPerMinute: int(env['PARALLAX_BATCH_RATE_LIMIT'], 30, 'PARALLAX_BATCH_RATE_LIMIT'),
    maxBodyMb: int(env['PARALLAX_MAX_BODY_MB'], 10, 'PARALLAX_MAX_BODY_MB', 1),
    maxBatchMb: int(env['PARALLAX_MAX_BATCH_MB'], 200, 'PARALLAX_MAX_BATCH_MB', 1),
    cacheEntries: int(env['PARALLAX_CACHE_ENTRIES'], 200, 'PARALLAX_CACHE_ENTRIES'),
    logLevel: env['LOG_LEVEL']?.trim() || 'info',
    ceilings: ceilings(env['PARALLAX_CEILINGS']),
    taskTimeoutMs: 1000 * int(env['PARALLAX_TASK_TIMEOUT_S'], 60, 'PARALLAX_TASK_TIMEOUT_S', 1),
    workerHeapMb: int(env['PARALLAX_WORKER_HEAP_MB'], 2048, 'PARALLAX_WORKER_HEAP_MB', 64),
    maxResultMb: int(env['PARALLAX_MAX_RESULT_MB'], 64, 'PARALLAX_MAX_RESULT_MB', 1),
    maxConcurrentUploads: int(env['PARALLAX_MAX_UPLOADS'], 4, 'PARALLAX_MAX_UPLOADS', 1),
    maxConcurrentBodies: int(env['PARALLAX_MAX_BODIES'], 32, 'PARALLAX_MAX_BODIES', 1),
    bodyIdleTimeoutMs: 1000 * int(env['PARALLAX_BODY_IDLE_TIMEOUT_S'], 15, 'PARALLAX_BODY_IDLE_TIMEOUT_S', 1),
    requestTimeoutMs: 1000 * int(env['PARALLAX_REQUEST_TIMEOUT_S'], 300, 'PARALLAX_REQUEST_TIMEOUT_S', 1),
    headersTimeoutMs: 1000 * int(env['PARALLAX_HEADERS_TIMEOUT_S'], 20, 'PARALLAX_HEADERS_TIMEOUT_S', 1),
    resultsRateLimitPerMinute: int(env['PARALLAX_RESULTS_RATE_LIMIT'], 600, 'PARALLAX_RESULTS_RATE_LIMIT'),
    resultsIdleTimeoutMs: 1000 * int(env['PARALLAX_RESULTS_IDLE_TIMEOUT_S'], 60, 'PARALLAX_RESULTS_IDLE_TIMEOUT_S', 1),
    publicUrl: (env['PARALLAX_PUBLIC_URL']?.trim() || `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/+$/, ''),
  };
}
