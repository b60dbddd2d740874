import { expect, it, onTestFinished, vi } from 'vitest';
import { createTieredCache, type TieredCache } from '@impl';
import { describeRedis, startRedis, waitFor, type RedisServer } from '@workbook/testkit';
import { rawClient, reconnected } from '../helpers/redis.js';

/**
 * A Redis that does not answer the factory's first connect: `refused` is not running yet (killed, its port kept),
 * `slow` is paused (the kernel accepts the connection, nothing answers). Either way it comes back after creation.
 */
const starts: [string, (server: RedisServer) => Promise<void>, (server: RedisServer) => Promise<void>][] = [
  ['refused (not running yet)', (server) => server.kill(), (server) => server.restart()],
  ['slow (answering only after connectTimeoutMs)', async (server) => server.pause(), async (server) => server.resume()],
];

/** Uses `cache` until it reads and writes L2 again: the first call after each retry window may still find it down. */
async function l2InUse(cache: TieredCache<string>): Promise<void> {
  await waitFor(async () => {
    await cache.get('probe');
    return cache.l2Status === 'up';
  }, 'the cache to use Redis once it answers');
}

describeRedis('a Redis that misses the first connect is used once it answers, without a restart [ex4.configuration.late-redis]', () => {
  it.each(starts)('a Redis whose first connect is %s: once it answers, L2 is used', async (_, before, after) => {
    const server = await startRedis();
    onTestFinished(() => server.stop());
    await before(server);
    const log = { warn: vi.fn() };
    // Short retry windows so the test sees the return soon; waits are event-driven, never timed.
    const cache = await createTieredCache<string>({ env: { USE_REDIS: 'true', REDIS_URL: server.url }, logger: log, connectTimeoutMs: 300, reconnectMaxDelayMs: 100, l2RetryMs: 50, l2TimeoutMs: 5000 });
    onTestFinished(() => cache.close());
    expect(log.warn, 'the first connect failed: one warning').toHaveBeenCalledTimes(1);
    await after(server);
    await l2InUse(cache);
    await cache.set('after', 'v');
    const raw = await rawClient(server.url);
    onTestFinished(() => void raw.destroy());
    await reconnected(raw);
    expect(await raw.get('workbook::after'), 'once Redis answers, writes reach it: the client kept connecting in the background').not.toBeNull();
    expect(log.warn, 'the return needs no second warning').toHaveBeenCalledTimes(1);
  });

  it('the cross-process lock comes back with it: a compute holds <namespace>:lock:<key>', async () => {
    const server = await startRedis();
    onTestFinished(() => server.stop());
    await server.kill();
    const cache = await createTieredCache<string>({ env: { USE_REDIS: 'true', REDIS_URL: server.url }, logger: { warn: () => {} }, connectTimeoutMs: 300, reconnectMaxDelayMs: 100, l2RetryMs: 50, l2TimeoutMs: 5000 });
    onTestFinished(() => cache.close());
    await server.restart();
    await l2InUse(cache);
    const raw = await rawClient(server.url);
    onTestFinished(() => void raw.destroy());
    let locked = 0;
    await cache.getOrCompute('late-lock', async () => {
      locked = await raw.exists('workbook:lock:late-lock');
      return 'v';
    });
    expect(locked, 'after Redis came back, computes take the Redis lock again').toBe(1);
  });
});
