import { describe, expect, it } from 'vitest';
import { LRUCache, type EvictionReason } from '@impl';

describe('undefined is not a value [ex4.lru.undefined]', () => {
  it('set(key, undefined) deletes the key, since get() uses undefined for "absent"', () => {
    const events: [string, EvictionReason][] = [];
    const cache = new LRUCache<string | undefined>({ maxEntries: 3, onEvict: (_v, key, reason) => void events.push([key, reason]) });
    cache.set('a', 'A');
    cache.set('a', undefined);
    expect(cache.has('a'), 'after set(a, undefined), has(a) must be false').toBe(false);
    expect(cache.size).toBe(0);
    expect(events).toEqual([['a', 'delete']]);
  });

  it('set(key, undefined) on an absent key stores nothing', () => {
    const cache = new LRUCache<string | undefined>({ maxEntries: 3 });
    cache.set('a', undefined);
    expect(cache.size).toBe(0);
  });

  it('stores null and other falsy values as values', () => {
    const cache = new LRUCache<unknown>({ maxEntries: 5 });
    cache.set('null', null).set('zero', 0).set('empty', '').set('false', false);
    expect([cache.get('null'), cache.get('zero'), cache.get('empty'), cache.get('false')]).toEqual([null, 0, '', false]);
  });
});
