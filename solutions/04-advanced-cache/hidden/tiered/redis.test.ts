import { afterAll, beforeAll, expect, it } from 'vitest';
import { TieredCache } from '@impl';
import { describeRedis, startRedis, type RedisServer } from '@workbook/testkit';
import type { RedisClientType } from '@keyv/redis';
import { patient } from '../helpers/patience.js';
import { rawClient, redisKeyv } from '../helpers/redis.js';

describeRedis('TieredCache with Redis as L2, a private redis-server [ex4.tiered.read-path, ex4.tiered.l2-ttl]', () => {
  let server: RedisServer;
  let raw: RedisClientType;
  const closers: (() => Promise<void>)[] = [];

  async function instance(): Promise<TieredCache<string>> {
    const { keyv, close } = await redisKeyv<string>(server.url);
    closers.push(close);
    return new TieredCache<string>({ l2: keyv, l2TimeoutMs: patient.l2TimeoutMs });
  }

  beforeAll(async () => {
    server = await startRedis();
    raw = await rawClient(server.url);
  });
  afterAll(async () => {
    for (const close of closers) await close();
    raw?.destroy();
    await server?.stop();
  });

  it('writes go to Redis', async () => {
    const cache = await instance();
    await cache.set('written', 'v');
    expect(await raw.exists('test::written'), 'the value must be stored in Redis under the Keyv namespace').toBe(1);
  });

  it('another instance reads the value from Redis', async () => {
    const a = await instance();
    const b = await instance();
    await a.getOrCompute('shared', async () => 'from a');
    expect(await b.get('shared')).toBe('from a');
    expect(b.stats().l2Hits).toBe(1);
  });

  it('Redis keeps the ttl: the key carries an expiry no longer than ttlMs', async () => {
    const cache = await instance();
    await cache.set('ttl', 'v', 60_000);
    const pttl = await raw.pTTL('test::ttl');
    expect(pttl, 'PTTL must be positive (an expiry is set)').toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(60_000);
  });

  it('a fractional ttlMs is accepted (Redis keeps whole milliseconds)', async () => {
    const cache = await instance();
    const errors: Error[] = [];
    cache.on('error', (error) => void errors.push(error));
    await cache.set('fraction', 'v', 1500.5);
    expect(errors, 'PX must be given a whole number of ms').toEqual([]);
    expect(await raw.pTTL('test::fraction')).toBeGreaterThan(0);
  });

  it('an entry without ttl has no expiry in Redis', async () => {
    const cache = await instance();
    await cache.set('forever', 'v');
    expect(await raw.pTTL('test::forever'), 'PTTL -1 means "no expiry"').toBe(-1);
  });

  it('delete() removes the key from Redis', async () => {
    const cache = await instance();
    await cache.set('gone', 'v');
    await cache.delete('gone');
    expect(await raw.exists('test::gone')).toBe(0);
  });
});
