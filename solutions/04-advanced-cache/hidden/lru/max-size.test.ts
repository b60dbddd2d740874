import { describe, expect, it } from 'vitest';
import { LRUCache, type EvictionReason } from '@impl';

const bySize = { maxSize: 10, sizeOf: (value: string) => value.length };

describe('maxSize bounds the total size [ex4.lru.max-size]', () => {
  it('tracks the total size of what it holds', () => {
    const cache = new LRUCache<string>(bySize);
    cache.set('a', 'xxx').set('b', 'yy');
    expect(cache.totalSize).toBe(5);
    cache.delete('a');
    expect(cache.totalSize).toBe(2);
  });

  it('evicts least recently used entries until the total fits', () => {
    const cache = new LRUCache<string>(bySize);
    cache.set('a', 'xxxx').set('b', 'xxxx').set('c', 'xxxxxxx');
    expect([...cache.keys()], '4 + 4 + 7 > 10 and 4 + 7 > 10: a and b must go, c alone is 7').toEqual(['c']);
    expect(cache.totalSize).toBe(7);
  });

  it('fills exactly to maxSize without evicting', () => {
    const cache = new LRUCache<string>(bySize);
    cache.set('a', 'xxxxx').set('b', 'xxxxx');
    expect(cache.size, 'a total of exactly maxSize fits').toBe(2);
  });

  it('re-measures a value that is replaced, and evicts others if it grew', () => {
    const cache = new LRUCache<string>(bySize);
    cache.set('a', 'xxx').set('b', 'xxx');
    cache.set('b', 'xxxxxxxx');
    expect([...cache.keys()]).toEqual(['b']);
    expect(cache.totalSize).toBe(8);
  });

  it('never stores a value larger than maxSize, and drops the older value of that key', () => {
    const events: [string, EvictionReason][] = [];
    const cache = new LRUCache<string>({ ...bySize, onEvict: (_v, key, reason) => void events.push([key, reason]) });
    cache.set('other', 'x').set('a', 'small');
    cache.set('a', 'x'.repeat(11));
    expect(cache.has('a'), 'a value of size 11 can never fit in maxSize 10').toBe(false);
    expect(cache.get('other'), 'an impossible value must not flush the rest of the cache').toBe('x');
    expect(cache.totalSize).toBe(1);
    expect(events).toEqual([['a', 'set']]);
  });

  it('combines maxEntries and maxSize: whichever bound is reached first evicts', () => {
    const cache = new LRUCache<string>({ ...bySize, maxEntries: 2 });
    cache.set('a', 'x').set('b', 'xx').set('c', 'xxx');
    expect([...cache.keys()]).toEqual(['c', 'b']);
    expect(cache.totalSize, 'a (size 1) left by maxEntries: b + c = 5').toBe(5);
  });

  it('clear() resets totalSize, and later entries are measured afresh', () => {
    const cache = new LRUCache<string>(bySize);
    cache.set('a', 'xxxx').set('b', 'xxxx');
    cache.clear();
    expect(cache.totalSize, 'an empty cache has totalSize 0').toBe(0);
    cache.set('c', 'xx');
    expect(cache.totalSize).toBe(2);
  });

  it('without maxSize, totalSize stays 0', () => {
    const cache = new LRUCache<string>({ maxEntries: 5 });
    cache.set('a', 'xxxx');
    expect(cache.totalSize).toBe(0);
  });

  it.each([Number.NaN, -1, Infinity, '3'])('rejects a sizeOf result of %j with a RangeError', (size) => {
    const cache = new LRUCache<string>({ maxSize: 10, sizeOf: () => size as number });
    expect(() => cache.set('a', 'x')).toThrow(RangeError);
    expect(() => cache.set('a', 'x')).toThrow('`sizeOf`');
  });

  it('stores a single value exactly as large as maxSize', () => {
    const cache = new LRUCache<string>(bySize);
    cache.set('a', 'x'.repeat(10));
    expect(cache.get('a'), 'size 10 fits in maxSize 10').toBe('x'.repeat(10));
  });

  it('a too large value for a key not held reports nothing', () => {
    const events: string[] = [];
    const cache = new LRUCache<string>({ ...bySize, onEvict: (_v, key, reason) => void events.push(`${key}:${reason}`) });
    cache.set('big', 'x'.repeat(11));
    expect(events, 'nothing was held under "big", so nothing left').toEqual([]);
  });

  it('reports entries evicted to fit with reason "evict"', () => {
    const events: string[] = [];
    const cache = new LRUCache<string>({ ...bySize, onEvict: (_v, key, reason) => void events.push(`${key}:${reason}`) });
    cache.set('a', 'xxxxxx').set('b', 'xxxxxx');
    expect(events).toEqual(['a:evict']);
  });

  it('keeps sizes right past a thousand entries', () => {
    const cache = new LRUCache<string>({ maxSize: 3000, sizeOf: (value) => value.length });
    for (let i = 0; i < 2000; i++) cache.set(`k${i}`, 'x');
    expect(cache.totalSize, 'a cache bounded by maxSize alone grows past its first thousand slots').toBe(2000);
    cache.delete('k1999');
    expect(cache.totalSize).toBe(1999);
  });

  it('accepts a sizeOf result of 0', () => {
    const cache = new LRUCache<string>({ maxSize: 10, sizeOf: () => 0 });
    expect(cache.set('a', 'x').get('a')).toBe('x');
  });
});
