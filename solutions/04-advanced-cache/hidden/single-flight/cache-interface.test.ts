import { describe, expect, it } from 'vitest';
import { SingleFlightCache } from '@impl';

const noop = () => undefined;

describe('the wrapped cache and ttlMs are checked before anything runs [ex4.single-flight.arguments]', () => {
  it.each([
    ['without get', { set: noop, delete: noop }],
    ['without set', { get: noop, delete: noop }],
    ['null', null],
  ])('rejects a cache %s with a TypeError naming `cache`', (_, cache) => {
    expect(() => new SingleFlightCache<string>({ cache: cache as never })).toThrow(TypeError);
    expect(() => new SingleFlightCache<string>({ cache: cache as never })).toThrow('`cache`');
  });

  it('rejects a per-call ttlMs of 0 itself, whatever the wrapped cache would accept', async () => {
    const stored = new Map<string, string>();
    const lenient = { get: (key: string) => stored.get(key), set: (key: string, value: string) => void stored.set(key, value), has: (key: string) => stored.has(key), delete: (key: string) => stored.delete(key), clear: () => stored.clear() };
    const cache = new SingleFlightCache<string>({ cache: lenient as never });
    let computes = 0;
    await expect(cache.getOrCompute('k', () => String(++computes), { ttlMs: 0 })).rejects.toThrow(RangeError);
    await expect(cache.getOrCompute('k', () => String(++computes), { ttlMs: 0 })).rejects.toThrow('`ttlMs`');
    expect(computes, 'a bad ttlMs is refused before computing').toBe(0);
  });
});
