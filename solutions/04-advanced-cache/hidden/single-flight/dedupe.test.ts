import { describe, expect, it, vi } from 'vitest';
import { LRUCache, SingleFlightCache } from '@impl';
import { deferred, handled, settle } from '../helpers/deferred.js';

describe('getOrCompute: one compute per missing key', () => {
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

  it('stores the result: the next call is answered without computing', async () => {
    const cache = new SingleFlightCache<string>();
    await cache.getOrCompute('k', async () => 'v');
    const again = vi.fn(async () => 'other');
    expect(await cache.getOrCompute('k', again)).toBe('v');
    expect(again).not.toHaveBeenCalled();
    expect(await cache.get('k')).toBe('v');
  });

  it('a key already in the cache is returned without computing', async () => {
    const cache = new SingleFlightCache<string>();
    await cache.set('k', 'stored');
    const compute = vi.fn(async () => 'computed');
    expect(await cache.getOrCompute('k', compute)).toBe('stored');
    expect(compute).not.toHaveBeenCalled();
  });

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

  it('inFlight counts the keys being computed', async () => {
    const cache = new SingleFlightCache<string>();
    const gate = deferred<string>();
    const pending = [cache.getOrCompute('a', () => gate.promise), cache.getOrCompute('a', () => gate.promise), cache.getOrCompute('b', () => gate.promise)].map(handled);
    await settle();
    expect(cache.inFlight).toBe(2);
    gate.resolve('v');
    await Promise.all(pending);
    expect(cache.inFlight).toBe(0);
  });

  it('accepts a compute that returns a plain value', async () => {
    const cache = new SingleFlightCache<number>();
    expect(await cache.getOrCompute('k', () => 7)).toBe(7);
  });

  it('returns an undefined result but does not store it', async () => {
    const cache = new SingleFlightCache<string | undefined>();
    expect(await cache.getOrCompute('k', async () => undefined)).toBeUndefined();
    expect(await cache.has('k')).toBe(false);
  });

  it('stores with the ttlMs given to the call', async () => {
    let t = 0;
    const cache = new SingleFlightCache<string>({ cache: new LRUCache<string>({ maxEntries: 10, now: () => t }) });
    await cache.getOrCompute('k', async () => 'v', { ttlMs: 100 });
    t = 99;
    expect(await cache.get('k')).toBe('v');
    t = 100;
    expect(await cache.get('k'), 'computed with ttlMs=100 at t=0, gone at t=100').toBeUndefined();
  });

  it('works over an async cache (any workbook Cache)', async () => {
    const map = new Map<string, string>();
    const asyncCache = {
      get: async (k: string) => map.get(k),
      set: async (k: string, v: string) => void map.set(k, v),
      has: async (k: string) => map.has(k),
      delete: async (k: string) => map.delete(k),
      clear: async () => map.clear(),
    };
    const cache = new SingleFlightCache<string>({ cache: asyncCache });
    const compute = vi.fn(async () => 'v');
    await Promise.all([cache.getOrCompute('k', compute), cache.getOrCompute('k', compute), cache.getOrCompute('k', compute)]);
    expect(compute).toHaveBeenCalledTimes(1);
    expect(map.get('k')).toBe('v');
  });

  it('rejects a key that is not a string and a compute that is not a function with TypeErrors', async () => {
    const cache = new SingleFlightCache<string>();
    await expect(cache.getOrCompute(1 as unknown as string, async () => 'v')).rejects.toThrow(TypeError);
    await expect(cache.getOrCompute('k', 'v' as never)).rejects.toThrow('`compute`');
  });
});
