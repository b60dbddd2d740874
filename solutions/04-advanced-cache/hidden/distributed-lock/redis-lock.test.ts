import { expect, it } from 'vitest';
import { RedisLock } from '@impl';
import { describeRedis } from '@workbook/testkit';
import { privateRedis } from '../helpers/redis.js';

describeRedis('RedisLock.acquire(): SET NX PX with a fresh token [ex4.distributed-lock.acquire]', () => {
  const redis = privateRedis();
  const lock = () => new RedisLock(redis.raw, { prefix: 'lock:' });

  it('acquire() on a free lock returns a token, stored under the prefix', async () => {
    const token = await lock().acquire('a', 5000);
    expect(typeof token, 'acquire() of a free lock returns a string token').toBe('string');
    expect(await redis.raw.get('lock:a'), 'Redis holds the token under <prefix><key>').toBe(token);
  });

  it('the prefix defaults to "lock:"', async () => {
    const token = await new RedisLock(redis.raw).acquire('default-prefix', 5000);
    expect(await redis.raw.get('lock:default-prefix')).toBe(token);
  });

  it('a second acquire() while the lock is held returns undefined', async () => {
    await lock().acquire('b', 5000);
    expect(await lock().acquire('b', 5000), 'the lock is held: no token').toBeUndefined();
  });

  it('every acquisition gets a different token', async () => {
    const first = await lock().acquire('c', 5000);
    await redis.raw.del('lock:c');
    const second = await lock().acquire('c', 5000);
    expect(second).toBeDefined();
    expect(second, 'a token is random per acquisition, never reused').not.toBe(first);
  });

  it('the lock expires by itself: Redis holds it with a PX no longer than ttlMs', async () => {
    await lock().acquire('d', 3000);
    const pttl = await redis.raw.pTTL('lock:d');
    expect(pttl, 'PTTL > 0: the lock has an expiry').toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(3000);
  });
});

describeRedis('RedisLock.release(): only the holder\'s token frees the lock [ex4.distributed-lock.release]', () => {
  const redis = privateRedis();
  const lock = () => new RedisLock(redis.raw, { prefix: 'lock:' });

  it('release() with the holder\'s token frees the lock', async () => {
    const token = (await lock().acquire('e', 5000))!;
    expect(await lock().release('e', token)).toBe(true);
    expect(await redis.raw.exists('lock:e')).toBe(0);
    expect(await lock().acquire('e', 5000), 'a released lock can be taken again').toBeDefined();
  });

  it('release() with another token leaves the lock alone', async () => {
    const expired = (await lock().acquire('f', 5000))!;
    await redis.raw.del('lock:f'); // as if it had expired…
    const current = await lock().acquire('f', 5000); // …and someone else took it
    expect(await lock().release('f', expired), 'an old holder must not release the new holder\'s lock').toBe(false);
    expect(await redis.raw.get('lock:f')).toBe(current);
  });

  it('release() of a lock nobody holds returns false', async () => {
    expect(await lock().release('never-taken', 'some-token')).toBe(false);
  });
});
