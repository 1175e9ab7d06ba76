/**
 * Server configuration from environment variables (documented in the README). Every value has a
 * default that runs on one machine with no external service.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

export interface ServerConfig {
  /** `PORT` (default 3000). */
  port: number;
  /** `HOST` (default 127.0.0.1: reachable from this machine only). */
  host: string;
  /** `PARALLAX_DATA_DIR` (default `./data`): the SQLite database lives here. */
  dataDir: string;
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
    publicUrl: (env['PARALLAX_PUBLIC_URL']?.trim() || `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/+$/, ''),
  };
}
