import { describe, expect, it } from 'vitest';
import type { Cache } from '@workbook/cache';
import { CacheStats, InstrumentedCache } from '@impl';
import { asyncCache, MapCache, rejectingCache, spyCache, throwingCache } from '../helpers/caches.js';
import { manualClock } from '../helpers/clock.js';

const wrap = <V>(inner: Cache<V>, sampleEvery = 1) => new InstrumentedCache<V>(inner, { stats: new CacheStats({ now: manualClock().now }), sampleEvery });

/** The same script of operations, for comparing a bare cache with an instrumented one. */
async function script(cache: Cache<{ n: number }>): Promise<unknown[]> {
  const value = { n: 1 };
  const out: unknown[] = [];
  out.push(await cache.get('a'));
  await cache.set('a', value);
  out.push(await cache.get('a'), await cache.has('a'), await cache.has('b'));
  out.push(await cache.delete('a'), await cache.delete('a'), await cache.get('a'));
  await cache.set('b', value, 5_000);
  await cache.clear();
  out.push(await cache.has('b'));
  return out;
}

describe('instrumentation never changes what the cache does [ex3.counters.transparent]', () => {
  it.each([1, 3, 64])('gives the same results as the bare cache (sampleEvery %i)', async (sampleEvery) => {
    const bare = await script(new MapCache());
    const measured = await script(wrap(new MapCache<{ n: number }>(), sampleEvery));
    expect(measured).toEqual(bare);
  });

  it('returns the very object the inner cache holds, not a copy', () => {
    const inner = new MapCache<{ n: number }>();
    const value = { n: 1 };
    inner.set('a', value);
    expect(wrap(inner).get('a')).toBe(value);
  });

  it('answers synchronously when the inner cache does', () => {
    const cache = wrap(new MapCache<string>());
    const results = [cache.set('a', 'x'), cache.get('a'), cache.get('b'), cache.has('a'), cache.delete('a'), cache.clear()];
    for (const result of results) expect(result, 'a synchronous cache wrapped must not start returning promises').not.toBeInstanceOf(Promise);
    expect(results[1]).toBe('x');
  });

  it('returns a promise when the inner cache does', async () => {
    const cache = wrap(asyncCache<string>());
    const pending = [cache.set('a', 'x'), cache.get('a'), cache.has('a'), cache.delete('a'), cache.clear()];
    for (const result of pending) expect(result).toBeInstanceOf(Promise);
    const [, value] = await Promise.all(pending);
    expect(value).toBe('x');
  });

  it('passes every argument through: key, value and ttlMs', () => {
    const spy = spyCache<string>();
    const cache = wrap(spy.cache);
    cache.set('k', 'v', 1234);
    cache.get('k');
    cache.has('k');
    cache.delete('k');
    cache.clear();
    expect(spy.calls).toEqual([['set', 'k', 'v', 1234], ['get', 'k'], ['has', 'k'], ['delete', 'k'], ['clear']]);
  });

  it('calls the inner cache exactly once per operation, sampled or not', () => {
    const spy = spyCache<string>();
    const cache = wrap(spy.cache, 2);
    for (let i = 0; i < 10; i++) cache.get('k');
    expect(spy.calls.length).toBe(10);
  });

  it('rethrows the very error a synchronous cache threw, synchronously', () => {
    const failure = new Error('sync failure');
    const cache = wrap(throwingCache<string>(failure));
    let caught: unknown;
    try {
      cache.get('k');
    } catch (error) {
      caught = error;
    }
    expect(caught, 'the caller must see the same error object').toBe(failure);
  });

  it('rejects with the very error an async cache rejected with', async () => {
    const failure = new Error('async failure');
    const cache = wrap(rejectingCache<string>(failure));
    await expect(cache.get('k')).rejects.toBe(failure);
    await expect(cache.set('k', 'v')).rejects.toBe(failure);
  });
});

describe('InstrumentedCache validates its arguments [ex3.counters.cache-options]', () => {
  it.each<[string, unknown]>([
    ['a cache with only get()', { get: () => undefined }],
    ['a cache without clear()', { get: () => undefined, set: () => undefined, has: () => false, delete: () => false }],
    ['null', null],
  ])('rejects %s with a TypeError naming `cache`', (_what, cache) => {
    expect(() => new InstrumentedCache(cache as never)).toThrow(TypeError);
    expect(() => new InstrumentedCache(cache as never)).toThrow(/`cache`/);
  });

  it.each([0, -1, 1.5, NaN])('rejects sampleEvery %s with a RangeError naming `sampleEvery`', (sampleEvery) => {
    expect(() => new InstrumentedCache(new MapCache(), { sampleEvery })).toThrow(RangeError);
    expect(() => new InstrumentedCache(new MapCache(), { sampleEvery })).toThrow(/`sampleEvery`/);
  });

  it('rejects stats that is not a CacheStats with a TypeError naming `stats`', () => {
    expect(() => new InstrumentedCache(new MapCache(), { stats: {} as never })).toThrow(TypeError);
    expect(() => new InstrumentedCache(new MapCache(), { stats: {} as never })).toThrow(/`stats`/);
  });

  it('rejects a trackMemory that is not a boolean with a TypeError naming `trackMemory`', () => {
    expect(() => new InstrumentedCache(new MapCache(), { trackMemory: 'yes' as never })).toThrow(TypeError);
    expect(() => new InstrumentedCache(new MapCache(), { trackMemory: 'yes' as never })).toThrow(/`trackMemory`/);
  });
});
