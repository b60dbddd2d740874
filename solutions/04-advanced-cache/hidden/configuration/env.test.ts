import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createTieredCache } from '@impl';
import { freePort } from '@workbook/testkit';

function logger() {
  return { warn: vi.fn<(message: string) => void>() };
}

describe('USE_REDIS decides whether Redis is used [ex4.configuration.use-redis]', () => {
  it('without USE_REDIS, runs on memory alone and says nothing', async () => {
    const log = logger();
    const cache = await createTieredCache<string>({ env: {}, logger: log });
    expect(cache.l2Status).toBe('none');
    expect(log.warn).not.toHaveBeenCalled();
    expect(await cache.getOrCompute('k', async () => 'v')).toBe('v');
  });

  it.each(['false', '0', 'no', 'off', 'FALSE', ''])('USE_REDIS=%j means memory alone, even with a REDIS_URL', async (flag) => {
    const log = logger();
    const cache = await createTieredCache({ env: { USE_REDIS: flag, REDIS_URL: 'redis://127.0.0.1:1' }, logger: log });
    expect(cache.l2Status).toBe('none');
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('a USE_REDIS that is neither true nor false is a TypeError naming `USE_REDIS`', async () => {
    await expect(createTieredCache({ env: { USE_REDIS: 'maybe' } })).rejects.toThrow(TypeError);
    await expect(createTieredCache({ env: { USE_REDIS: 'maybe' } })).rejects.toThrow('`USE_REDIS`');
  });

  it.each(['1', 'yes', 'On'])('USE_REDIS=%j asks for Redis (here: unreachable, so one warning)', async (flag) => {
    const log = logger();
    const port = await freePort();
    const cache = await createTieredCache({ env: { USE_REDIS: flag, REDIS_URL: `redis://127.0.0.1:${port}` }, logger: log, connectTimeoutMs: 300 });
    onTestFinished(() => cache.close());
    expect(log.warn, `USE_REDIS=${JSON.stringify(flag)} means "use Redis": the factory must try it and warn that it cannot`).toHaveBeenCalledTimes(1);
    expect(cache.l2Status, 'Redis was asked for: the cache has an L2, even while it does not answer').not.toBe('none');
  });
});

describe('REDIS_URL must be a redis:// or rediss:// URL [ex4.configuration.redis-url]', () => {
  it('USE_REDIS=true without REDIS_URL is a TypeError naming `REDIS_URL`', async () => {
    await expect(createTieredCache({ env: { USE_REDIS: 'true' } })).rejects.toThrow('`REDIS_URL`');
  });

  it('a REDIS_URL that is not redis:// or rediss:// is a TypeError naming `REDIS_URL`', async () => {
    await expect(createTieredCache({ env: { USE_REDIS: 'true', REDIS_URL: 'http://localhost:6379' } })).rejects.toThrow(TypeError);
    await expect(createTieredCache({ env: { USE_REDIS: 'true', REDIS_URL: 'not a url' } })).rejects.toThrow('`REDIS_URL`');
  });

  it('accepts rediss:// (Redis over TLS)', async () => {
    const log = logger();
    const port = await freePort();
    const cache = await createTieredCache({ env: { USE_REDIS: 'true', REDIS_URL: `rediss://127.0.0.1:${port}` }, logger: log, connectTimeoutMs: 300 });
    onTestFinished(() => cache.close());
    expect(cache).toBeDefined();
  });
});

describe('an unreachable Redis: one warning, then memory while L2 is down [ex4.configuration.unreachable]', () => {
  it('an unreachable Redis: one warning naming host and port, and the cache answers from memory', async () => {
    const log = logger();
    const port = await freePort(); // nobody listens here
    const cache = await createTieredCache<string>({ env: { USE_REDIS: 'true', REDIS_URL: `redis://127.0.0.1:${port}` }, logger: log, connectTimeoutMs: 300 });
    onTestFinished(() => cache.close());
    expect(log.warn, 'exactly one warning for an unreachable Redis').toHaveBeenCalledTimes(1);
    expect(log.warn.mock.calls[0]![0]).toContain(`127.0.0.1:${port}`);
    expect(await cache.getOrCompute('k', async () => 'v')).toBe('v');
    expect(await cache.get('k'), 'L1 holds what was computed').toBe('v');
  });

  it('while Redis does not answer, L2 is down (not "none": the cache keeps trying to reach it)', async () => {
    const port = await freePort();
    const cache = await createTieredCache<string>({ env: { USE_REDIS: 'true', REDIS_URL: `redis://127.0.0.1:${port}` }, logger: logger(), connectTimeoutMs: 300 });
    onTestFinished(() => cache.close());
    await cache.getOrCompute('k', async () => 'v');
    expect(cache.l2Status, 'after a call that found Redis unreachable, l2Status is "down" until Redis answers').toBe('down');
  });
});

describe('no message ever shows the credentials of REDIS_URL [ex4.configuration.redacted]', () => {
  it.each([
    ['user:password@', (port: number) => `redis://app:s3cret-pw@127.0.0.1:${port}`],
    ['a bare password@ (parsed as a user name)', (port: number) => `redis://s3cret-pw@127.0.0.1:${port}`],
    [':password@', (port: number) => `redis://:s3cret-pw@127.0.0.1:${port}`],
    ['rediss:// with user:password@', (port: number) => `rediss://app:s3cret-pw@127.0.0.1:${port}/2`],
    ['a password containing @', (port: number) => `redis://app:s3cret-pw@x@127.0.0.1:${port}`],
  ])('the warning never shows the credentials of %s', async (_, url) => {
    const log = logger();
    const port = await freePort();
    const cache = await createTieredCache({ env: { USE_REDIS: 'true', REDIS_URL: url(port) }, logger: log, connectTimeoutMs: 200 });
    onTestFinished(() => cache.close());
    expect(log.warn, 'Redis is unreachable: one warning').toHaveBeenCalledTimes(1);
    const warning = log.warn.mock.calls[0]![0];
    expect(warning, 'the warning printed the secret from REDIS_URL; mask everything between :// and @').not.toContain('s3cret-pw');
    expect(warning, 'the warning still names the host and port').toContain(`127.0.0.1:${port}`);
  });
});

describe('the factory\'s timer options reject delays Node cannot schedule [ex4.configuration.timer-limits]', () => {
  it.each(['connectTimeoutMs', 'reconnectMaxDelayMs'])('rejects %s of 2^31 ms (beyond 2^31−1) with a RangeError naming it', async (name) => {
    await expect(createTieredCache({ env: {}, [name]: 2 ** 31 })).rejects.toThrow(RangeError);
    await expect(createTieredCache({ env: {}, [name]: 2 ** 31 })).rejects.toThrow(`\`${name}\``);
  });

  it.each(['connectTimeoutMs', 'reconnectMaxDelayMs'])('accepts %s of 2^31−1 ms', async (name) => {
    await expect(createTieredCache({ env: {}, [name]: 2 ** 31 - 1 })).resolves.toBeDefined();
  });
});

describe('the other options reach the TieredCache [ex4.configuration.options]', () => {
  it('passes cache options through (ttlMs, l1)', async () => {
    let t = 0;
    const cache = await createTieredCache<string>({ env: {}, ttlMs: 100, l1: { maxEntries: 5 }, now: () => t });
    await cache.set('k', 'v');
    t = 100;
    expect(await cache.get('k')).toBeUndefined();
  });
});
