import { describe, expect, it } from 'vitest';
import type { Cache } from '@workbook/cache';
import type { ChatResponse } from '@workbook/openrouter';
import { CachingClient } from '@impl';
import { brokenCache, fakeUpstream, memoryCache, recordingCache, request, testKey } from '../helpers/upstream.js';

/** A cache whose get and set throw synchronously, before any promise exists. */
function throwingCache(error: Error): Cache<ChatResponse> {
  const fail = (): never => {
    throw error;
  };
  return { get: fail, set: fail, has: fail, delete: fail, clear: fail };
}

describe('a failing cache never fails a working call [ex1.caching-client.fail-open]', () => {
  it('treats a rejecting get() as a miss and answers from upstream', async () => {
    const upstream = fakeUpstream();
    const client = new CachingClient({ client: upstream.client, cache: brokenCache(), key: testKey });
    const result = await client.chat(request);
    expect(upstream.calls.length, 'when the cache is down, the call goes upstream').toBe(1);
    expect(result.choices[0]?.message.content).toBe('Because repeats are free.');
    expect(result.cache?.hit).toBe(false);
  });

  it('returns the response, as a miss, even when storing it fails', async () => {
    const store = recordingCache();
    const cache: Cache<ChatResponse> = { ...store.cache, set: async () => Promise.reject(new Error('disk full')) };
    const client = new CachingClient({ client: fakeUpstream().client, cache, key: testKey });
    await expect(client.chat(request), 'a failed cache.set() must not fail the call').resolves.toMatchObject({ cache: { hit: false } });
  });

  it('survives a cache that throws synchronously', async () => {
    const upstream = fakeUpstream();
    const client = new CachingClient({ client: upstream.client, cache: throwingCache(new Error('sync failure')), key: testKey });
    await expect(client.chat(request), 'catch a synchronous throw from cache.get/cache.set as well as a rejection').resolves.toMatchObject({ cache: { hit: false } });
    expect(upstream.calls.length).toBe(1);
  });
});

describe('each cache failure is reported to onCacheError [ex1.caching-client.on-cache-error]', () => {
  it('reports (error, "get") then (error, "set") with the cache\'s own error', async () => {
    const errors: [unknown, string][] = [];
    const failure = new Error('backend down');
    const client = new CachingClient({ client: fakeUpstream().client, cache: brokenCache(failure), key: testKey, onCacheError: (error, operation) => errors.push([error, operation]) });
    await client.chat(request);
    expect(errors, 'onCacheError(error, "get") then onCacheError(error, "set")').toEqual([
      [failure, 'get'],
      [failure, 'set'],
    ]);
    expect(errors[0]?.[0], 'the very error the cache threw').toBe(failure);
  });

  it('reports a synchronous throw too', async () => {
    const errors: string[] = [];
    const client = new CachingClient({ client: fakeUpstream().client, cache: throwingCache(new Error('sync failure')), key: testKey, onCacheError: (_error, operation) => errors.push(operation) });
    await client.chat(request);
    expect(errors, 'a synchronous throw is a cache failure like a rejection').toEqual(['get', 'set']);
  });
});

describe('throwOnCacheError makes cache failures fail the call [ex1.caching-client.throw-on-cache-error]', () => {
  it('rejects with the cache\'s error from get()', async () => {
    const upstream = fakeUpstream();
    const failure = new Error('backend down');
    const client = new CachingClient({ client: upstream.client, cache: brokenCache(failure), key: testKey, throwOnCacheError: true });
    await expect(client.chat(request), 'the caller asked to see cache failures').rejects.toBe(failure);
  });

  it('rejects with the cache\'s error from set()', async () => {
    const failure = new Error('disk full');
    const cache: Cache<ChatResponse> = { ...memoryCache().cache, set: () => Promise.reject(failure) };
    const client = new CachingClient({ client: fakeUpstream().client, cache, key: testKey, throwOnCacheError: true });
    await expect(client.chat(request), 'a failing cache.set() fails the call too when throwOnCacheError is set').rejects.toBe(failure);
  });
});

describe('the constructor rejects a missing client or cache [ex1.caching-client.constructor]', () => {
  it.each([
    ['no options at all', undefined],
    ['no client', { cache: memoryCache().cache }],
    ['a client without chat()', { client: {}, cache: memoryCache().cache }],
  ])('throws a TypeError naming `client` for %s', (_label, options) => {
    expect(() => new CachingClient(options as never), 'the wrapped client must have a chat() method').toThrow(TypeError);
    expect(() => new CachingClient(options as never)).toThrow('`client`');
  });

  const client = fakeUpstream().client;
  it.each([
    ['no cache', { client }],
    ['a cache without set()', { client, cache: { get: () => undefined } }],
    ['a cache without get()', { client, cache: { set: () => undefined } }],
  ])('throws a TypeError naming `cache` for %s', (_label, options) => {
    expect(() => new CachingClient(options as never), 'the cache must have get() and set()').toThrow(TypeError);
    expect(() => new CachingClient(options as never)).toThrow('`cache`');
  });
});
