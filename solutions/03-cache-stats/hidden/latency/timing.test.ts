import { describe, expect, it } from 'vitest';
import type { Cache } from '@workbook/cache';
import { CacheStats, InstrumentedCache, InstrumentedClient, LatencyHistogram } from '@impl';
import { MapCache } from '../helpers/caches.js';
import { request, response, scriptedClient } from '../helpers/clients.js';
import { manualClock, type ManualClock } from '../helpers/clock.js';

const TOLERANCE = LatencyHistogram.RELATIVE_ERROR;

/** A sync cache whose every operation takes `ms` on the manual clock. */
function slowCache(clock: ManualClock, ms: number): Cache<string> {
  const inner = new MapCache<string>();
  const slow =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): R => {
      clock.advance(ms);
      return fn(...args);
    };
  return { get: slow((k) => inner.get(k)), set: slow((k, v: string, t) => inner.set(k, v, t)), has: slow((k) => inner.has(k)), delete: slow((k) => inner.delete(k)), clear: slow(() => inner.clear()) };
}

describe('InstrumentedClient times requests on the injected clock', () => {
  it('puts a hit and a miss in separate distributions', async () => {
    const clock = manualClock();
    const stats = new CacheStats({ now: clock.now });
    const { client: inner } = scriptedClient(clock, {
      latencyMs: (req) => (req.messages[0]!.content === 'hit' ? 2 : 400),
      answer: (req) => response(req.model, undefined, { hit: req.messages[0]!.content === 'hit', key: 'k' }),
    });
    const client = new InstrumentedClient(inner, { stats });
    await client.chat(request('miss'));
    await client.chat(request('hit'));
    await client.chat(request('hit'));
    expect(stats.latency.hit.count).toBe(2);
    expect(stats.latency.miss.count).toBe(1);
    expect(stats.latency.hit.summary().sumMs, 'two hits of 2 ms on the injected clock').toBe(4);
    expect(stats.latency.miss.summary().maxMs, 'one miss of 400 ms').toBe(400);
  });

  it('gives percentiles of the request latencies within the stated bound', async () => {
    const clock = manualClock();
    const stats = new CacheStats({ now: clock.now });
    let i = 0;
    const { client: inner } = scriptedClient(clock, { latencyMs: () => ++i * 10 });
    const client = new InstrumentedClient(inner, { stats });
    for (let n = 0; n < 100; n++) await client.chat(request(`q${n}`));
    const miss = stats.latency.miss.summary();
    expect(Math.abs(miss.p95Ms - 950) / 950, `p95 of 10, 20, …, 1000 ms is 950 ms, got ${miss.p95Ms}`).toBeLessThanOrEqual(TOLERANCE + 1e-12);
    expect(miss.maxMs).toBe(1000);
  });

  it('does not time a failed request', async () => {
    const clock = manualClock();
    const stats = new CacheStats({ now: clock.now });
    const client = new InstrumentedClient({ chat: async () => (clock.advance(50), Promise.reject(new Error('down'))) }, { stats });
    await expect(client.chat(request('a'))).rejects.toThrow('down');
    expect(stats.latency.hit.count + stats.latency.miss.count).toBe(0);
  });
});

describe('InstrumentedCache times cache operations', () => {
  it('times every operation with sampleEvery: 1', () => {
    const clock = manualClock();
    const stats = new CacheStats({ now: clock.now });
    const cache = new InstrumentedCache(slowCache(clock, 3), { stats, sampleEvery: 1 });
    cache.set('a', 'x');
    cache.get('a');
    cache.has('a');
    cache.delete('a');
    cache.clear();
    const operation = stats.latency.operation.summary();
    expect(operation.count, 'five operations, all timed').toBe(5);
    expect(operation.sumMs, 'each took 3 ms on the injected clock').toBe(15);
  });

  it('times an async operation until its promise settles', async () => {
    const clock = manualClock();
    const stats = new CacheStats({ now: clock.now });
    const inner = new MapCache<string>();
    const slowAsync: Cache<string> = {
      get: async (key) => {
        await Promise.resolve();
        clock.advance(7);
        return inner.get(key);
      },
      set: async (key, value) => inner.set(key, value),
      has: async (key) => inner.has(key),
      delete: async (key) => inner.delete(key),
      clear: async () => inner.clear(),
    };
    const cache = new InstrumentedCache(slowAsync, { stats, sampleEvery: 1 });
    await cache.get('a');
    expect(stats.latency.operation.summary().maxMs, 'the 7 ms happen after the call returned its promise').toBe(7);
  });

  it('times operations 1, 1 + N, 1 + 2N, … with sampleEvery: N', () => {
    const clock = manualClock();
    const stats = new CacheStats({ now: clock.now });
    const cache = new InstrumentedCache(slowCache(clock, 1), { stats, sampleEvery: 4 });
    for (let i = 0; i < 9; i++) cache.get('k');
    expect(stats.latency.operation.count, 'of 9 operations, the 1st, 5th and 9th are timed').toBe(3);
    expect(stats.cache.misses, 'every operation is still counted').toBe(9);
  });

  it('reads the clock only for sampled operations: by default one in 64', () => {
    const clock = manualClock();
    const stats = new CacheStats({ now: clock.now });
    const cache = new InstrumentedCache(new MapCache<string>(), { stats });
    cache.set('k', 'v');
    const before = clock.reads;
    for (let i = 0; i < 127; i++) cache.get('k');
    expect(stats.latency.operation.count, '128 operations with the default sampleEvery of 64: the 1st and the 65th are timed').toBe(2);
    expect(clock.reads - before, 'the 65th operation reads the clock twice; the other 126 gets never read it').toBe(2);
  });
});
