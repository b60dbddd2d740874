import { describe, expect, it } from 'vitest';
import type { Cache } from '@workbook/cache';
import { CacheStats, InstrumentedCache, hitRate } from '@impl';
import { asyncCache, MapCache, rejectingCache, throwingCache } from '../helpers/caches.js';
import { manualClock } from '../helpers/clock.js';

function instrumented<V>(inner: Cache<V> = new MapCache<V>()) {
  const stats = new CacheStats({ now: manualClock().now });
  return { cache: new InstrumentedCache<V>(inner, { stats }), stats, inner };
}

describe('hitRate(hits, misses)', () => {
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

describe('InstrumentedCache counts what the cache does', () => {
  it('starts at zero with a hit rate of 0, not NaN', () => {
    const { stats } = instrumented();
    expect(stats.cache).toEqual({ hits: 0, misses: 0, hitRate: 0, sets: 0, has: 0, deletes: 0, clears: 0, expirations: 0, evictions: 0, errors: 0 });
  });

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
    expect(stats.cache.hits).toBe(4);
    expect(stats.cache.misses).toBe(0);
  });

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

  it('counts lookups of an async cache when their promise settles', async () => {
    const { cache, stats } = instrumented<string>(asyncCache<string>());
    await cache.set('a', 'x');
    const pending = cache.get('a');
    await pending;
    await cache.get('b');
    expect(stats.cache).toMatchObject({ hits: 1, misses: 1, sets: 1 });
  });

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

  it.each(['get', 'set', 'has', 'delete', 'clear'] as const)('counts a %s() that throws as an error, not as a hit or miss', (operation) => {
    const { cache, stats } = instrumented<string>(throwingCache<string>(new Error('boom')));
    expect(() => (cache[operation] as (...args: unknown[]) => unknown)('k', 'v')).toThrow('boom');
    expect(stats.cache).toMatchObject({ errors: 1, hits: 0, misses: 0, sets: 0, has: 0, deletes: 0, clears: 0 });
  });

  it('counts a rejected operation of an async cache as an error', async () => {
    const { cache, stats } = instrumented<string>(rejectingCache<string>(new Error('down')));
    await expect(cache.get('k')).rejects.toThrow('down');
    await expect(cache.set('k', 'v')).rejects.toThrow('down');
    expect(stats.cache).toMatchObject({ errors: 2, misses: 0, sets: 0 });
  });
});
