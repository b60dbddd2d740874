import { describe, expect, it } from 'vitest';
import { CacheStats, estimateBytes, InstrumentedCache } from '@impl';
import { MapCache } from '../helpers/caches.js';
import { manualClock } from '../helpers/clock.js';

describe('estimateBytes(value)', () => {
  it.each([
    ['a Latin-1 string: 16 + 1 per character', 'abcé', 20],
    ['a string with a character beyond U+00FF: 16 + 2 per character', 'a€', 20],
    ['the empty string', '', 16],
    ['a number', 42.5, 8],
    ['true', true, 0],
    ['null', null, 0],
    ['undefined', undefined, 0],
    ['an array: 16 + 8 per element + the elements', [1, 2], 16 + 16 + 16],
    ['an object: 16 + per key 8 + key + value', { a: 'xy' }, 16 + 8 + 17 + 18],
    ['a nested object', { a: { b: 1 } }, 16 + 8 + 17 + (16 + 8 + 17 + 8)],
  ])('estimates %s', (_what, value, bytes) => {
    expect(estimateBytes(value)).toBe(bytes);
  });

  it('counts an object referenced twice only once', () => {
    const shared = { a: 'xy' };
    expect(estimateBytes([shared, shared])).toBe(16 + 16 + (16 + 8 + 17 + 18));
  });

  it('terminates on a cycle', () => {
    const node: Record<string, unknown> = {};
    node['self'] = node;
    expect(estimateBytes(node)).toBe(16 + 8 + 20);
  });

  it('grows with the text of a response', () => {
    const response = (content: string) => ({ id: 'gen-1', choices: [{ index: 0, message: { role: 'assistant', content } }] });
    expect(estimateBytes(response('x'.repeat(1000))) - estimateBytes(response(''))).toBe(1000);
  });
});

describe('InstrumentedCache({ trackMemory: true })', () => {
  function tracked() {
    let cache: InstrumentedCache<string> | undefined;
    const inner = new MapCache<string>({ maxEntries: 2, onRemove: (key, reason) => cache!.reportRemoval(key, reason) });
    cache = new InstrumentedCache(inner, { stats: new CacheStats({ now: manualClock().now }), trackMemory: true });
    return cache;
  }

  it('reports entries and the estimated bytes of their keys and values', () => {
    const cache = tracked();
    cache.set('k1', 'abc');
    cache.set('k2', 'de');
    expect(cache.memory).toEqual({ entries: 2, bytes: 18 + 19 + 18 + 18 });
  });

  it('replaces the size of an overwritten entry instead of adding to it', () => {
    const cache = tracked();
    cache.set('k1', 'abc');
    cache.set('k1', 'a');
    expect(cache.memory).toEqual({ entries: 1, bytes: 18 + 17 });
  });

  it('forgets deleted, evicted and cleared entries', () => {
    const cache = tracked();
    cache.set('k1', 'a');
    cache.set('k2', 'b');
    cache.delete('k1');
    expect(cache.memory?.entries).toBe(1);
    cache.set('k3', 'c');
    cache.set('k4', 'd'); // evicts k2, reported through reportRemoval
    expect(cache.memory).toEqual({ entries: 2, bytes: 2 * (18 + 17) });
    cache.clear();
    expect(cache.memory).toEqual({ entries: 0, bytes: 0 });
  });

  it('forgets an entry a get() no longer finds', () => {
    const inner = new MapCache<string>();
    const cache = new InstrumentedCache(inner, { trackMemory: true });
    cache.set('k1', 'a');
    inner.map.delete('k1'); // gone without a report
    cache.get('k1');
    expect(cache.memory?.entries).toBe(0);
  });

  it('shows the figures in the stats snapshot, and none without trackMemory', () => {
    const cache = tracked();
    cache.set('k1', 'abc');
    expect(cache.stats.snapshot().memory).toEqual({ entries: 1, bytes: 18 + 19 });
    const plain = new InstrumentedCache(new MapCache<string>());
    plain.set('k1', 'abc');
    expect(plain.memory).toBeUndefined();
    expect(plain.stats.snapshot().memory).toBeNull();
  });
});
