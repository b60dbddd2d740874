import { describe, expect, it } from 'vitest';
import { LRUCache } from '@impl';

describe('an entry evicted for room by maxEntries gives back its size [ex4.lru.max-size]', () => {
  it('with maxEntries and maxSize both set, an entry evicted by count no longer counts in totalSize', () => {
    const cache = new LRUCache<string>({ maxEntries: 2, maxSize: 10, sizeOf: (value) => value.length });
    cache.set('a', 'xxxxx').set('b', 'xxxxx').set('c', 'xxxxx');
    expect(cache.totalSize, '"a" was evicted to make room for "c": 5 + 5').toBe(10);
    expect([...cache.keys()].sort(), '"b" and "c" fit in maxSize 10 together').toEqual(['b', 'c']);
  });
});
