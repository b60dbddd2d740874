import { describe, expect, it } from 'vitest';
import { TTLCache } from '@impl';
import { manualClock } from '@workbook/testkit';

/** The keys, among `keys`, that the cache holds a live entry for, in the order given. */
const keysOf = (cache: { has(key: string): boolean }, keys: string[]) => keys.filter((key) => cache.has(key));

describe('size never exceeds maxEntries [ex1.capacity.limit]', () => {
  it('holds three entries after ten writes to a cache of three', () => {
    const cache = new TTLCache<number>({ maxEntries: 3 });
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, i);
    expect(cache.size, 'with maxEntries=3, ten writes leave three entries').toBe(3);
  });

  it('still evicts when the entry that was due to expire first is gone already', () => {
    const clock = manualClock();
    const cache = new TTLCache<number>({ maxEntries: 2, now: clock.now });
    cache.set('a', 1, 100);
    cache.set('b', 2);
    cache.set('a', 1);
    clock.set(100);
    cache.set('c', 3);
    expect(cache.size, '"a" was rewritten without a ttl, so nothing has expired at t=100: "c" must evict one entry').toBe(2);
    expect(keysOf(cache, ['a', 'b', 'c']), 'nothing expired, so "a", the oldest, goes').toEqual(['b', 'c']);
  });
});

describe('a new key in a full cache evicts the oldest inserted entry [ex1.capacity.fifo]', () => {
  it('evicts the oldest of three', () => {
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
    expect(keysOf(cache, ['a', 'b', 'c', 'd', 'e']), 'a, b, c, d, e into a cache of 2 leaves the last two').toEqual(['d', 'e']);
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
});

describe('expired entries go before any live one [ex1.capacity.expired-first]', () => {
  it('removes an expired entry instead of the oldest live one', () => {
    const clock = manualClock();
    const cache = new TTLCache<number>({ maxEntries: 3, now: clock.now });
    cache.set('a', 1);
    cache.set('b', 2, 100);
    cache.set('c', 3);
    clock.set(100);
    cache.set('d', 4);
    expect(keysOf(cache, ['a', 'b', 'c', 'd']), '"b" expired at t=100, so it goes instead of "a", the oldest live entry').toEqual(['a', 'c', 'd']);
  });

  it('removes every expired entry at once', () => {
    const clock = manualClock();
    const cache = new TTLCache<number>({ maxEntries: 4, now: clock.now });
    cache.set('a', 1);
    cache.set('b', 2, 100);
    cache.set('c', 3, 50);
    cache.set('d', 4);
    clock.set(100);
    cache.set('e', 5);
    expect(cache.size, 'at t=100 "b" and "c" have expired: making room for "e" removes both').toBe(3);
    expect(keysOf(cache, ['a', 'b', 'c', 'd', 'e'])).toEqual(['a', 'd', 'e']);
  });

  it('finds an expired entry after purgeExpired() ran while it was still live', () => {
    const clock = manualClock();
    const cache = new TTLCache<number>({ maxEntries: 3, now: clock.now });
    cache.set('a', 1);
    cache.set('b', 2, 100);
    cache.set('c', 3);
    clock.set(50);
    expect(cache.purgeExpired(), 'nothing has expired at t=50').toBe(0);
    clock.set(100);
    cache.set('d', 4);
    expect(keysOf(cache, ['a', 'b', 'c', 'd']), '"b" expired at t=100, so it goes instead of "a"').toEqual(['a', 'c', 'd']);
  });
});

describe('overwriting a key evicts nothing and keeps its place [ex1.capacity.overwrite]', () => {
  it('evicts nothing when an existing key is overwritten in a full cache', () => {
    const cache = new TTLCache<number>({ maxEntries: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('b', 3);
    expect(keysOf(cache, ['a', 'b']), 'overwriting "b" in a full cache needs no room').toEqual(['a', 'b']);
    expect(cache.get('b')).toBe(3);
  });

  it('keeps the overwritten key in its original place in the order', () => {
    const cache = new TTLCache<number>({ maxEntries: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 3);
    cache.set('c', 4);
    expect(keysOf(cache, ['a', 'b', 'c']), '"a" was inserted first; overwriting it does not make it newer, so "c" evicts "a"').toEqual(['b', 'c']);
  });
});

describe('reads do not change the eviction order: FIFO, not LRU [ex1.capacity.reads-dont-count]', () => {
  it.each([
    ['get', (cache: TTLCache<number>) => cache.get('a')],
    ['has', (cache: TTLCache<number>) => cache.has('a')],
  ])('does not let %s() save the oldest entry', (method, read) => {
    const cache = new TTLCache<number>({ maxEntries: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    read(cache);
    cache.set('c', 3);
    expect(keysOf(cache, ['a', 'b', 'c']), `reading "a" with ${method}() must not save it: FIFO evicts the oldest inserted, whatever was read`).toEqual(['b', 'c']);
  });
});

describe('delete() frees a slot [ex1.capacity.delete-frees]', () => {
  it('makes room for a new key without evicting', () => {
    const cache = new TTLCache<number>({ maxEntries: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.delete('a');
    cache.set('c', 3);
    expect(keysOf(cache, ['a', 'b', 'c']), 'after deleting "a" there is room for "c" without evicting "b"').toEqual(['b', 'c']);
  });
});

describe('the order stays exactly first-in, first-out [ex1.capacity.exact-order]', () => {
  it('works with a capacity of one', () => {
    const cache = new TTLCache<number>({ maxEntries: 1 });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(keysOf(cache, ['a', 'b']), 'a cache of one keeps only the newest').toEqual(['b']);
    cache.set('c', 3);
    expect(keysOf(cache, ['a', 'b', 'c'])).toEqual(['c']);
  });

  it('matches a model queue across 1,000 mixed insertions and deletions', () => {
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
      if (i % 7 === 0 && model.length > 1) {
        const oldest = model.shift()!;
        cache.delete(oldest);
      }
    }
    const live = Array.from({ length: 1000 }, (_, i) => `k${i}`).filter((key) => cache.has(key));
    expect(live, 'the cache must hold exactly what a first-in, first-out queue of 100 would').toEqual(model);
  });
});

describe('clear() frees the whole capacity [ex1.capacity.after-clear]', () => {
  it('holds maxEntries new entries after clear(), evicting in their order', () => {
    const cache = new TTLCache<number>({ maxEntries: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.clear();
    cache.set('c', 3);
    cache.set('d', 4);
    expect(keysOf(cache, ['a', 'b', 'c', 'd']), 'after clear(), a cache of 2 holds the next two keys').toEqual(['c', 'd']);
    cache.set('e', 5);
    expect(cache.size, 'and evicts as before').toBe(2);
    expect(keysOf(cache, ['c', 'd', 'e']), '"c" is now the oldest').toEqual(['d', 'e']);
  });
});

describe('maxEntries must be a positive integer or Infinity [ex1.capacity.validation]', () => {
  it.each([
    ['zero', 0, RangeError],
    ['negative', -3, RangeError],
    ['fractional', 2.5, RangeError],
    ['NaN', Number.NaN, RangeError],
    ['a string', '10', TypeError],
  ])('rejects a %s maxEntries with an error naming it', (_label, value, type) => {
    let thrown: unknown;
    try {
      new TTLCache({ maxEntries: value as never });
    } catch (error) {
      thrown = error;
    }
    expect(thrown, `maxEntries=${JSON.stringify(value)} must throw a ${type.name}`).toBeInstanceOf(type);
    expect((thrown as Error).message, 'the message must name `maxEntries`').toContain('`maxEntries`');
  });

  it('accepts Infinity as no limit', () => {
    const cache = new TTLCache<number>({ maxEntries: Infinity });
    for (let i = 0; i < 5000; i++) cache.set(`k${i}`, i);
    expect(cache.size, 'maxEntries: Infinity holds every entry').toBe(5000);
  });
});
