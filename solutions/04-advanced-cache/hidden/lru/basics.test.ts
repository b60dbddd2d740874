import { describe, expect, it } from 'vitest';
import { LRUCache } from '@impl';
import type { Cache } from '@workbook/cache';

describe('set() stores, replaces and checks its arguments [ex4.lru.set]', () => {
  it('get() returns what set() stored, and undefined for a key never set', () => {
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

  it('set() on a held key replaces its value without growing the cache', () => {
    const cache = new LRUCache<string>({ maxEntries: 10 });
    cache.set('a', 'old');
    cache.set('a', 'new');
    expect(cache.get('a')).toBe('new');
    expect(cache.size, 'one key, one entry').toBe(1);
  });

  it('set() returns the cache, like Map.set', () => {
    const cache = new LRUCache<string>({ maxEntries: 10 });
    expect(cache.set('a', 'A')).toBe(cache);
  });

  it('rejects a key that is not a string with a TypeError naming `key`', () => {
    const cache = new LRUCache<string>({ maxEntries: 10 });
    expect(() => cache.set(42 as unknown as string, 'v')).toThrow(TypeError);
    expect(() => cache.set(42 as unknown as string, 'v')).toThrow('`key`');
  });

  it.each([0, -1])('rejects a per-entry ttlMs of %s with a RangeError', (ttlMs) => {
    const cache = new LRUCache<string>({ maxEntries: 1, ttlMs: 1000 });
    expect(() => cache.set('a', 'A', ttlMs)).toThrow(RangeError);
    expect(() => cache.set('a', 'A', ttlMs)).toThrow('`ttlMs`');
  });
});

describe('delete(), clear() and size [ex4.lru.delete]', () => {
  it('delete() removes a key and says whether it was there', () => {
    const cache = new LRUCache<string>({ maxEntries: 10 });
    cache.set('a', 'A');
    expect(cache.delete('a'), 'deleting a held key returns true').toBe(true);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.delete('a'), 'deleting it again returns false').toBe(false);
  });

  it('delete() of an expired entry returns false: it was no longer live', () => {
    let t = 0;
    const cache = new LRUCache<string>({ maxEntries: 10, ttlMs: 10, now: () => t });
    cache.set('a', 'A');
    t = 10;
    expect(cache.delete('a'), 'the entry expired at t=10: nothing live was deleted').toBe(false);
  });

  it('clear() removes everything and the cache works as new afterwards', () => {
    const cache = new LRUCache<string>({ maxEntries: 3 });
    for (const k of ['a', 'b', 'c']) cache.set(k, k);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.get('a'), 'after clear(), nothing is held').toBeUndefined();
    expect([...cache.keys()]).toEqual([]);
    for (const k of ['d', 'e', 'f', 'g']) cache.set(k, k);
    expect([...cache.keys()], 'after clear(), a full cache of 3 holds the 3 most recent keys').toEqual(['g', 'f', 'e']);
  });

  it('after delete() and clear(), a full cache still holds exactly its most recent keys', () => {
    const cache = new LRUCache<string>({ maxEntries: 3 });
    for (const k of ['a', 'b', 'c']) cache.set(k, k);
    cache.delete('b');
    cache.clear();
    for (const k of ['d', 'e', 'f']) cache.set(k, k.toUpperCase());
    expect([...cache.entries()], 'room freed before clear() must not be handed out twice').toEqual([
      ['f', 'F'],
      ['e', 'E'],
      ['d', 'D'],
    ]);
  });

  it('size counts the entries held', () => {
    const cache = new LRUCache<string>({ maxEntries: 10 });
    cache.set('a', 'A').set('b', 'B');
    expect(cache.size).toBe(2);
    cache.delete('a');
    expect(cache.size, 'after delete("a")').toBe(1);
  });
});
