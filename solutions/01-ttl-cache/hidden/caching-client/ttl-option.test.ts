import { describe, expect, it } from 'vitest';
import { CachingClient } from '@impl';
import { fakeUpstream, memoryCache, recordingCache, request, testKey } from '../helpers/upstream.js';

/** What `new CachingClient(…)` with this `ttlMs` throws, or undefined. */
function thrownFor(ttlMs: unknown): unknown {
  try {
    new CachingClient({ client: fakeUpstream().client, cache: memoryCache().cache, key: testKey, ttlMs: ttlMs as number });
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('the ttlMs option follows the TTL rule and is checked by the constructor [ex1.caching-client.ttl-option]', () => {
  it.each([
    ['zero', 0, RangeError],
    ['negative', -1, RangeError],
    ['NaN', Number.NaN, RangeError],
    ['a string', '60000', TypeError],
  ])('rejects a ttlMs that is %s', (_label, ttlMs, type) => {
    const thrown = thrownFor(ttlMs);
    expect(thrown, `new CachingClient({ …, ttlMs: ${String(ttlMs)} }) must throw a ${type.name} at once, not fail every set() later`).toBeInstanceOf(type);
    expect((thrown as Error).message, 'the message must name `ttlMs`').toContain('`ttlMs`');
  });

  it.each([
    ['absent', undefined],
    ['one minute', 60_000],
    ['2^31 − 1 ms', 2 ** 31 - 1],
    ['Infinity', Infinity],
  ])('accepts a ttlMs that is %s, and stores with it', async (_label, ttlMs) => {
    const store = recordingCache();
    const client = new CachingClient({ client: fakeUpstream().client, cache: store.cache, key: testKey, ttlMs });
    await client.chat(request);
    expect(store.sets.map((s) => s.ttlMs), `ttlMs ${String(ttlMs)} is a valid time to live, passed on to cache.set`).toEqual([ttlMs]);
  });
});
