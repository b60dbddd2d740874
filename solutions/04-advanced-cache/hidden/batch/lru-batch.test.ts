import { describe, expect, it } from 'vitest';
import { LRUCache } from '@impl';

const thrown = (action: () => unknown): unknown => {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('LRUCache batch operations do what the single ones do, in order [ex4.batch.lru]', () => {
  it('getMany returns the values in the order of the keys, undefined for a missing one', () => {
    const cache = new LRUCache<string>({ maxEntries: 10 });
    cache.set('a', 'A').set('b', 'B');
    expect(cache.getMany(['b', 'missing', 'a', 'b'])).toEqual(['B', undefined, 'A', 'B']);
  });

  it('getMany makes each found key the most recently used, like get', () => {
    const cache = new LRUCache<string>({ maxEntries: 3 });
    cache.set('a', 'A').set('b', 'B').set('c', 'C');
    cache.getMany(['a', 'b']);
    cache.set('d', 'D');
    expect([...cache.keys()], 'c was least recently used after getMany touched a and b').toEqual(['d', 'b', 'a']);
  });

  it('setMany stores every pair with the given ttlMs, evicting as set would', () => {
    let now = 0;
    const cache = new LRUCache<string>({ maxEntries: 2, now: () => now });
    cache.setMany([['a', 'A'], ['b', 'B'], ['c', 'C']], { ttlMs: 100 });
    expect([...cache.keys()], 'the third pair evicted the first').toEqual(['c', 'b']);
    now = 99;
    expect(cache.get('b')).toBe('B');
    now = 100;
    expect(cache.get('b'), 'every pair expires after ttlMs').toBeUndefined();
  });

  it('setMany takes a Map', () => {
    const cache = new LRUCache<string>({ maxEntries: 10 });
    cache.setMany(new Map([['a', 'A'], ['b', 'B']]));
    expect(cache.getMany(['a', 'b'])).toEqual(['A', 'B']);
  });

  it('setMany checks every pair before storing any', () => {
    const cache = new LRUCache<string>({ maxEntries: 10 });
    const error = thrown(() => cache.setMany([['a', 'A'], [42, 'B']] as never));
    expect(error, 'a pair without a string key is a TypeError').toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain('`entries`');
    expect(cache.size, 'a bad batch must store nothing, not half of it').toBe(0);
  });

  it('setMany refuses a bad ttlMs before storing anything', () => {
    const cache = new LRUCache<string>({ maxEntries: 10 });
    expect(() => cache.setMany([['a', 'A']], { ttlMs: -1 })).toThrow(RangeError);
    expect(cache.size).toBe(0);
  });

  it('deleteMany removes every key and returns how many live entries it removed', () => {
    const cache = new LRUCache<string>({ maxEntries: 10 });
    cache.setMany([['a', 'A'], ['b', 'B'], ['c', 'C']]);
    expect(cache.deleteMany(['a', 'missing', 'c'])).toBe(2);
    expect([...cache.keys()]).toEqual(['b']);
  });

  it.each<[string, (cache: LRUCache<string>) => unknown]>([
    ['getMany', (cache) => cache.getMany('a' as never)],
    ['deleteMany', (cache) => cache.deleteMany([1] as never)],
  ])('%s refuses keys that are not an array of strings with a TypeError naming `keys`', (_name, call) => {
    const error = thrown(() => call(new LRUCache<string>({ maxEntries: 10 })));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain('`keys`');
  });
});
