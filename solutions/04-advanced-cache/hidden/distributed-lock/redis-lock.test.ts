import { afterAll, beforeAll, expect, it } from 'vitest';
import { RedisLock } from '@impl';
import { describeRedis, startRedis, type RedisServer } from '@workbook/testkit';
import type { RedisClientType } from '@keyv/redis';
import { rawClient } from '../helpers/redis.js';

describeRedis('RedisLock (SET NX PX with a token)', () => {
  let server: RedisServer;
  let client: RedisClientType;
  let lock: RedisLock;

  beforeAll(async () => {
    server = await startRedis();
    client = await rawClient(server.url);
    lock = new RedisLock(client, { prefix: 'lock:' });
  });
  afterAll(async () => {
    client?.destroy();
    await server?.stop();
  });

  it('acquire() on a free lock returns a token, stored under the prefix', async () => {
    const token = await lock.acquire('a', 5000);
    expect(typeof token).toBe('string');
    expect(await client.get('lock:a')).toBe(token);
  });

  it('a second acquire() while the lock is held returns undefined', async () => {
    await lock.acquire('b', 5000);
    expect(await lock.acquire('b', 5000)).toBeUndefined();
  });

  it('every acquisition gets a different token', async () => {
    const first = await lock.acquire('c', 5000);
    await client.del('lock:c');
    const second = await lock.acquire('c', 5000);
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
  });

  it('the lock expires by itself: Redis holds it with a PX no longer than ttlMs', async () => {
    await lock.acquire('d', 3000);
    const pttl = await client.pTTL('lock:d');
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(3000);
  });

  it('release() with the holder\'s token frees the lock', async () => {
    const token = (await lock.acquire('e', 5000))!;
    expect(await lock.release('e', token)).toBe(true);
    expect(await client.exists('lock:e')).toBe(0);
    expect(await lock.acquire('e', 5000), 'a released lock can be taken again').toBeDefined();
  });

  it('release() with another token leaves the lock alone', async () => {
    const expired = (await lock.acquire('f', 5000))!;
    await client.del('lock:f'); // as if it had expired…
    const current = await lock.acquire('f', 5000); // …and someone else took it
    expect(await lock.release('f', expired), 'an old holder must not release the new holder\'s lock').toBe(false);
    expect(await client.get('lock:f')).toBe(current);
  });
});
