import { describe, expect, it } from 'vitest';
import { CacheStats, estimateBytes, InstrumentedCache, MemoryTracker } from '@impl';
import { asyncCache, MapCache } from '../helpers/caches.js';
import { manualClock } from '../helpers/clock.js';

describe('estimateBytes follows the documented model [ex3.reports.estimate-bytes]', () => {
  it.each([
    ['a Latin-1 string: 16 + 1 per character', 'abcé', 20],
    ['a string with a character beyond U+00FF: 16 + 2 per character', 'a€', 20],
    ['a string whose last character is beyond U+00FF', 'abc€', 24],
    ['the empty string', '', 16],
    ['a number', 42.5, 8],
    ['a bigint of up to 64 bits', 2n ** 63n, 24],
    ['a negative bigint of 65 bits', -(2n ** 64n), 32],
    ['true', true, 0],
    ['null', null, 0],
    ['undefined', undefined, 0],
    ['a symbol', Symbol('s'), 0],
    ['a function', () => 1, 0],
    ['an array: 16 + 8 per element + the elements', [1, 2], 16 + 16 + 16],
    ['an object: 16 + per key 8 + key + value', { a: 'xy' }, 16 + 8 + 17 + 18],
    ['a nested object', { a: { b: 1 } }, 16 + 8 + 17 + (16 + 8 + 17 + 8)],
    ['a Map: 16 + per entry 16 + key + value', new Map([['k', 1]]), 16 + 16 + 17 + 8],
    ['a Set: 16 + per member 8 + member', new Set(['k', 1]), 16 + 8 + 17 + 8 + 8],
    ['an ArrayBuffer: 16 + its byte length', new ArrayBuffer(10), 26],
    ['a typed array: 16 + its byte length', new Float64Array(4), 48],
    ['a Date', new Date(0), 24],
  ])('estimates %s', (_what, value, bytes) => {
    expect(estimateBytes(value)).toBe(bytes);
  });

  it('grows with the text of a response', () => {
    const response = (content: string) => ({ id: 'gen-1', choices: [{ index: 0, message: { role: 'assistant', content } }] });
    expect(estimateBytes(response('x'.repeat(1000))) - estimateBytes(response(''))).toBe(1000);
  });
});

describe('estimateBytes counts each object once and ends on a cycle [ex3.reports.estimate-once]', () => {
  it('counts an object referenced twice only once', () => {
    const shared = { a: 'xy' };
    expect(estimateBytes([shared, shared])).toBe(16 + 16 + (16 + 8 + 17 + 18));
  });

  it('terminates on a cycle', () => {
    const node: Record<string, unknown> = {};
    node['self'] = node;
    expect(estimateBytes(node)).toBe(16 + 8 + 20);
  });

  it('counts afresh on every call', () => {
    const shared = { a: 'xy' };
    expect(estimateBytes(shared)).toBe(59);
    expect(estimateBytes(shared), 'a second call counts the object again').toBe(59);
  });
});

describe('memory tracking keeps one size per key and forgets what left the cache [ex3.reports.memory-tracking]', () => {
  function tracked() {
    let cache: InstrumentedCache<string> | undefined;
    const inner = new MapCache<string>({ maxEntries: 2, onRemove: (key, reason) => cache!.reportRemoval(key, reason) });
    cache = new InstrumentedCache(inner, { stats: new CacheStats({ now: manualClock().now }), trackMemory: true });
    return { cache, inner };
  }

  it('MemoryTracker replaces a key\'s size on set, forgets it on delete, and forgets all on clear', () => {
    const tracker = new MemoryTracker();
    expect(tracker.usage()).toEqual({ entries: 0, bytes: 0 });
    tracker.set('k1', 'abc');
    tracker.set('k2', 'de');
    tracker.set('k1', 'a');
    expect(tracker.usage(), 'k1 now holds "a": 18 + 17, k2: 18 + 18').toEqual({ entries: 2, bytes: 18 + 17 + 18 + 18 });
    tracker.delete('k2');
    tracker.delete('never-set');
    expect(tracker.usage()).toEqual({ entries: 1, bytes: 18 + 17 });
    tracker.clear();
    expect(tracker.usage()).toEqual({ entries: 0, bytes: 0 });
  });

  it('reports entries and the estimated bytes of their keys and values', () => {
    const { cache } = tracked();
    cache.set('k1', 'abc');
    cache.set('k2', 'de');
    expect(cache.memory).toEqual({ entries: 2, bytes: 18 + 19 + 18 + 18 });
  });

  it('replaces the size of an overwritten entry instead of adding to it', () => {
    const { cache } = tracked();
    cache.set('k1', 'abc');
    cache.set('k1', 'a');
    expect(cache.memory).toEqual({ entries: 1, bytes: 18 + 17 });
  });

  it('forgets deleted, evicted and cleared entries', () => {
    const { cache } = tracked();
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
    const { cache, inner } = tracked();
    cache.set('k1', 'a');
    cache.set('k2', 'b');
    inner.map.delete('k1'); // gone without a report
    cache.get('k1');
    cache.get('k2');
    expect(cache.memory, 'k1 went away unseen; k2 is still there').toEqual({ entries: 1, bytes: 18 + 17 });
  });

  it('forgets an entry a has() no longer finds', () => {
    const { cache, inner } = tracked();
    cache.set('k1', 'a');
    cache.set('k2', 'b');
    inner.map.delete('k1');
    cache.has('k1');
    cache.has('k2');
    expect(cache.memory, 'k1 went away unseen; k2 is still there').toEqual({ entries: 1, bytes: 18 + 17 });
  });

  it('updates an async cache\'s figures when its promises settle', async () => {
    const cache = new InstrumentedCache(asyncCache<string>(), { trackMemory: true });
    await cache.set('k1', 'abc');
    expect(cache.memory).toEqual({ entries: 1, bytes: 18 + 19 });
    await cache.delete('k1');
    expect(cache.memory).toEqual({ entries: 0, bytes: 0 });
  });

  it('shows the figures in the stats snapshot, and none without trackMemory', () => {
    const { cache } = tracked();
    cache.set('k1', 'abc');
    expect(cache.stats.snapshot().memory).toEqual({ entries: 1, bytes: 18 + 19 });
    const plain = new InstrumentedCache(new MapCache<string>());
    plain.set('k1', 'abc');
    expect(plain.memory).toBeUndefined();
    expect(plain.stats.snapshot().memory).toBeNull();
  });
});
