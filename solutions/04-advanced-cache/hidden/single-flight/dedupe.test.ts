import { describe, expect, it, vi } from 'vitest';
import { LRUCache, SingleFlightCache } from '@impl';
import type { Cache } from '@workbook/cache';
import { deferred, handled, settle } from '../helpers/deferred.js';

/** An async workbook Cache over a Map that records the ttlMs of every set(). */
function asyncMapCache() {
  const map = new Map<string, string>();
  const ttls: (number | undefined)[] = [];
  const cache: Cache<string> = {
    get: async (k: string) => map.get(k),
    set: async (k: string, v: string, ttlMs?: number) => void (map.set(k, v), ttls.push(ttlMs)),
    has: async (k: string) => map.has(k),
    delete: async (k: string) => map.delete(k),
    clear: async () => map.clear(),
  };
  return { map, ttls, cache };
}

describe('a value in the cache is returned, a computed one is stored [ex4.single-flight.cached]', () => {
  it('stores the result: the next call is answered without computing', async () => {
    const cache = new SingleFlightCache<string>();
    await cache.getOrCompute('k', async () => 'v');
    const again = vi.fn(async () => 'other');
    expect(await cache.getOrCompute('k', again)).toBe('v');
    expect(again, 'the value was stored by the first call: no second compute').not.toHaveBeenCalled();
    expect(await cache.get('k')).toBe('v');
  });

  it('a key already in the cache is returned without computing', async () => {
    const inner = new LRUCache<string>({ maxEntries: 10 });
    inner.set('k', 'stored');
    const cache = new SingleFlightCache<string>({ cache: inner });
    const compute = vi.fn(async () => 'computed');
    expect(await cache.getOrCompute('k', compute)).toBe('stored');
    expect(compute).not.toHaveBeenCalled();
  });

  it('accepts a compute that returns a plain value', async () => {
    const cache = new SingleFlightCache<number>();
    expect(await cache.getOrCompute('k', () => 7)).toBe(7);
  });

  it('stores with the ttlMs given to the call', async () => {
    const { ttls, cache: inner } = asyncMapCache();
    const cache = new SingleFlightCache<string>({ cache: inner, ttlMs: 5000 });
    await cache.getOrCompute('k', async () => 'v', { ttlMs: 100 });
    expect(ttls, 'getOrCompute(…, { ttlMs: 100 }) must store with ttlMs 100').toEqual([100]);
  });

  it('stores with the cache\'s ttlMs when the call gives none', async () => {
    const { ttls, cache: inner } = asyncMapCache();
    const cache = new SingleFlightCache<string>({ cache: inner, ttlMs: 5000 });
    await cache.getOrCompute('k', async () => 'v');
    expect(ttls).toEqual([5000]);
  });

  it('works over an async cache (any workbook Cache)', async () => {
    const { map, cache: inner } = asyncMapCache();
    map.set('held', 'from the cache');
    const cache = new SingleFlightCache<string>({ cache: inner });
    expect(await cache.getOrCompute('held', async () => 'computed')).toBe('from the cache');
    expect(await cache.getOrCompute('k', async () => 'v')).toBe('v');
    expect(map.get('k'), 'the computed value is stored in the wrapped cache').toBe('v');
  });
});

describe('one compute per missing key, however many callers [ex4.single-flight.dedupe]', () => {
  it('10 concurrent callers for the same missing key cause exactly one compute, and all get its result', async () => {
    const cache = new SingleFlightCache<string>();
    const gate = deferred<string>();
    const compute = vi.fn(() => gate.promise);
    const callers = Array.from({ length: 10 }, () => handled(cache.getOrCompute('k', compute)));
    await settle();
    gate.resolve('answer');
    expect(await Promise.all(callers)).toEqual(Array(10).fill('answer'));
    expect(compute, 'ten callers asked at once: the compute must run once').toHaveBeenCalledTimes(1);
  });

  it('concurrent callers share one compute over an async cache too', async () => {
    const { cache: inner } = asyncMapCache();
    const cache = new SingleFlightCache<string>({ cache: inner });
    const compute = vi.fn(async () => 'v');
    await Promise.all([cache.getOrCompute('k', compute), cache.getOrCompute('k', compute), cache.getOrCompute('k', compute)]);
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('inFlight counts the keys being computed', async () => {
    const cache = new SingleFlightCache<string>();
    const gate = deferred<string>();
    const pending = [cache.getOrCompute('a', () => gate.promise), cache.getOrCompute('a', () => gate.promise), cache.getOrCompute('b', () => gate.promise)].map(handled);
    await settle();
    expect(cache.inFlight, 'two keys are being computed (a shared by two callers, and b)').toBe(2);
    gate.resolve('v');
    await Promise.all(pending);
    expect(cache.inFlight, 'every compute has settled').toBe(0);
  });
});

describe('different keys are independent [ex4.single-flight.keys]', () => {
  it('different keys never wait for each other', async () => {
    const cache = new SingleFlightCache<string>();
    const never = new Promise<string>(() => {});
    cache.getOrCompute('slow', () => never).catch(() => {});
    await expect(cache.getOrCompute('fast', async () => 'done')).resolves.toBe('done');
  });

  it('different keys compute separately', async () => {
    const cache = new SingleFlightCache<string>();
    const compute = vi.fn(async () => 'v');
    await Promise.all([cache.getOrCompute('a', compute), cache.getOrCompute('b', compute)]);
    expect(compute).toHaveBeenCalledTimes(2);
  });
});

describe('an undefined result is returned, not stored [ex4.single-flight.undefined]', () => {
  it('returns an undefined result but does not store it', async () => {
    const cache = new SingleFlightCache<string | undefined>();
    expect(await cache.getOrCompute('k', async () => undefined)).toBeUndefined();
    expect(await cache.has('k'), 'undefined means "absent": it must not be stored').toBe(false);
  });

  it('does not hand an undefined result to the wrapped cache at all', async () => {
    const { ttls, cache: inner } = asyncMapCache();
    const cache = new SingleFlightCache<string | undefined>({ cache: inner as Cache<string | undefined> });
    await cache.getOrCompute('k', async () => undefined);
    expect(ttls, 'set() of the wrapped cache must not be called for undefined').toEqual([]);
  });

});

describe('getOrCompute() checks its arguments [ex4.single-flight.arguments]', () => {
  it('rejects a key that is not a string with a TypeError', async () => {
    const cache = new SingleFlightCache<string>();
    await expect(cache.getOrCompute(1 as unknown as string, async () => 'v')).rejects.toThrow(TypeError);
  });

  it('rejects a cache that is not a workbook Cache with a TypeError naming `cache`', () => {
    for (const cache of [{}, { get: () => undefined }, { get: () => undefined, set: () => undefined }]) {
      expect(() => new SingleFlightCache<string>({ cache: cache as never })).toThrow(TypeError);
      expect(() => new SingleFlightCache<string>({ cache: cache as never })).toThrow('`cache`');
    }
  });

  it('rejects a ttlMs of 0, as an option or per call, with a RangeError naming `ttlMs`', async () => {
    expect(() => new SingleFlightCache<string>({ ttlMs: 0 })).toThrow(RangeError);
    expect(() => new SingleFlightCache<string>({ ttlMs: 0 })).toThrow('`ttlMs`');
    await expect(new SingleFlightCache<string>().getOrCompute('k', async () => 'v', { ttlMs: 0 })).rejects.toThrow('`ttlMs`');
  });



  it('rejects a compute that is not a function with a TypeError naming `compute`', async () => {
    const cache = new SingleFlightCache<string>();
    await expect(cache.getOrCompute('k', 'v' as never)).rejects.toThrow(TypeError);
    await expect(cache.getOrCompute('k', 'v' as never)).rejects.toThrow('`compute`');
  });
});
