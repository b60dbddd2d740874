import { expect, it } from 'vitest';
import { TieredCache } from '@impl';
import { describeRedis } from '@workbook/testkit';
import { patient } from '../helpers/patience.js';
import { privateRedis, redisKeyv } from '../helpers/redis.js';

describeRedis('batches reach Redis in one round trip, a private redis-server [ex4.batch.round-trips]', () => {
  const redis = privateRedis();

  async function instance(): Promise<TieredCache<string>> {
    const { keyv, close } = await redisKeyv<string>(redis.server.url, 'batch');
    redis.onClose(close);
    return new TieredCache<string>({ l2: keyv, l2TimeoutMs: patient.l2TimeoutMs });
  }

  /** How many times Redis ran each command since the last reset, from INFO commandstats (e.g. { mget: 1 }). */
  async function commandCounts(): Promise<Record<string, number>> {
    const info = await redis.raw.info('commandstats');
    const counts: Record<string, number> = {};
    for (const match of info.matchAll(/^cmdstat_([\w|]+):calls=(\d+)/gm)) counts[match[1]!] = Number(match[2]);
    return counts;
  }

  /** The commands the cache sent between two resets, without the test's own INFO and CONFIG. */
  async function commandsDuring(run: () => Promise<unknown>): Promise<Record<string, number>> {
    await redis.raw.configResetStat();
    await run();
    const { info: _info, config: _config, 'config|resetstat': _reset, ...sent } = await commandCounts();
    return sent;
  }

  it('getMany of keys missing from L1 sends one MGET and no GET', async () => {
    const writer = await instance();
    const reader = await instance();
    await writer.setMany(Array.from({ length: 20 }, (_, i) => [`k${i}`, `v${i}`] as const));
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}`);
    let values: (string | undefined)[] = [];
    const sent = await commandsDuring(async () => (values = await reader.getMany(keys)));
    expect(values, 'every value written by the other instance').toEqual(keys.map((_, i) => `v${i}`));
    expect(sent, 'one MGET for the 20 L1 misses (keyv.getManyRaw), not 20 GETs').toEqual({ mget: 1 });
  });

  it('getOrComputeMany reads the L1 misses with one MGET and writes what it computed in one MULTI/EXEC', async () => {
    const writer = await instance();
    const reader = await instance();
    await writer.setMany(Array.from({ length: 10 }, (_, i) => [`h${i}`, `v${i}`] as const));
    const keys = Array.from({ length: 20 }, (_, i) => `h${i}`);
    let values: string[] = [];
    const sent = await commandsDuring(async () => (values = await reader.getOrComputeMany(keys, async (missing) => missing.map((key) => `${key}!`), { ttlMs: 60_000 })));
    expect(values).toEqual(keys.map((key, i) => (i < 10 ? `v${i}` : `${key}!`)));
    expect(sent, 'one MGET for the 20 L1 misses, one transaction for the 10 computed values').toEqual({ mget: 1, multi: 1, set: 10, exec: 1 });
  });

  it('getMany sends nothing when L1 holds every key', async () => {
    const cache = await instance();
    await cache.setMany([['l1a', 'A'], ['l1b', 'B']]);
    const sent = await commandsDuring(() => cache.getMany(['l1a', 'l1b']));
    expect(sent, 'no command at all: L1 answered every key').toEqual({});
  });

  it('setMany writes every pair in one MULTI/EXEC with its ttl', async () => {
    const cache = await instance();
    const sent = await commandsDuring(() => cache.setMany([['t1', 'A'], ['t2', 'B'], ['t3', 'C']], { ttlMs: 60_000 }));
    expect(sent, 'one transaction holding a SET per pair (keyv.setMany), sent as one pipeline').toEqual({ multi: 1, set: 3, exec: 1 });
    for (const key of ['t1', 't2', 't3']) {
      const pttl = await redis.raw.pTTL(`batch::${key}`);
      expect(pttl, `${key} carries the batch ttl in Redis`).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(60_000);
    }
  });

  it('deleteMany removes every key in one transaction', async () => {
    const cache = await instance();
    await cache.setMany([['d1', 'A'], ['d2', 'B']]);
    const sent = await commandsDuring(() => cache.deleteMany(['d1', 'd2']));
    expect(sent.exec, 'one MULTI/EXEC (keyv.deleteMany), not one round trip per key').toBe(1);
    expect(await redis.raw.exists(['batch::d1', 'batch::d2'])).toBe(0);
  });
});
