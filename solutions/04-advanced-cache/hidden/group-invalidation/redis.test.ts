import { describe, expect, it } from 'vitest';
import { RedisInvalidator, TieredCache } from '@impl';
import { describeRedis, waitFor } from '@workbook/testkit';
import { patient } from '../helpers/patience.js';
import { privateRedis, redisKeyv } from '../helpers/redis.js';

describeRedis('tags and prefixes in Redis, a private redis-server [ex4.group-invalidation.redis]', () => {
  const redis = privateRedis();

  /** A cache with its own connection and invalidator, like one app process. */
  async function instance(namespace = 'group'): Promise<TieredCache<string>> {
    const { keyv, client, close } = await redisKeyv<string>(redis.server.url, namespace);
    const invalidator = new RedisInvalidator(client, { namespace, scanCount: 50 });
    await invalidator.ready();
    redis.onClose(async () => {
      await invalidator.close();
      await close();
    });
    return new TieredCache<string>({ l2: keyv, invalidator, l2TimeoutMs: patient.l2TimeoutMs });
  }

  it('invalidateTag removes the tagged keys from Redis, and the tag set with them', async () => {
    const cache = await instance();
    await cache.set('t-a', 'A', { tags: ['user:1'] });
    await cache.set('t-b', 'B', { tags: ['user:2'] });
    expect(await redis.raw.sMembers('group:tag:user:1'), 'the tag is a Redis set of keys').toEqual(['t-a']);
    expect(await cache.invalidateTag('user:1')).toBe(1);
    expect(await redis.raw.exists(['group::t-a', 'group:tag:user:1']), 'the key and the tag set are gone').toBe(0);
    expect(await redis.raw.exists('group::t-b')).toBe(1);
  });

  it('a tag set expires with its longest-lived key, so tags never outgrow the data', async () => {
    const cache = await instance();
    await cache.set('e-a', 'A', { ttlMs: 30_000, tags: ['ttl'] });
    await cache.set('e-b', 'B', { ttlMs: 60_000, tags: ['ttl'] });
    await cache.set('e-c', 'C', { ttlMs: 10_000, tags: ['ttl'] });
    const pttl = await redis.raw.pTTL('group:tag:ttl');
    expect(pttl, 'the set carries an expiry, extended to the longest ttl, never shortened').toBeGreaterThan(30_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
  });

  it('invalidatePrefix removes the keys under the prefix with SCAN and UNLINK, never KEYS', async () => {
    const cache = await instance();
    await cache.setMany(Array.from({ length: 120 }, (_, i) => [`p:${i}`, 'v'] as const));
    await cache.set('q:1', 'kept');
    await redis.raw.configResetStat();
    expect(await cache.invalidatePrefix('p:')).toBe(120);
    const stats = await redis.raw.info('commandstats');
    expect(stats, 'KEYS blocks Redis for the whole keyspace: use SCAN').not.toMatch(/cmdstat_keys:/);
    expect(stats, 'SCAN walks the keyspace in steps').toMatch(/cmdstat_scan:calls=([2-9]|\d\d)/);
    expect(stats).toMatch(/cmdstat_unlink:/);
    expect(await redis.raw.exists('group::q:1')).toBe(1);
    expect(await redis.raw.exists('group::p:7')).toBe(0);
  });

  it('invalidatePrefix stays in its namespace and takes the prefix literally', async () => {
    const mine = await instance('mine');
    const theirs = await instance('theirs');
    await theirs.set('p:1', 'theirs');
    await mine.set('p:1', 'mine');
    await mine.set('p[x]', 'literal');
    await mine.set('px', 'no glob');
    expect(await mine.invalidatePrefix('p:')).toBe(1);
    expect(await redis.raw.exists('theirs::p:1'), "another namespace's keys are not this cache's").toBe(1);
    expect(await mine.invalidatePrefix('p['), '[ is a glob character: escape it').toBe(1);
    expect(await redis.raw.exists('mine::px')).toBe(1);
  });

  it('this instance drops the tagged keys it promoted from L2 (it holds them without their tags)', async () => {
    const a = await instance();
    const b = await instance();
    await a.set('self-1', 'A', { tags: ['self'] });
    expect(await b.get('self-1')).toBe('A');
    expect(await b.invalidateTag('self'), 'the count comes from Redis').toBe(1);
    expect(await b.get('self-1'), "b's L1 copy must go too: drop the keys Redis names").toBeUndefined();
  });

  it('a prefix invalidation leaves the other keys of every L1 alone', async () => {
    const a = await instance();
    const b = await instance();
    await a.setMany([['keep:1', 'K'], ['drop:1', 'D']]);
    await b.getMany(['keep:1', 'drop:1']);
    await a.invalidatePrefix('drop:');
    await waitFor(async () => (await b.get('drop:1')) === undefined, "b's L1 to drop drop:1", { timeoutMs: 5000 });
    const hits = b.stats().l1Hits;
    expect(await b.get('keep:1')).toBe('K');
    expect(b.stats().l1Hits, 'keep:1 does not start with the prefix: it stays in L1').toBe(hits + 1);
  });

  it("another instance drops its L1 copies, including values it promoted from L2 without their tags", async () => {
    const a = await instance();
    const b = await instance();
    await a.set('x-1', 'A', { tags: ['user:9'] });
    await a.set('y:1', 'Y');
    expect(await b.getMany(['x-1', 'y:1']), 'b promotes both into its L1').toEqual(['A', 'Y']);
    await a.invalidateTag('user:9');
    await a.invalidatePrefix('y:');
    await waitFor(async () => (await b.getMany(['x-1', 'y:1'])).every((v) => v === undefined), "b's L1 to drop x-1 and y:1 (pub/sub)", { timeoutMs: 5000 });
  });
});

describe('RedisInvalidator checks its arguments [ex4.group-invalidation.redis]', () => {
  const fakeClient = { duplicate: () => fakeClient, scan: async () => ({ cursor: '0', keys: [] }) } as never;

  it('a client that is not a node-redis client → TypeError naming `client`', () => {
    expect(() => new RedisInvalidator({} as never)).toThrow(/`client`/);
    expect(() => new RedisInvalidator(undefined as never)).toThrow(TypeError);
  });

  it('an empty namespace → TypeError; a scanCount that is not a positive whole number → RangeError', () => {
    expect(() => new RedisInvalidator(fakeClient, { namespace: '' })).toThrow(/`namespace`/);
    expect(() => new RedisInvalidator(fakeClient, { scanCount: 0 })).toThrow(RangeError);
    expect(() => new RedisInvalidator(fakeClient, { scanCount: 2.5 })).toThrow(/`scanCount`/);
  });
});
