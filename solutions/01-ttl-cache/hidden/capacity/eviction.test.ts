import { describe, expect, it } from 'vitest';
import { TTLCache } from '@impl';
import { manualClock } from '@workbook/testkit';

const keysOf = (cache: { has(key: string): boolean }, keys: string[]) => keys.filter((key) => cache.has(key));

describe('a full cache makes room first-in, first-out', () => {
  it('never holds more than maxEntries', () => {
    const cache = new TTLCache<number>({ maxEntries: 3 });
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, i);
    expect(cache.size, 'with maxEntries=3, ten writes leave three entries').toBe(3);
  });

  it('evicts the oldest inserted entry when full', () => {
    const cache = new TTLCache<number>({ maxEntries: 3 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    cache.set('d', 4);
    expect(keysOf(cache, ['a', 'b', 'c', 'd']), 'inserting "d" into a full cache of a, b, c evicts "a", the oldest').toEqual(['b', 'c', 'd']);
  });

  it('keeps evicting in insertion order', () => {
    const cache = new TTLCache<number>({ maxEntries: 2 });
    for (const key of ['a', 'b', 'c', 'd', 'e']) cache.set(key, 0);
    expect(keysOf(cache, ['a', 'b', 'c', 'd', 'e'])).toEqual(['d', 'e']);
  });

  it('does not let reads change the eviction order (FIFO, not LRU)', () => {
    const cache = new TTLCache<number>({ maxEntries: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect(keysOf(cache, ['a', 'b', 'c']), 'reading "a" must not save it: FIFO evicts the oldest inserted, whatever was read').toEqual(['b', 'c']);
  });

  it('evicts nothing when an existing key is overwritten', () => {
    const cache = new TTLCache<number>({ maxEntries: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('b', 3);
    expect(keysOf(cache, ['a', 'b']), 'overwriting "b" in a full cache needs no room').toEqual(['a', 'b']);
    expect(cache.get('b')).toBe(3);
  });

  it('removes expired entries before evicting a live one', () => {
    const clock = manualClock();
    const cache = new TTLCache<number>({ maxEntries: 3, now: clock.now });
    cache.set('a', 1);
    cache.set('b', 2, 100);
    cache.set('c', 3);
    clock.set(100);
    cache.set('d', 4);
    expect(keysOf(cache, ['a', 'b', 'c', 'd']), '"b" expired at t=100, so it goes instead of "a", the oldest live entry').toEqual(['a', 'c', 'd']);
  });

  it('evicts the oldest live entry when nothing has expired yet', () => {
    const clock = manualClock();
    const cache = new TTLCache<number>({ maxEntries: 2, now: clock.now });
    cache.set('a', 1, 100);
    cache.set('b', 2, 100);
    clock.set(99);
    cache.set('c', 3);
    expect(keysOf(cache, ['a', 'b', 'c']), 'at t=99 nothing has expired: evict "a", the oldest').toEqual(['b', 'c']);
  });

  it('works with a capacity of one', () => {
    const cache = new TTLCache<number>({ maxEntries: 1 });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(keysOf(cache, ['a', 'b'])).toEqual(['b']);
  });

  it('makes deleted keys free their slot', () => {
    const cache = new TTLCache<number>({ maxEntries: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.delete('a');
    cache.set('c', 3);
    expect(keysOf(cache, ['a', 'b', 'c']), 'after deleting "a" there is room for "c" without evicting "b"').toEqual(['b', 'c']);
  });

  it('stays first-in, first-out across many deletions and insertions', () => {
    const cache = new TTLCache<number>({ maxEntries: 100 });
    const model: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const key = `k${i}`;
      if (model.length >= 100) model.shift();
      model.push(key);
      cache.set(key, i);
      if (i % 3 === 0) {
        cache.delete(key);
        model.splice(model.indexOf(key), 1);
      }
    }
    const live = Array.from({ length: 1000 }, (_, i) => `k${i}`).filter((key) => cache.has(key));
    expect(live, 'the cache must hold exactly what a first-in, first-out queue of 100 would').toEqual(model);
  });
});

describe('maxEntries is validated', () => {
  it.each([
    ['zero', 0, RangeError],
    ['negative', -3, RangeError],
    ['fractional', 2.5, RangeError],
    ['NaN', Number.NaN, RangeError],
    ['a string', '10', TypeError],
  ])('rejects a %s maxEntries with an error naming it', (_label, value, type) => {
    expect(() => new TTLCache({ maxEntries: value as never }), `maxEntries=${String(value)} must throw a ${type.name}`).toThrow(type);
    expect(() => new TTLCache({ maxEntries: value as never })).toThrow(/maxEntries/);
  });

  it('accepts Infinity as no limit', () => {
    const cache = new TTLCache<number>({ maxEntries: Infinity });
    for (let i = 0; i < 5000; i++) cache.set(`k${i}`, i);
    expect(cache.size).toBe(5000);
  });
});
