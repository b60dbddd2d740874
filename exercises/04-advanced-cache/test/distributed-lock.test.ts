import KeyvRedis, { createClient, type RedisClientType } from '@keyv/redis';
import { Keyv } from 'keyv';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { RedisLock, TieredCache } from '@impl';
import { describeRedis, startRedis, type RedisServer } from '@workbook/testkit';

describeRedis('Task 5 — a lock across processes (public examples, private redis-server)', () => {
  let server: RedisServer;
  const clients: RedisClientType[] = [];

  async function client(): Promise<RedisClientType> {
    const c = createClient({ url: server.url, disableOfflineQueue: true }) as unknown as RedisClientType;
    c.on('error', () => {});
    await c.connect();
    clients.push(c);
    return c;
  }

  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  it('only the token that took the lock releases it', async () => {
    const lock = new RedisLock(await client());
    const token = await lock.acquire('k', 5000);
    expect(token).toBeDefined();
    expect(await lock.acquire('k', 5000), 'held: a second acquire gets nothing').toBeUndefined();
    expect(await lock.release('k', 'not-the-token')).toBe(false);
    expect(await lock.release('k', token!)).toBe(true);
  });

  it('two instances, one upstream call', async () => {
    const instance = async () => {
      const c = await client();
      const l2 = new Keyv<string>({ store: new KeyvRedis<string>(c, { namespace: 'pub', throwOnErrors: true }), namespace: 'pub', useKeyPrefix: false, throwOnErrors: true });
      // A generous l2TimeoutMs: on a busy machine a healthy Redis can take longer than the default 200 ms.
      return new TieredCache<string>({ l2, lock: new RedisLock(c, { prefix: 'pub:lock:' }), lockPollMs: 10, l2TimeoutMs: 10_000 });
    };
    const [a, b] = await Promise.all([instance(), instance()]);
    const upstream = vi.fn(async () => (await new Promise((r) => setTimeout(r, 100)), 'answer'));
    expect(await Promise.all([a.getOrCompute('q', upstream), b.getOrCompute('q', upstream)])).toEqual(['answer', 'answer']);
    expect(upstream).toHaveBeenCalledTimes(1);
  });
});
