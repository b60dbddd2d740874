import { describe, expect, it } from 'vitest';
import type { Cache } from '@workbook/cache';
import { CacheStats, InstrumentedCache, InstrumentedClient, LatencyHistogram } from '@impl';
import { asyncCache, MapCache } from '../helpers/caches.js';
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

describe('InstrumentedClient times each request on the stats clock [ex3.latency.client-timing]', () => {
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
    expect(stats.latency.hit.count, 'hits go into stats.latency.hit').toBe(2);
    expect(stats.latency.miss.count, 'misses go into stats.latency.miss').toBe(1);
    expect(stats.latency.hit.summary().sumMs, 'two hits of 2 ms on the injected clock').toBe(4);
    expect(stats.latency.miss.summary().maxMs, 'one miss of 400 ms').toBe(400);
  });

  it('gives percentiles of the request latencies within the stated bound', async () => {
    const clock = manualClock();
    const stats = new CacheStats({ now: clock.now });
    let i = 0;
    const { client: inner } = scriptedClient(clock, { latencyMs: () => ++i * 10, answer: (req) => response(req.model, undefined, { hit: false, key: 'k' }) });
    const client = new InstrumentedClient(inner, { stats });
    for (let n = 0; n < 100; n++) await client.chat(request(`q${n}`));
    const miss = stats.latency.miss.summary();
    expect(Math.abs(miss.p95Ms - 950) / 950, `p95 of 10, 20, …, 1000 ms is 950 ms, got ${miss.p95Ms}`).toBeLessThanOrEqual(TOLERANCE + 1e-12);
    expect(miss.maxMs).toBe(1000);
  });

  it('passes the latency and the second clock reading (endMs) to stats.recordRequest', async () => {
    const recorded: [number, number | undefined][] = [];
    class Spy extends CacheStats {
      override recordRequest(...args: Parameters<CacheStats['recordRequest']>): void {
        recorded.push([args[2], args[4]]);
        super.recordRequest(...args);
      }
    }
    const clock = manualClock(1_000);
    const { client: inner } = scriptedClient(clock, { latencyMs: () => 250, answer: (req) => response(req.model, undefined, { hit: false, key: 'k' }) });
    const client = new InstrumentedClient(inner, { stats: new Spy({ now: clock.now }) });
    await client.chat(request('a'));
    expect(recorded, 'started at t=1000, answered at t=1250: latencyMs 250, endMs 1250').toEqual([[250, 1_250]]);
  });

  it('does not time a failed request', async () => {
    const clock = manualClock();
    const stats = new CacheStats({ now: clock.now });
    const client = new InstrumentedClient({ chat: async () => (clock.advance(50), Promise.reject(new Error('down'))) }, { stats });
    await expect(client.chat(request('a'))).rejects.toThrow('down');
    expect(stats.latency.hit.count + stats.latency.miss.count, 'a failed request goes into no latency distribution').toBe(0);
  });
});

describe('InstrumentedCache times one operation in sampleEvery, and reads the clock for no other [ex3.latency.sampling]', () => {
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
    const later = async <T>(ms: number, answer: () => T): Promise<T> => {
      await Promise.resolve();
      clock.advance(ms);
      return answer();
    };
    const slowAsync: Cache<string> = {
      get: (key) => later(7, () => inner.get(key)),
      set: (key, value) => later(5, () => inner.set(key, value)),
      has: (key) => later(5, () => inner.has(key)),
      delete: (key) => later(5, () => inner.delete(key)),
      clear: () => later(5, () => inner.clear()),
    };
    const cache = new InstrumentedCache(slowAsync, { stats, sampleEvery: 1 });
    await cache.get('a');
    expect(stats.latency.operation.summary().maxMs, 'the 7 ms happen after the call returned its promise').toBe(7);
    await cache.set('a', 'x');
    await cache.has('a');
    await cache.delete('a');
    await cache.clear();
    expect(stats.latency.operation.summary().sumMs, 'get 7 ms, then set, has, delete and clear 5 ms each').toBe(27);
  });

  it('times operations 1, 1 + N, 1 + 2N, … with sampleEvery: N', () => {
    const clock = manualClock();
    const stats = new CacheStats({ now: clock.now });
    const cache = new InstrumentedCache(slowCache(clock, 1), { stats, sampleEvery: 4 });
    for (let i = 0; i < 9; i++) cache.get('k');
    expect(stats.latency.operation.count, 'of 9 operations, the 1st, 5th and 9th are timed').toBe(3);
    expect(stats.cache.misses, 'every operation is still counted').toBe(9);
  });

  it('counts all five methods together when it picks the operations to time', () => {
    const clock = manualClock();
    const stats = new CacheStats({ now: clock.now });
    const cache = new InstrumentedCache(new MapCache<string>(), { stats, sampleEvery: 4 });
    const before = clock.reads;
    cache.set('a', 'x');
    cache.get('a');
    cache.has('a');
    cache.delete('a');
    cache.clear();
    cache.get('a');
    cache.set('b', 'y');
    cache.has('b');
    cache.delete('b');
    expect(stats.latency.operation.count, 'of set, get, has, delete, clear, get, set, has, delete, the 1st (set), 5th (clear) and 9th (delete) are timed').toBe(3);
    expect(clock.reads - before, 'three timed operations read the clock twice each; the other six never read it').toBe(6);
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

  it('does not read the clock for an async operation that is not sampled', async () => {
    const clock = manualClock();
    const stats = new CacheStats({ now: clock.now });
    const cache = new InstrumentedCache(asyncCache<string>(), { stats, sampleEvery: 2 });
    await cache.set('k', 'v');
    const before = clock.reads;
    await cache.get('k');
    await cache.has('k');
    expect(clock.reads - before, 'of two more operations with sampleEvery 2, the 2nd is not sampled and the 3rd is timed: 2 readings').toBe(2);
    expect(stats.latency.operation.count).toBe(2);
  });
});
