import { describe, expect, it } from 'vitest';
import { LRUCache } from '@impl';
import type { Cache } from '@workbook/cache';

describe('LRUCache as a workbook Cache', () => {
  it('returns what was set, and undefined for a key never set', () => {
    const cache: Cache<string> = new LRUCache<string>({ maxEntries: 10 });
    cache.set('a', 'A');
    expect(cache.get('a'), 'get("a") after set("a", "A")').toBe('A');
    expect(cache.get('b'), 'get of a key never set must be undefined').toBeUndefined();
  });

  it('has() tells whether a key is held', () => {
    const cache = new LRUCache<number>({ maxEntries: 10 });
    cache.set('zero', 0);
    expect(cache.has('zero'), 'a falsy value (0) is still a value').toBe(true);
    expect(cache.has('nope')).toBe(false);
  });

  it('delete() removes a key and says whether it was there', () => {
    const cache = new LRUCache<string>({ maxEntries: 10 });
    cache.set('a', 'A');
    expect(cache.delete('a'), 'deleting a held key returns true').toBe(true);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.delete('a'), 'deleting it again returns false').toBe(false);
  });

  it('clear() removes everything and the cache is usable afterwards', () => {
    const cache = new LRUCache<string>({ maxEntries: 3 });
    for (const k of ['a', 'b', 'c']) cache.set(k, k);
    cache.clear();
    expect(cache.size).toBe(0);
    expect([...cache.keys()]).toEqual([]);
    for (const k of ['d', 'e', 'f', 'g']) cache.set(k, k);
    expect([...cache.keys()], 'after clear(), a full cache of 3 holds the 3 most recent keys').toEqual(['g', 'f', 'e']);
  });

  it('set() on an existing key replaces its value without growing the cache', () => {
    const cache = new LRUCache<string>({ maxEntries: 10 });
    cache.set('a', 'old');
    cache.set('a', 'new');
    expect(cache.get('a')).toBe('new');
    expect(cache.size).toBe(1);
  });

  it('set() returns the cache, like Map.set', () => {
    const cache = new LRUCache<string>({ maxEntries: 10 });
    expect(cache.set('a', 'A')).toBe(cache);
  });

  it('size counts the entries held', () => {
    const cache = new LRUCache<string>({ maxEntries: 10 });
    cache.set('a', 'A').set('b', 'B');
    expect(cache.size).toBe(2);
  });

  it('rejects a key that is not a string with a TypeError naming `key`', () => {
    const cache = new LRUCache<string>({ maxEntries: 10 });
    expect(() => cache.set(42 as unknown as string, 'v')).toThrow(TypeError);
    expect(() => cache.set(42 as unknown as string, 'v')).toThrow('`key`');
  });
});
