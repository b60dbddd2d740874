import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { RedisLock, TieredCache } from '@impl';
import { describeRedis, startRedis, type RedisServer } from '@workbook/testkit';
import type { RedisClientType } from '@keyv/redis';
import { patient } from '../helpers/patience.js';
import { rawClient, redisKeyv } from '../helpers/redis.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeRedis('getOrCompute across instances (one Redis, a lock per key)', () => {
  let server: RedisServer;
  let raw: RedisClientType;
  const closers: (() => Promise<void>)[] = [];

  /** One app instance with its own connection, as a separate process would have. */
  async function instance(options: { lockWaitMs?: number; lockTtlMs?: number } = {}): Promise<TieredCache<string>> {
    const { keyv, client, close } = await redisKeyv<string>(server.url, 'x');
    closers.push(close);
    return new TieredCache<string>({ l2: keyv, lock: new RedisLock(client, { prefix: 'x:lock:' }), lockPollMs: 10, l2TimeoutMs: patient.l2TimeoutMs, ...options });
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

  it('three instances asking for the same missing key cause one upstream call', async () => {
    const instances = await Promise.all([instance(), instance(), instance()]);
    const upstream = vi.fn(async () => {
      await sleep(150);
      return 'the answer';
    });
    const answers = await Promise.all(instances.map((cache) => cache.getOrCompute('same', upstream)));
    expect(upstream, 'one instance computes; the others wait for its result in L2').toHaveBeenCalledTimes(1);
    expect(answers).toEqual(['the answer', 'the answer', 'the answer']);
  });

  it('the instances that waited got the value from L2', async () => {
    const [a, b] = await Promise.all([instance(), instance()]);
    const upstream = vi.fn(async () => (await sleep(100), 'v'));
    await Promise.all([a.getOrCompute('waited', upstream), b.getOrCompute('waited', upstream)]);
    const stats = [a.stats(), b.stats()];
    expect(stats.map((s) => s.misses).sort()).toEqual([0, 1]);
    expect(stats.map((s) => s.l2Hits).sort()).toEqual([0, 1]);
  });

  it('the lock is released once the value is in L2', async () => {
    const cache = await instance();
    await cache.getOrCompute('released', async () => 'v');
    expect(await raw.exists('x:lock:released')).toBe(0);
    expect(await raw.exists('x::released')).toBe(1);
  });

  it('the lock is released when the compute fails, and nothing is stored', async () => {
    const cache = await instance();
    await expect(cache.getOrCompute('failed', async () => Promise.reject(new Error('upstream 500')))).rejects.toThrow('upstream 500');
    expect(await raw.exists('x:lock:failed')).toBe(0);
    expect(await raw.exists('x::failed')).toBe(0);
  });

  it('the lock is held while computing, with an expiry of lockTtlMs', async () => {
    const cache = await instance({ lockTtlMs: 4000 });
    let pttl = 0;
    await cache.getOrCompute('held', async () => {
      pttl = await raw.pTTL('x:lock:held');
      return 'v';
    });
    expect(pttl, 'during the compute, the lock key exists with a PX').toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(4000);
  });

  it('a crashed holder is recovered when its lock expires', async () => {
    // A process took the lock and died: nobody will ever write the value or release the lock.
    await raw.set('x:lock:orphan', 'token-of-a-dead-process', { PX: 200 });
    const cache = await instance({ lockWaitMs: 5000 });
    const upstream = vi.fn(async () => 'recovered');
    expect(await cache.getOrCompute('orphan', upstream)).toBe('recovered');
    expect(upstream).toHaveBeenCalledTimes(1);
  });

  it('a waiter gives up after lockWaitMs and computes itself', async () => {
    await raw.set('x:lock:stuck', 'a-slow-holder', { PX: 60_000 });
    const cache = await instance({ lockWaitMs: 100 });
    expect(await cache.getOrCompute('stuck', async () => 'did not wait forever')).toBe('did not wait forever');
  });
});
