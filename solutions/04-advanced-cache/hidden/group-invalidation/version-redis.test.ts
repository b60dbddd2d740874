import { expect, it } from 'vitest';
import { RedisInvalidator, TieredCache } from '@impl';
import { describeRedis, waitFor } from '@workbook/testkit';
import { patient } from '../helpers/patience.js';
import { privateRedis, redisKeyv } from '../helpers/redis.js';

describeRedis('the namespace version lives in Redis, a private redis-server [ex4.group-invalidation.version-redis]', () => {
  const redis = privateRedis();

  /** A cache with its own connection and invalidator, like one app process. */
  async function instance(namespace = 'ver'): Promise<TieredCache<string>> {
    const { keyv, client, close } = await redisKeyv<string>(redis.server.url, namespace);
    const invalidator = new RedisInvalidator(client, { namespace });
    await invalidator.ready();
    redis.onClose(async () => {
      await invalidator.close();
      await close();
    });
    return new TieredCache<string>({ l2: keyv, invalidator, l2TimeoutMs: patient.l2TimeoutMs });
  }

  it('a bump increments <namespace>:version and touches no key of the old version', async () => {
    const cache = await instance('ver1');
    await cache.set('a', 'A', 60_000);
    await redis.raw.configResetStat();
    expect(await cache.bumpVersion()).toBe(1);
    expect(await redis.raw.get('ver1:version'), 'the version is a Redis counter every process can read').toBe('1');
    const stats = await redis.raw.info('commandstats');
    expect(stats, 'a bump is O(1): no SCAN, KEYS, DEL or UNLINK').not.toMatch(/cmdstat_(scan|keys|del|unlink):/);
    const pttl = await redis.raw.pTTL('ver1::a');
    expect(pttl, 'the old key is still there, left to expire with its ttl').toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(60_000);
    expect(await cache.get('a'), 'but no longer reachable').toBeUndefined();
  });

  it('a cache that starts later reads the version from Redis', async () => {
    const a = await instance('ver2');
    await a.set('k', 'old');
    await a.bumpVersion();
    await a.set('k', 'new');
    const late = await instance('ver2');
    expect(await late.get('k')).toBe('new');
  });

  it("another instance drops its L1 on the bump (pub/sub) and reads the new version's keys", async () => {
    const a = await instance('ver3');
    const b = await instance('ver3');
    await a.set('k', 'old');
    expect(await b.get('k')).toBe('old');
    await a.bumpVersion();
    await waitFor(async () => (await b.get('k')) === undefined, "b to hear of the bump and drop its L1 copy", { timeoutMs: 5000 });
    await a.set('k', 'new');
    expect(await b.get('k')).toBe('new');
  });
});
