import { describe, expect, it } from 'vitest';
import { LRUCache, type EvictionReason } from '@impl';
import { manualClock } from '@workbook/testkit';

function lru(maxEntries = 3) {
  const clock = manualClock(1_000);
  const evicted: [string, string, EvictionReason][] = [];
  const cache = new LRUCache<string>({ maxEntries, now: clock.now, onEvict: (value, key, reason) => void evicted.push([key, value, reason]) });
  return { cache, clock, evicted };
}

describe('LRUCache batch operations [ex4.batch.lru]', () => {
  it('getMany answers in the order asked, undefined for absent keys', () => {
    const { cache } = lru();
    cache.set('a', 'A').set('b', 'B');
    expect(cache.getMany(['b', 'x', 'a']), 'one answer per key, in the order of `keys`').toEqual(['B', undefined, 'A']);
    expect(cache.getMany([])).toEqual([]);
  });

  it('getMany refreshes each hit like get(): the keys read survive the next eviction', () => {
    const { cache } = lru();
    cache.set('a', 'A').set('b', 'B').set('c', 'C');
    cache.getMany(['a', 'b']);
    cache.set('d', 'D');
    expect([...cache.keys()], 'c was read longest ago, so d evicts c').toEqual(['d', 'b', 'a']);
  });

  it('getMany reads an expired entry as undefined', () => {
    const { cache, clock } = lru();
    cache.set('a', 'A', 100).set('b', 'B');
    clock.advance(100);
    expect(cache.getMany(['a', 'b'])).toEqual([undefined, 'B']);
  });

  it('setMany stores every pair with the batch ttl', () => {
    const { cache, clock } = lru(10);
    cache.setMany([['a', 'A'], ['b', 'B']], { ttlMs: 100 });
    clock.advance(99);
    expect(cache.getMany(['a', 'b']), 'present at ttlMs - 1').toEqual(['A', 'B']);
    clock.advance(1);
    expect(cache.getMany(['a', 'b']), 'gone at ttlMs').toEqual([undefined, undefined]);
  });

  it('setMany without a ttl uses the cache default, a later pair for the same key wins, undefined deletes', () => {
    const { cache } = lru(10);
    cache.set('gone', 'G');
    expect(cache.setMany([['a', 'first'], ['a', 'second'], ['gone', undefined as unknown as string]]), 'setMany returns the cache').toBe(cache);
    expect(cache.get('a')).toBe('second');
    expect(cache.has('gone'), 'a pair whose value is undefined deletes the key, as set() does').toBe(false);
  });

  it('setMany checks the whole batch first: one bad key or ttl writes nothing', () => {
    const { cache } = lru(10);
    expect(() => cache.setMany([['a', 'A'], [42 as unknown as string, 'B']]), 'a non-string key → TypeError naming `key`').toThrow(TypeError);
    expect(() => cache.setMany([['a', 'A']], { ttlMs: 0 }), 'ttlMs 0 → RangeError naming `ttlMs`').toThrow(/`ttlMs`/);
    expect(cache.size, 'a rejected batch must leave the cache untouched: validate before writing').toBe(0);
  });

  it('deleteMany returns how many live entries it removed, each reported once', () => {
    const { cache, evicted } = lru();
    cache.set('a', 'A').set('b', 'B');
    expect(cache.deleteMany(['a', 'x', 'a']), 'a counts once, x was never there').toBe(1);
    expect(evicted).toEqual([['a', 'A', 'delete']]);
    expect(cache.getMany(['a', 'b'])).toEqual([undefined, 'B']);
  });

  it('keys that are not an array of strings → TypeError', () => {
    const { cache } = lru();
    expect(() => cache.getMany('ab' as unknown as string[]), 'a string is not a batch of keys').toThrow(/`keys`/);
    expect(() => cache.getMany([1 as unknown as string]), 'every key must be a string').toThrow(/`key`/);
    expect(() => cache.deleteMany([null as unknown as string])).toThrow(TypeError);
  });
});
