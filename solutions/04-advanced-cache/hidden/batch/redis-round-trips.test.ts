import { expect, it } from 'vitest';
import { TieredCache } from '@impl';
import { describeRedis } from '@workbook/testkit';
import { patient } from '../helpers/patience.js';
import { privateRedis, redisKeyv } from '../helpers/redis.js';

describeRedis('batch operations make one round trip to a private redis-server [ex4.batch.round-trips]', () => {
  const redis = privateRedis();

  async function instance(): Promise<TieredCache<string>> {
    const { keyv, close } = await redisKeyv<string>(redis.server.url);
    redis.onClose(close);
    return new TieredCache<string>({ l2: keyv, l2TimeoutMs: patient.l2TimeoutMs });
  }

  /** Redis's own count of each command since the last reset, e.g. { mget: 1, set: 100 }. */
  async function commandCounts(): Promise<Record<string, number>> {
    const info = await redis.raw.info('commandstats');
    return Object.fromEntries([...info.matchAll(/^cmdstat_([a-z|]+):calls=(\d+)/gm)].map(([, name, calls]) => [name!, Number(calls)]));
  }

  const keys = Array.from({ length: 100 }, (_, i) => `batch-${i}`);

  it('getMany of 100 keys that L1 lacks is one MGET, not 100 GETs', async () => {
    const writer = await instance();
    await writer.setMany(keys.map((key) => [key, `value of ${key}`]));
    const reader = await instance();
    await redis.raw.configResetStat();
    const values = await reader.getMany(keys);
    expect(values, 'every value read back, in order').toEqual(keys.map((key) => `value of ${key}`));
    const counts = await commandCounts();
    expect(counts['mget'], 'one MGET for the 100 keys').toBe(1);
    expect(counts['get'] ?? 0, 'no GET per key').toBe(0);
  });

  it('setMany of 100 entries is one pipelined transaction with each TTL', async () => {
    const cache = await instance();
    await redis.raw.configResetStat();
    await cache.setMany(keys.map((key) => [key, 'v']), { ttlMs: 60_000 });
    const counts = await commandCounts();
    expect(counts['exec'], 'one MULTI/EXEC round trip').toBe(1);
    expect(counts['set'], 'the 100 SETs inside it').toBe(100);
    const ttl = await redis.raw.pTTL(`test::${keys[0]}`);
    expect(ttl, 'each key carries the TTL').toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('deleteMany of 100 keys is one round trip', async () => {
    const cache = await instance();
    await cache.setMany(keys.map((key) => [key, 'v']));
    await redis.raw.configResetStat();
    expect(await cache.deleteMany(keys)).toBe(true);
    const counts = await commandCounts();
    expect(counts['exec'], 'one MULTI/EXEC round trip').toBe(1);
    expect(await redis.raw.exists(keys.map((key) => `test::${key}`)), 'every key gone from Redis').toBe(0);
  });
});
