import { describe, expect, it } from 'vitest';
import { OfflineClient } from '@workbook/openrouter';
import { CachingClient, cacheKey } from '@impl';
import { fakeUpstream, memoryCache, recordingCache, request, response, testKey } from '../helpers/upstream.js';

describe('the key is options.key(request), or cacheKey(request) by default [ex1.caching-client.key]', () => {
  it('uses the key function it was given', async () => {
    const store = recordingCache();
    const client = new CachingClient({ client: fakeUpstream().client, cache: store.cache, key: () => 'my-key' });
    const result = await client.chat(request);
    expect(store.sets.map((s) => s.key), 'with a `key` option, the response is stored under key(request)').toEqual(['my-key']);
    expect(result.cache?.key).toBe('my-key');
  });

  it('uses cacheKey(request) without a key option', async () => {
    const store = recordingCache();
    const client = new CachingClient({ client: fakeUpstream().client, cache: store.cache });
    await client.chat(request);
    expect(store.sets.map((s) => s.key), 'by default the response is stored under cacheKey(request)').toEqual([cacheKey(request)]);
  });
});

describe('a miss calls upstream exactly once, with the request and options it was given [ex1.caching-client.miss]', () => {
  it('calls upstream exactly once on a miss', async () => {
    const upstream = fakeUpstream();
    const client = new CachingClient({ client: upstream.client, cache: memoryCache().cache, key: testKey });
    await client.chat(request);
    expect(upstream.calls.length, 'the first request is a miss: one upstream call').toBe(1);
  });

  it('passes the request and the abort signal through to upstream unchanged', async () => {
    const upstream = fakeUpstream();
    const client = new CachingClient({ client: upstream.client, cache: memoryCache().cache, key: testKey });
    const signal = new AbortController().signal;
    const options = { signal };
    await client.chat(request, options);
    expect(upstream.calls[0]?.request, 'upstream gets the caller\'s request, unchanged').toEqual(request);
    expect(upstream.calls[0]?.options?.signal, 'the caller\'s AbortSignal must reach the upstream client').toBe(signal);
  });

  it('returns upstream\'s answer marked cache: { hit: false, key }', async () => {
    const client = new CachingClient({ client: fakeUpstream().client, cache: memoryCache().cache, key: testKey });
    const result = await client.chat(request);
    expect(result.cache, 'a miss says so: cache: { hit: false, key }').toEqual({ hit: false, key: testKey(request) });
    expect(result.choices, 'with the answer from upstream').toEqual(response().choices);
  });

  it('keeps different requests apart', async () => {
    const upstream = fakeUpstream((req) => response(`answer to ${String(req.messages[0]?.content)}`));
    const client = new CachingClient({ client: upstream.client, cache: memoryCache().cache, key: testKey });
    const a = await client.chat(request);
    const b = await client.chat({ ...request, messages: [{ role: 'user', content: 'Something else' }] });
    expect(upstream.calls.length, 'two different requests are two misses').toBe(2);
    expect(b.choices[0]?.message.content).not.toBe(a.choices[0]?.message.content);
  });
});

describe('a hit answers from the cache without calling upstream [ex1.caching-client.hit]', () => {
  it('answers a repeated request from the cache', async () => {
    const upstream = fakeUpstream();
    const client = new CachingClient({ client: upstream.client, cache: memoryCache().cache, key: testKey });
    const first = await client.chat(request);
    const second = await client.chat(structuredClone(request));
    expect(upstream.calls.length, 'the second, identical request must be served from the cache').toBe(1);
    expect(second.choices, 'the hit returns the answer the miss received').toEqual(first.choices);
  });

  it('marks a hit with cache: { hit: true, key }', async () => {
    const client = new CachingClient({ client: fakeUpstream().client, cache: memoryCache().cache, key: testKey });
    await client.chat(request);
    const result = await client.chat(request);
    expect(result.cache, 'a hit says so: cache: { hit: true, key }').toEqual({ hit: true, key: testKey(request) });
  });

  it('serves a response it finds in the cache, even one it did not store', async () => {
    const store = memoryCache();
    store.map.set(testKey(request), response('Stored earlier.'));
    const upstream = fakeUpstream();
    const client = new CachingClient({ client: upstream.client, cache: store.cache, key: testKey });
    const result = await client.chat(request);
    expect(upstream.calls.length, 'the key is in the cache: no upstream call').toBe(0);
    expect(result.choices[0]?.message.content).toBe('Stored earlier.');
  });

  it('serves the offline model\'s answer and usage again on a hit', async () => {
    const offline = new OfflineClient({ latencyMs: 0 });
    const client = new CachingClient({ client: offline, cache: memoryCache().cache, key: testKey });
    const miss = await client.chat(request);
    const hit = await client.chat(request);
    expect(offline.calls, 'one call to the offline model').toBe(1);
    expect(hit.choices, 'a hit returns the same answer the miss received').toEqual(miss.choices);
    expect(hit.usage, 'and the same usage').toEqual(miss.usage);
  });
});

describe('the cache property holds exactly { hit, key } [ex1.caching-client.cache-field]', () => {
  it('adds nothing else to the cache property, on a miss or a hit', async () => {
    const client = new CachingClient({ client: fakeUpstream().client, cache: memoryCache().cache, key: testKey });
    const miss = await client.chat(request);
    const hit = await client.chat(request);
    expect(Object.keys(miss.cache ?? {}).sort(), 'miss.cache has the keys hit and key only').toEqual(['hit', 'key']);
    expect(Object.keys(hit.cache ?? {}).sort(), 'hit.cache has the keys hit and key only').toEqual(['hit', 'key']);
  });
});

describe('a cacheable response is stored with the configured ttlMs [ex1.caching-client.store]', () => {
  it('stores with cache.set(key, response, ttlMs)', async () => {
    const store = recordingCache();
    const client = new CachingClient({ client: fakeUpstream().client, cache: store.cache, key: testKey, ttlMs: 60_000 });
    await client.chat(request);
    expect(store.sets.length, 'one miss, one cache.set()').toBe(1);
    expect(store.sets[0]?.key).toBe(testKey(request));
    expect(store.sets[0]?.value.choices, 'the stored value is the response').toEqual(response().choices);
    expect(store.sets[0]?.ttlMs, 'the ttlMs option is passed to cache.set(key, value, ttlMs)').toBe(60_000);
  });

  it('passes ttlMs undefined without the option, leaving the choice to the cache', async () => {
    const store = recordingCache();
    const client = new CachingClient({ client: fakeUpstream().client, cache: store.cache, key: testKey });
    await client.chat(request);
    expect(store.sets.length).toBe(1);
    expect(store.sets[0]?.ttlMs, 'without a ttlMs option, cache.set gets undefined as its third argument').toBeUndefined();
  });
});

describe('the cache may be synchronous or asynchronous [ex1.caching-client.async-cache]', () => {
  it.each([
    ['an asynchronous cache', () => recordingCache().cache],
    ['a synchronous cache', () => memoryCache().cache],
  ])('serves a repeat from %s', async (_label, makeCache) => {
    const upstream = fakeUpstream();
    const client = new CachingClient({ client: upstream.client, cache: makeCache(), key: testKey });
    await client.chat(request);
    const hit = await client.chat(request);
    expect(upstream.calls.length, 'await the cache: get() may return a value or a promise').toBe(1);
    expect(hit.cache?.hit).toBe(true);
  });
});

