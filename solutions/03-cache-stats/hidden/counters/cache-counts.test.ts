import { describe, expect, it } from 'vitest';
import type { Cache } from '@workbook/cache';
import { CacheStats, InstrumentedCache, hitRate } from '@impl';
import { asyncCache, MapCache, rejectingCache, throwingCache } from '../helpers/caches.js';
import { manualClock } from '../helpers/clock.js';

function instrumented<V>(inner: Cache<V> = new MapCache<V>()) {
  const stats = new CacheStats({ now: manualClock().now });
  return { cache: new InstrumentedCache<V>(inner, { stats }), stats, inner };
}

describe('hitRate is hits / (hits + misses), and 0 before the first lookup [ex3.counters.hit-rate]', () => {
  it.each([
    [3, 1, 0.75],
    [0, 5, 0],
    [5, 0, 1],
  ])('hitRate(%i, %i) is %d', (hits, misses, rate) => {
    expect(hitRate(hits, misses)).toBe(rate);
  });

  it('is 0, not NaN, before the first lookup', () => {
    expect(hitRate(0, 0), 'hits / (hits + misses) with nothing counted must read 0, never NaN').toBe(0);
  });
});

describe('a get() that finds a value is a hit, one that finds undefined a miss [ex3.counters.lookups]', () => {
  it('counts a get() that finds a value as a hit and one that finds nothing as a miss', () => {
    const { cache, stats } = instrumented<string>();
    cache.get('a');
    cache.set('a', 'x');
    cache.get('a');
    cache.get('a');
    cache.get('b');
    expect(stats.cache.hits, 'two gets found "a"').toBe(2);
    expect(stats.cache.misses, 'a get before the set and a get of "b" found nothing').toBe(2);
    expect(stats.cache.hitRate).toBe(0.5);
  });

  it('counts a stored falsy value (0, "", false, null) as a hit: only undefined is a miss', () => {
    const { cache, stats } = instrumented<unknown>();
    for (const [i, value] of [0, '', false, null].entries()) {
      cache.set(`k${i}`, value);
      cache.get(`k${i}`);
    }
    expect(stats.cache.hits, 'a stored 0, "", false and null were each found: 4 hits').toBe(4);
    expect(stats.cache.misses, 'only undefined is a miss').toBe(0);
  });
});

describe('set, has, delete and clear are counted, and has() is a probe [ex3.counters.operations]', () => {
  it('counts sets, has, deletes and clears, and has() moves neither hits nor misses', () => {
    const { cache, stats } = instrumented<string>();
    cache.set('a', 'x');
    cache.set('b', 'y');
    cache.has('a');
    cache.has('zzz');
    cache.delete('a');
    cache.clear();
    expect(stats.cache).toMatchObject({ sets: 2, has: 2, deletes: 1, clears: 1, hits: 0, misses: 0 });
  });
});

describe('a call is counted when it completes [ex3.counters.on-completion]', () => {
  it('counts lookups of an async cache when their promise settles', async () => {
    const { cache, stats } = instrumented<string>(asyncCache<string>());
    await cache.set('a', 'x');
    await cache.get('a');
    await cache.get('b');
    expect(stats.cache).toMatchObject({ hits: 1, misses: 1, sets: 1 });
  });

  it('counts nothing while an async call is still pending', async () => {
    const { cache, stats } = instrumented<string>(asyncCache<string>());
    const pending = [cache.set('a', 'x'), cache.has('a'), cache.delete('b'), cache.clear()];
    expect(stats.cache, 'no promise has settled yet, so nothing has completed').toMatchObject({ sets: 0, has: 0, deletes: 0, clears: 0 });
    await Promise.all(pending);
    expect(stats.cache, 'each call counts once its promise settles').toMatchObject({ sets: 1, has: 1, deletes: 1, clears: 1 });
  });
});

describe('a call that throws or rejects counts as an error, nothing else [ex3.counters.errors]', () => {
  // Twice each: the first operation is the one timed, the second is not, and both must count as errors.
  it.each(['get', 'set', 'has', 'delete', 'clear'] as const)('counts a %s() that throws as an error, not as a hit or miss', (operation) => {
    const { cache, stats } = instrumented<string>(throwingCache<string>(new Error('boom')));
    expect(() => (cache[operation] as (...args: unknown[]) => unknown)('k', 'v')).toThrow('boom');
    expect(() => (cache[operation] as (...args: unknown[]) => unknown)('k', 'v')).toThrow('boom');
    expect(stats.cache).toMatchObject({ errors: 2, hits: 0, misses: 0, sets: 0, has: 0, deletes: 0, clears: 0 });
  });

  it.each(['get', 'set', 'has', 'delete', 'clear'] as const)('counts a rejected %s() of an async cache as an error, not as a hit or miss', async (operation) => {
    const { cache, stats } = instrumented<string>(rejectingCache<string>(new Error('down')));
    await expect((cache[operation] as (...args: unknown[]) => Promise<unknown>)('k', 'v')).rejects.toThrow('down');
    await expect((cache[operation] as (...args: unknown[]) => Promise<unknown>)('k', 'v')).rejects.toThrow('down');
    expect(stats.cache).toMatchObject({ errors: 2, hits: 0, misses: 0, sets: 0, has: 0, deletes: 0, clears: 0 });
  });
});

describe('the inner cache reports expirations and evictions through reportRemoval [ex3.counters.removals]', () => {
  it('counts expirations and evictions the inner cache reports through reportRemoval', () => {
    const clock = manualClock();
    const stats = new CacheStats({ now: clock.now });
    let cache: InstrumentedCache<string> | undefined;
    const inner = new MapCache<string>({ maxEntries: 2, ttlMs: 1000, now: clock.now, onRemove: (key, reason) => cache!.reportRemoval(key, reason) });
    cache = new InstrumentedCache(inner, { stats });
    cache.set('a', '1');
    cache.set('b', '2');
    cache.set('c', '3'); // evicts a
    clock.advance(1000);
    cache.get('b'); // expired
    expect(stats.cache.evictions, 'the third set into a cache of two evicts one entry').toBe(1);
    expect(stats.cache.expirations, 'b was read after its ttl').toBe(1);
    expect(stats.cache.misses).toBe(1);
  });

  it('rejects an unknown removal reason with a RangeError', () => {
    const { cache } = instrumented();
    expect(() => cache.reportRemoval('k', 'stolen' as never)).toThrow(RangeError);
  });
});
