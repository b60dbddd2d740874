import { describe, expect, it } from 'vitest';
import { LRUCache } from '@impl';

describe('the constructor checks its options [ex4.lru.options]', () => {
  it('needs a bound: neither maxEntries nor maxSize is a TypeError naming both', () => {
    expect(() => new LRUCache({})).toThrow(TypeError);
    expect(() => new LRUCache({})).toThrow(/`maxEntries`.*`maxSize`|`maxSize`.*`maxEntries`/);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects maxEntries %s with a RangeError naming `maxEntries`', (maxEntries) => {
    expect(() => new LRUCache({ maxEntries })).toThrow(RangeError);
    expect(() => new LRUCache({ maxEntries })).toThrow('`maxEntries`');
  });

  it('rejects maxSize without a sizeOf function', () => {
    expect(() => new LRUCache({ maxSize: 100 })).toThrow(TypeError);
    expect(() => new LRUCache({ maxSize: 100 })).toThrow('`sizeOf`');
  });

  it.each([0, -5])('rejects maxSize %s with a RangeError naming `maxSize`', (maxSize) => {
    expect(() => new LRUCache({ maxSize, sizeOf: () => 1 })).toThrow(RangeError);
    expect(() => new LRUCache({ maxSize, sizeOf: () => 1 })).toThrow('`maxSize`');
  });

  it.each([0, -1])('rejects ttlMs %s with a RangeError naming `ttlMs`', (ttlMs) => {
    expect(() => new LRUCache({ maxEntries: 1, ttlMs })).toThrow(RangeError);
    expect(() => new LRUCache({ maxEntries: 1, ttlMs })).toThrow('`ttlMs`');
  });

  it('rejects sizeOf without maxSize: sizes are only measured to be bounded', () => {
    expect(() => new LRUCache<string>({ maxEntries: 1, sizeOf: (v) => v.length })).toThrow(TypeError);
    expect(() => new LRUCache<string>({ maxEntries: 1, sizeOf: (v) => v.length })).toThrow('`sizeOf`');
  });

  it.each([1, 1000, Infinity])('accepts maxEntries %s', (maxEntries) => {
    const cache = new LRUCache<string>({ maxEntries, ...(maxEntries === Infinity ? { maxSize: 10, sizeOf: () => 1 } : {}) });
    expect(cache.set('a', 'A').get('a'), `a cache with maxEntries ${maxEntries} works`).toBe('A');
  });

  it('rejects a maxSize that is not a number, and a now that is not a function, with TypeErrors naming them', () => {
    expect(() => new LRUCache({ maxSize: '10' as never, sizeOf: () => 1 })).toThrow(TypeError);
    expect(() => new LRUCache({ maxSize: '10' as never, sizeOf: () => 1 })).toThrow('`maxSize`');
    expect(() => new LRUCache({ maxEntries: 1, now: 5 as never })).toThrow(TypeError);
    expect(() => new LRUCache({ maxEntries: 1, now: 5 as never })).toThrow('`now`');
  });

  it('rejects an onEvict that is not a function with a TypeError naming `onEvict`', () => {
    expect(() => new LRUCache({ maxEntries: 1, onEvict: 'log' as never })).toThrow(TypeError);
    expect(() => new LRUCache({ maxEntries: 1, onEvict: 'log' as never })).toThrow('`onEvict`');
  });
});
