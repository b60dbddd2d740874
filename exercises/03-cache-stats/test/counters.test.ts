import { describe, expect, it } from 'vitest';
import type { Cache } from '@workbook/cache';
import { CacheStats, InstrumentedCache, InstrumentedClient, hitRate } from '@impl';

/** A minimal synchronous cache with the workbook's interface. */
function mapCache<V>(): Cache<V> {
  const map = new Map<string, V>();
  return { get: (k) => map.get(k), set: (k, v) => void map.set(k, v), has: (k) => map.has(k), delete: (k) => map.delete(k), clear: () => map.clear() };
}

describe('counters (public)', () => {
  it('hitRate is 0, not NaN, before the first lookup', () => {
    expect(hitRate(0, 0)).toBe(0);
    expect(hitRate(3, 1)).toBe(0.75);
  });

  it('counts hits and misses of get() and stays synchronous around a synchronous cache', () => {
    const stats = new CacheStats({ now: () => 0 });
    const cache = new InstrumentedCache(mapCache<string>(), { stats });
    cache.set('a', 'x');
    const value = cache.get('a');
    cache.get('b');
    expect(value, 'the same value, not a promise').toBe('x');
    expect(stats.cache).toMatchObject({ hits: 1, misses: 1, hitRate: 0.5, sets: 1 });
  });

  it('counts client requests by their cache.hit mark', async () => {
    const marks = [false, true, true];
    const inner = {
      chat: async () => ({ id: 'g', object: 'chat.completion' as const, created: 0, model: 'm', choices: [], cache: { hit: marks.shift()!, key: 'k' } }),
    };
    const client = new InstrumentedClient(inner, { stats: new CacheStats({ now: () => 0 }) });
    for (let i = 0; i < 3; i++) await client.chat({ model: 'm', messages: [{ role: 'user', content: 'q' }] });
    expect(client.stats.requests).toMatchObject({ total: 3, hits: 2, misses: 1 });
  });
});
