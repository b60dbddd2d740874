import { describe, expect, it } from 'vitest';
import { LRUCache } from '@impl';

describe('LRUCache options', () => {
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

  it('rejects a per-entry ttlMs of 0 with a RangeError', () => {
    const cache = new LRUCache<string>({ maxEntries: 1 });
    expect(() => cache.set('a', 'A', 0)).toThrow(RangeError);
  });

  it('rejects an onEvict that is not a function', () => {
    expect(() => new LRUCache({ maxEntries: 1, onEvict: 'log' as never })).toThrow('`onEvict`');
  });
});
