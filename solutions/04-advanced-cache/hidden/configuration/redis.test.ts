import { afterEach, expect, it, onTestFinished, vi } from 'vitest';
import { createTieredCache, type TieredCache } from '@impl';
import { describeRedis, startRedis, waitFor } from '@workbook/testkit';
import { patient } from '../helpers/patience.js';
import { privateRedis, rawClient, reconnected, type PrivateRedis } from '../helpers/redis.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A cache from the student's factory on `redis`, closed before the server stops. */
async function connect(redis: PrivateRedis, options: Parameters<typeof createTieredCache<string>>[0] = {}): Promise<TieredCache<string>> {
  const cache = await createTieredCache<string>({ env: { USE_REDIS: 'true', REDIS_URL: redis.server.url }, logger: { warn: () => {} }, ...patient, ...options });
  redis.onClose(() => cache.close());
  return cache;
}

describeRedis('a reachable Redis becomes L2 [ex4.configuration.reachable]', () => {
  const redis = privateRedis();

  it('USE_REDIS=true with a reachable REDIS_URL: L2 is Redis, and no warning', async () => {
    const log = { warn: vi.fn() };
    const cache = await connect(redis, { logger: log });
    expect(cache.l2Status).toBe('up');
    expect(log.warn, 'Redis is there: nothing to warn about').not.toHaveBeenCalled();
  });

  it('values live under <namespace>::<key>, "workbook" by default, with their ttl', async () => {
    const cache = await connect(redis);
    await cache.set('hello', 'world', 10_000);
    expect(await redis.raw.exists('workbook::hello'), 'values live under <namespace>::<key>, namespace "workbook" by default').toBe(1);
    const pttl = await redis.raw.pTTL('workbook::hello');
    expect(pttl, 'Redis keeps the ttl (PTTL > 0)').toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(10_000);
  });

  it('the namespace option prefixes every key', async () => {
    const cache = await connect(redis, { namespace: 'app1' });
    await cache.set('k', 'v');
    expect(await redis.raw.exists('app1::k')).toBe(1);
  });

  it('two caches from the factory share what they compute', async () => {
    const a = await connect(redis);
    const b = await connect(redis);
    const upstream = vi.fn(async () => 'once');
    await a.getOrCompute('shared', upstream);
    expect(await b.getOrCompute('shared', upstream)).toBe('once');
    expect(upstream, 'b found a\'s value in Redis').toHaveBeenCalledTimes(1);
  });
});

describeRedis('computes take a Redis lock under <namespace>:lock:<key> [ex4.configuration.lock]', () => {
  const redis = privateRedis();

  it('with crossProcessLock (the default), a compute holds <namespace>:lock:<key>', async () => {
    const cache = await connect(redis, { namespace: 'app2' });
    let locked = 0;
    await cache.getOrCompute('k', async () => {
      locked = await redis.raw.exists('app2:lock:k');
      return 'v';
    });
    expect(locked, 'during the compute, the lock key app2:lock:k exists').toBe(1);
  });

  it('with crossProcessLock: false, no lock is taken', async () => {
    const cache = await connect(redis, { namespace: 'app3', crossProcessLock: false });
    let keys: string[] = ['not read'];
    await cache.getOrCompute('k', async () => {
      keys = await redis.raw.keys('app3:lock:*');
      return 'v';
    });
    expect(keys, 'crossProcessLock: false means no Redis lock').toEqual([]);
  });
});

describeRedis('Redis killed mid-workload: no failed call, one error event, back after a restart [ex4.configuration.outage]', () => {
  const redis = privateRedis();

  it('a Redis killed in the middle of a workload: zero failed calls, one error event', async () => {
    const cache = await connect(redis, { l2RetryMs: 50 });
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
    await redis.server.kill();
    for (let i = 50; i < 200; i += 2) await Promise.all([call(i), call(i + 1)]);
    expect(failures, 'no call may fail because Redis died').toEqual([]);
    expect(answers).toHaveLength(200);
    expect(answers.every((answer) => answer.startsWith('value of load-'))).toBe(true);
    expect(errors, 'one outage: one error event').toHaveLength(1);
    expect(cache.l2Status).toBe('down');

    await redis.server.restart();
    await waitFor(async () => {
      await cache.get('probe');
      return cache.l2Status === 'up';
    }, 'the cache to use Redis again after the restart');
    await cache.set('after-restart', 'v');
    // The cache's client is back; the test's own one reconnects on its own schedule.
    await reconnected(redis.raw);
    expect(await redis.raw.get('workbook::after-restart'), 'after the restart, writes reach Redis again').not.toBeNull();
  });
});

describeRedis('while Redis is down, calls fail over at once [ex4.configuration.fail-fast]', () => {
  const redis = privateRedis();

  it('while Redis is down, calls fail over at once: the client does not queue commands until a timeout', async () => {
    const cache = await connect(redis, { l2TimeoutMs: 3000, l2RetryMs: 1 });
    await cache.set('warm', 'v');
    await redis.server.kill();
    // From here timers stand still, so no l2TimeoutMs ever elapses: a call whose command the client queued until
    // Redis came back would never return, and this test would time out. Each call must come back because the
    // client failed its command at once.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    for (let i = 0; i < 20; i++) expect(await cache.getOrCompute(`down-${i}`, async () => 'computed')).toBe('computed');
    expect(cache.l2Status).toBe('down');
  });
});

describeRedis('a hung Redis costs one l2TimeoutMs [ex4.configuration.hung]', () => {
  const redis = privateRedis();

  it('a hung Redis (paused process): a call answers after l2TimeoutMs, without L2', async () => {
    const cache = await connect(redis, { l2TimeoutMs: 100 });
    // Fake timers: l2TimeoutMs elapses when the test says so, never because the machine is busy.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    redis.server.pause();
    onTestFinished(() => redis.server.resume());
    // get() asks L2 once; it must answer "absent" once l2TimeoutMs has passed, not wait for Redis.
    let answered = false;
    let answer: string | undefined = 'no answer yet';
    cache.get('while-hung').then((value) => ((answered = true), (answer = value)), () => {});
    await vi.advanceTimersByTimeAsync(99);
    expect(answered, 'before l2TimeoutMs (100 ms), the call still waits for Redis').toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(answered, 'at l2TimeoutMs (100 ms), the call gives up on Redis and answers').toBe(true);
    expect(answer, 'a key nobody could read is absent').toBeUndefined();
    expect(cache.l2Status).toBe('down');
  });
});

describeRedis('close() disconnects from Redis [ex4.configuration.close]', () => {
  it('close() disconnects from Redis', async () => {
    const own = await startRedis();
    onTestFinished(() => own.stop());
    const ownRaw = await rawClient(own.url);
    onTestFinished(() => ownRaw.destroy());
    const connections = async (): Promise<number> => (await ownRaw.sendCommand(['CLIENT', 'LIST'])).toString().trim().split('\n').length;
    const cache = await createTieredCache<string>({ env: { USE_REDIS: 'true', REDIS_URL: own.url }, logger: { warn: () => {} }, ...patient });
    const before = await connections();
    await cache.close();
    await waitFor(async () => (await connections()) < before, 'the connection to close');
  });
});
