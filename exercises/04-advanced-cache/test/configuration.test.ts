import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTieredCache, type TieredCache } from '@impl';
import { describeRedis, freePort, startRedis, type RedisServer } from '@workbook/testkit';

describe('Task 6 — configuration (public examples)', () => {
  it('without USE_REDIS: memory only, no warning', async () => {
    const warn = vi.fn();
    const cache = await createTieredCache({ env: {}, logger: { warn } });
    expect(cache.l2Status).toBe('none');
    expect(warn).not.toHaveBeenCalled();
  });

  it('USE_REDIS must be a boolean word', async () => {
    await expect(createTieredCache({ env: { USE_REDIS: 'sometimes' } })).rejects.toThrow('`USE_REDIS`');
  });

  it('an unreachable Redis: one warning, memory only', async () => {
    const warn = vi.fn();
    const url = `redis://127.0.0.1:${await freePort()}`;
    const cache = await createTieredCache({ env: { USE_REDIS: 'true', REDIS_URL: url }, logger: { warn }, connectTimeoutMs: 300 });
    expect(await cache.get('k'), 'answers from memory at once').toBeUndefined();
    expect(cache.l2Status, 'L2 is configured but does not answer: down, not none').toBe('down');
    expect(warn).toHaveBeenCalledTimes(1);
    await cache.close();
  });
});

describeRedis('Task 6 — configuration with a private redis-server (public examples)', () => {
  let server: RedisServer;
  let cache: TieredCache<string> | undefined;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    await cache?.close();
    await server?.stop();
  });

  it('USE_REDIS=true and a reachable REDIS_URL: L2 is Redis, and it survives a Redis crash', async () => {
    // A generous connectTimeoutMs: on a busy machine connecting to a healthy Redis can take longer than the default 1 s.
    cache = await createTieredCache<string>({ env: { USE_REDIS: 'true', REDIS_URL: server.url }, l2TimeoutMs: 200, connectTimeoutMs: 10_000 });
    expect(cache.l2Status).toBe('up');
    await cache.set('k', 'v');
    await server.kill();
    expect(await cache.getOrCompute('other', async () => 'computed'), 'Redis is gone: compute instead').toBe('computed');
    expect(cache.l2Status).toBe('down');
  });
});
