import { describe, expect, it } from 'vitest';
import type { Cache } from '@workbook/cache';
import type { ChatResponse } from '@workbook/openrouter';
import { CachingClient } from '@impl';
import { brokenCache, fakeUpstream, recordingCache, request } from '../helpers/upstream.js';

describe('a failing cache never fails a working call', () => {
  it('treats a failing get() as a miss and answers from upstream', async () => {
    const upstream = fakeUpstream();
    const client = new CachingClient({ client: upstream.client, cache: brokenCache() });
    const result = await client.chat(request);
    expect(upstream.calls.length, 'when the cache is down, the call goes upstream').toBe(1);
    expect(result.choices[0]?.message.content).toBe('Because repeats are free.');
  });

  it('returns the response even when storing it fails', async () => {
    const store = recordingCache();
    const cache: Cache<ChatResponse> = { ...store.cache, set: async () => Promise.reject(new Error('disk full')) };
    const client = new CachingClient({ client: fakeUpstream().client, cache });
    await expect(client.chat(request), 'a failed cache.set() must not fail the call').resolves.toMatchObject({ cache: { hit: false } });
  });

  it('reports each cache failure to onCacheError with the operation', async () => {
    const errors: [unknown, string][] = [];
    const failure = new Error('backend down');
    const client = new CachingClient({ client: fakeUpstream().client, cache: brokenCache(failure), onCacheError: (error, operation) => errors.push([error, operation]) });
    await client.chat(request);
    expect(errors, 'onCacheError(error, "get") then onCacheError(error, "set")').toEqual([
      [failure, 'get'],
      [failure, 'set'],
    ]);
  });

  it('survives a cache that throws synchronously', async () => {
    const cache: Cache<ChatResponse> = {
      get: () => {
        throw new Error('sync failure');
      },
      set: () => {
        throw new Error('sync failure');
      },
      has: () => false,
      delete: () => false,
      clear: () => undefined,
    };
    const client = new CachingClient({ client: fakeUpstream().client, cache });
    await expect(client.chat(request)).resolves.toMatchObject({ cache: { hit: false } });
  });

  it('rethrows cache failures when throwOnCacheError is set', async () => {
    const upstream = fakeUpstream();
    const client = new CachingClient({ client: upstream.client, cache: brokenCache(new Error('backend down')), throwOnCacheError: true });
    await expect(client.chat(request), 'the caller asked to see cache failures').rejects.toThrow('backend down');
  });
});

describe('the constructor checks its options', () => {
  it('rejects a missing client with a TypeError naming `client`', () => {
    expect(() => new CachingClient({ cache: recordingCache().cache } as never)).toThrow(/client/);
  });

  it('rejects a missing cache with a TypeError naming `cache`', () => {
    expect(() => new CachingClient({ client: fakeUpstream().client } as never)).toThrow(TypeError);
    expect(() => new CachingClient({ client: fakeUpstream().client } as never)).toThrow(/cache/);
  });
});
