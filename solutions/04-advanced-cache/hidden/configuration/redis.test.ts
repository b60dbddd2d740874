import { afterAll, afterEach, beforeAll, expect, it, onTestFinished, vi } from 'vitest';
import { createTieredCache, type TieredCache } from '@impl';
import { describeRedis, startRedis, waitFor, type RedisServer } from '@workbook/testkit';
import type { RedisClientType } from '@keyv/redis';
import { expectAnswerAtL2Timeout } from '../helpers/fake-time.js';
import { patient } from '../helpers/patience.js';
import { rawClient, reconnected } from '../helpers/redis.js';

describeRedis('createTieredCache with a real Redis', () => {
  let server: RedisServer;
  let raw: RedisClientType;
  const caches: TieredCache<string>[] = [];

  async function connect(options: Parameters<typeof createTieredCache<string>>[0] = {}): Promise<TieredCache<string>> {
    const cache = await createTieredCache<string>({ env: { USE_REDIS: 'true', REDIS_URL: server.url }, logger: { warn: () => {} }, ...patient, ...options });
    caches.push(cache);
    return cache;
  }

  beforeAll(async () => {
    server = await startRedis();
    raw = await rawClient(server.url);
  });
  afterEach(async () => {
    vi.useRealTimers();
    // Each test starts with a running server, whatever the previous one did to it.
    server.resume();
    if (server.pid === undefined) await server.restart();
    await reconnected(raw);
  });
  afterAll(async () => {
    for (const cache of caches) await cache.close();
    raw?.destroy();
    await server?.stop();
  });

  it('USE_REDIS=true with a reachable REDIS_URL: L2 is Redis', async () => {
    const log = { warn: vi.fn() };
    const cache = await connect({ logger: log });
    expect(cache.l2Status).toBe('up');
    expect(log.warn).not.toHaveBeenCalled();
    await cache.set('hello', 'world', 10_000);
    expect(await raw.exists('workbook::hello'), 'values live under <namespace>::<key>, namespace "workbook" by default').toBe(1);
    const pttl = await raw.pTTL('workbook::hello');
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(10_000);
  });

  it('two caches from the factory share what they compute', async () => {
    const a = await connect();
    const b = await connect();
    const upstream = vi.fn(async () => 'once');
    await a.getOrCompute('shared', upstream);
    expect(await b.getOrCompute('shared', upstream)).toBe('once');
    expect(upstream).toHaveBeenCalledTimes(1);
  });

  it('the namespace option prefixes every key', async () => {
    const cache = await connect({ namespace: 'app1' });
    await cache.set('k', 'v');
    expect(await raw.exists('app1::k')).toBe(1);
  });

  it('a Redis killed in the middle of a workload: zero failed calls, one error event', async () => {
    const cache = await connect({ l2RetryMs: 50 });
    const errors: Error[] = [];
    cache.on('error', (error) => void errors.push(error));
    const failures: unknown[] = [];
    const answers: string[] = [];
    const call = async (i: number): Promise<void> => {
      const key = `load-${i % 100}`;
      try {
        answers.push(await cache.getOrCompute(key, async () => `value of ${key}`));
      } catch (error) {
        failures.push(error);
      }
    };
    for (let i = 0; i < 50; i++) await call(i);
    await server.kill();
    for (let i = 50; i < 200; i += 2) await Promise.all([call(i), call(i + 1)]);
    expect(failures, 'no call may fail because Redis died').toEqual([]);
    expect(answers).toHaveLength(200);
    expect(answers.every((answer) => answer.startsWith('value of load-'))).toBe(true);
    expect(errors, 'one outage: one error event').toHaveLength(1);
    expect(cache.l2Status).toBe('down');

    await server.restart();
    await waitFor(async () => {
      await cache.get('probe');
      return cache.l2Status === 'up';
    }, 'the cache to use Redis again after the restart');
    await cache.set('after-restart', 'v');
    // The cache's client is back; the test's own one reconnects on its own schedule.
    await reconnected(raw);
    expect(await raw.get('workbook::after-restart'), 'after the restart, writes reach Redis again').not.toBeNull();
  });

  it('while Redis is down, calls fail over at once: the client does not queue commands until a timeout', async () => {
    const cache = await connect({ l2TimeoutMs: 3000, l2RetryMs: 1 });
    await cache.set('warm', 'v');
    await server.kill();
    // From here timers stand still, so no l2TimeoutMs ever elapses: a call whose command the client queued until
    // Redis came back would never return, and this test would time out. Each call must come back because the
    // client failed its command at once.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    for (let i = 0; i < 20; i++) expect(await cache.getOrCompute(`down-${i}`, async () => 'computed')).toBe('computed');
    expect(cache.l2Status).toBe('down');
  });

  it('a hung Redis (paused process): calls answer within l2TimeoutMs and fall back to compute', async () => {
    const cache = await connect({ l2TimeoutMs: 100 });
    // Fake timers: l2TimeoutMs elapses when the test says so, never because the machine is busy.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    server.pause();
    await expectAnswerAtL2Timeout(cache.getOrCompute('while-hung', async () => 'computed'), 100, 'computed');
    expect(cache.l2Status).toBe('down');
    server.resume();
  });

  it('close() disconnects from Redis', async () => {
    // A server of its own: on the shared one, the caches of earlier tests reconnect after its restarts whenever their
    // backoff says, and one that comes back while we count hides the connection that close() ended.
    const own = await startRedis();
    onTestFinished(() => own.stop());
    const ownRaw = await rawClient(own.url);
    onTestFinished(() => ownRaw.destroy());
    const connections = async (): Promise<number> => (await ownRaw.sendCommand(['CLIENT', 'LIST'])).toString().trim().split('\n').length;
    const cache = await connect({ env: { USE_REDIS: 'true', REDIS_URL: own.url } });
    const before = await connections();
    await cache.close();
    await waitFor(async () => (await connections()) < before, 'the connection to close');
  });
});
