import { describe, expect, it } from 'vitest';
import { Keyv } from 'keyv';
import { TieredCache } from '@impl';

const noop = async () => undefined;

describe('l2 and lock must each have every method the cache calls [ex4.tiered.options]', () => {
  it.each([
    ['without set', { getRaw: noop }],
    ['without getRaw', { set: noop }],
  ])('rejects an l2 %s with a TypeError naming `l2`', (_, l2) => {
    expect(() => new TieredCache({ l2: l2 as never })).toThrow(TypeError);
    expect(() => new TieredCache({ l2: l2 as never })).toThrow('`l2`');
  });

  it.each([
    ['without release', { acquire: noop }],
    ['without acquire', { release: noop }],
  ])('rejects a lock %s with a TypeError naming `lock`', (_, lock) => {
    expect(() => new TieredCache({ l2: new Keyv(), lock: lock as never })).toThrow(TypeError);
    expect(() => new TieredCache({ l2: new Keyv(), lock: lock as never })).toThrow('`lock`');
  });

  it.each(['ttlMs', 'l1TtlMs', 'l2TimeoutMs'])('rejects a %s that is not a number with a TypeError naming it', (name) => {
    expect(() => new TieredCache({ [name]: '100' })).toThrow(TypeError);
    expect(() => new TieredCache({ [name]: '100' })).toThrow(`\`${name}\``);
  });

  it('rejects an l1 maxEntries that is not a number with a TypeError naming it', () => {
    expect(() => new TieredCache({ l1: { maxEntries: '100' as never } })).toThrow(TypeError);
    expect(() => new TieredCache({ l1: { maxEntries: '100' as never } })).toThrow('`maxEntries`');
  });

  it('rejects a per-call ttlMs of -1 in set() and getOrCompute() with a RangeError naming `ttlMs`', async () => {
    const cache = new TieredCache<string>({});
    await expect(cache.set('k', 'v', -1)).rejects.toThrow(RangeError);
    await expect(cache.set('k', 'v', -1)).rejects.toThrow('`ttlMs`');
    await expect(cache.getOrCompute('k', () => 'v', { ttlMs: -1 })).rejects.toThrow(RangeError);
    await expect(cache.getOrCompute('k', () => 'v', { ttlMs: -1 })).rejects.toThrow('`ttlMs`');
  });
});
