import { expect, it, vi } from 'vitest';
import { RedisLock, TieredCache } from '@impl';
import { describeRedis } from '@workbook/testkit';
import { patient } from '../helpers/patience.js';
import { privateRedis, redisKeyv, type PrivateRedis } from '../helpers/redis.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One app instance with its own connection, as a separate process would have. */
async function instance(redis: PrivateRedis, options: { lockWaitMs?: number; lockTtlMs?: number } = {}): Promise<TieredCache<string>> {
  const { keyv, client, close } = await redisKeyv<string>(redis.server.url, 'x');
  redis.onClose(close);
  return new TieredCache<string>({ l2: keyv, lock: new RedisLock(client, { prefix: 'x:lock:' }), lockPollMs: 10, l2TimeoutMs: patient.l2TimeoutMs, ...options });
}

describeRedis('three instances, one Redis: one upstream call [ex4.distributed-lock.one-upstream-call]', () => {
  const redis = privateRedis();

  it('three instances asking for the same missing key cause one upstream call', async () => {
    const instances = await Promise.all([instance(redis), instance(redis), instance(redis)]);
    const upstream = vi.fn(async () => {
      await sleep(150);
      return 'the answer';
    });
    const answers = await Promise.all(instances.map((cache) => cache.getOrCompute('same', upstream)));
    expect(upstream, 'one instance computes; the others wait for its result in L2').toHaveBeenCalledTimes(1);
    expect(answers).toEqual(['the answer', 'the answer', 'the answer']);
  });
});

describeRedis('the lock holder computes, writes L2, then releases [ex4.distributed-lock.holder]', () => {
  const redis = privateRedis();

  it('the lock is released once the value is in L2', async () => {
    const cache = await instance(redis);
    await cache.getOrCompute('released', async () => 'v');
    expect(await redis.raw.exists('x:lock:released'), 'the lock key must be gone after the compute').toBe(0);
    expect(await redis.raw.exists('x::released'), 'the value must be in L2').toBe(1);
  });

  it('the lock is released when the compute fails, and nothing is stored', async () => {
    const cache = await instance(redis);
    await expect(cache.getOrCompute('failed', async () => Promise.reject(new Error('upstream 500')))).rejects.toThrow('upstream 500');
    expect(await redis.raw.exists('x:lock:failed'), 'a failed compute must release the lock too').toBe(0);
    expect(await redis.raw.exists('x::failed')).toBe(0);
  });

  it('the lock is held while computing, with an expiry of lockTtlMs', async () => {
    const cache = await instance(redis, { lockTtlMs: 4000 });
    let pttl = 0;
    await cache.getOrCompute('held', async () => {
      pttl = await redis.raw.pTTL('x:lock:held');
      return 'v';
    });
    expect(pttl, 'during the compute, the lock key exists with a PX').toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(4000);
  });

  it('the holder reads L2 again after taking the lock, and uses a value written meanwhile', async () => {
    const { keyv, client, close } = await redisKeyv<string>(redis.server.url, 'x');
    redis.onClose(close);
    const lock = new RedisLock(client, { prefix: 'x:lock:' });
    // Between this instance's L2 miss and its lock, another process wrote the value and released its lock.
    const racingLock = {
      acquire: async (key: string, ttlMs: number) => {
        await keyv.set(key, 'from the other process');
        return lock.acquire(key, ttlMs);
      },
      release: (key: string, token: string) => lock.release(key, token),
    };
    const cache = new TieredCache<string>({ l2: keyv, lock: racingLock, l2TimeoutMs: patient.l2TimeoutMs });
    const upstream = vi.fn(async () => 'computed');
    expect(await cache.getOrCompute('late', upstream)).toBe('from the other process');
    expect(upstream, 'the value was in L2 by the time the lock was taken: no compute').not.toHaveBeenCalled();
    expect(await redis.raw.exists('x:lock:late'), 'and the lock is released').toBe(0);
  });
});

describeRedis('waiters use the holder\'s value from L2 [ex4.distributed-lock.waiters]', () => {
  const redis = privateRedis();

  it('the instances that waited got the value from L2', async () => {
    const [a, b] = await Promise.all([instance(redis), instance(redis)]);
    const upstream = vi.fn(async () => (await sleep(100), 'v'));
    await Promise.all([a.getOrCompute('waited', upstream), b.getOrCompute('waited', upstream)]);
    const stats = [a.stats(), b.stats()];
    expect(stats.map((s) => s.misses).sort(), 'one instance computed (a miss)').toEqual([0, 1]);
    expect(stats.map((s) => s.l2Hits).sort(), 'the other read its result from L2 (an L2 hit)').toEqual([0, 1]);
  });
});

describeRedis('a crashed holder\'s lock expires and is taken [ex4.distributed-lock.crash-recovery]', () => {
  const redis = privateRedis();

  it('a crashed holder is recovered when its lock expires', async () => {
    // A process took the lock and died: nobody will ever write the value or release the lock.
    await redis.raw.set('x:lock:orphan', 'token-of-a-dead-process', { PX: 200 });
    const cache = await instance(redis, { lockWaitMs: 10_000 });
    let holder: string | null = null;
    const upstream = vi.fn(async () => {
      holder = await redis.raw.get('x:lock:orphan');
      return 'recovered';
    });
    expect(await cache.getOrCompute('orphan', upstream)).toBe('recovered');
    expect(upstream).toHaveBeenCalledTimes(1);
    expect(holder, 'once the dead holder\'s lock expired, the waiter took the lock itself and computed holding it').toEqual(expect.any(String));
    expect(holder).not.toBe('token-of-a-dead-process');
  });
});

describeRedis('after lockWaitMs, a waiter computes anyway [ex4.distributed-lock.wait-limit]', () => {
  const redis = privateRedis();

  it('a waiter gives up after lockWaitMs and computes itself', async () => {
    await redis.raw.set('x:lock:stuck', 'a-slow-holder', { PX: 60_000 });
    const cache = await instance(redis, { lockWaitMs: 100 });
    expect(await cache.getOrCompute('stuck', async () => 'did not wait forever')).toBe('did not wait forever');
  });
});
