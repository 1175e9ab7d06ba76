import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';

describe('service settings', () => {
  it('takes PostgreSQL and Redis URLs, and refuses a wrong scheme or a non-URL naming the variable', () => {
    const c = loadConfig({ PARALLAX_DATABASE_URL: 'postgresql://u@db:5432/p', PARALLAX_REDIS_URL: 'redis://cache:6379', PARALLAX_QUEUE_PREFIX: 'team-a' });
    expect([c.databaseUrl, c.redisUrl, c.queuePrefix]).toEqual(['postgresql://u@db:5432/p', 'redis://cache:6379', 'team-a']);
    expect(loadConfig({})).toMatchObject({ databaseUrl: null, redisUrl: null, queuePrefix: 'parallax', workerLockMs: 30_000 });
    expect(() => loadConfig({ PARALLAX_DATABASE_URL: 'mysql://x/y' })).toThrow('PARALLAX_DATABASE_URL must start with postgres:// or postgresql:// (got mysql://)');
    expect(() => loadConfig({ PARALLAX_REDIS_URL: 'cache:6379 ' + 'x' })).toThrow(/PARALLAX_REDIS_URL must/);
    expect(() => loadConfig({ PARALLAX_REDIS_URL: 'not a url' })).toThrow('PARALLAX_REDIS_URL must be a URL such as redis://127.0.0.1:6379');
    expect(() => loadConfig({ PARALLAX_QUEUE_PREFIX: 'a:b' })).toThrow(/PARALLAX_QUEUE_PREFIX/);
    expect(() => loadConfig({ PARALLAX_WORKER_LOCK_MS: '10' })).toThrow(/PARALLAX_WORKER_LOCK_MS/);
  });
});
