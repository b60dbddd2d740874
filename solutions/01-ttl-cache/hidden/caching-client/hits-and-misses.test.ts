import { describe, expect, it } from 'vitest';
import { OfflineClient } from '@workbook/openrouter';
import { CachingClient, TTLCache, cacheKey } from '@impl';
import { fakeUpstream, recordingCache, request } from '../helpers/upstream.js';

describe('a miss goes upstream once; a hit does not go at all', () => {
  it('calls upstream exactly once on a miss', async () => {
    const upstream = fakeUpstream();
    const client = new CachingClient({ client: upstream.client, cache: new TTLCache() });
    await client.chat(request);
    expect(upstream.calls.length, 'the first request is a miss: one upstream call').toBe(1);
  });

  it('stores the response under cacheKey(request)', async () => {
    const upstream = fakeUpstream();
    const store = recordingCache();
    const client = new CachingClient({ client: upstream.client, cache: store.cache });
    await client.chat(request);
    expect(store.sets.map((s) => s.key), 'the response must be stored under cacheKey(request)').toEqual([cacheKey(request)]);
  });

  it('answers a repeated request from the cache without calling upstream', async () => {
    const upstream = fakeUpstream();
    const client = new CachingClient({ client: upstream.client, cache: new TTLCache() });
    const first = await client.chat(request);
    const second = await client.chat(structuredClone(request));
    expect(upstream.calls.length, 'the second, identical request must be served from the cache').toBe(1);
    expect(second.choices[0]?.message.content).toBe(first.choices[0]?.message.content);
  });

  it('marks a miss with cache.hit = false and the key', async () => {
    const client = new CachingClient({ client: fakeUpstream().client, cache: new TTLCache() });
    const result = await client.chat(request);
    expect(result.cache, 'a miss says so: cache: { hit: false, key }').toEqual({ hit: false, key: cacheKey(request) });
  });

  it('marks a hit with cache.hit = true and the key', async () => {
    const client = new CachingClient({ client: fakeUpstream().client, cache: new TTLCache() });
    await client.chat(request);
    const result = await client.chat(request);
    expect(result.cache, 'a hit says so: cache: { hit: true, key }').toEqual({ hit: true, key: cacheKey(request) });
  });

  it('keeps different requests apart', async () => {
    const upstream = fakeUpstream((req) => ({ ...fakeAnswer(String(req.messages[0]?.content)) }));
    const client = new CachingClient({ client: upstream.client, cache: new TTLCache() });
    const a = await client.chat(request);
    const b = await client.chat({ ...request, messages: [{ role: 'user', content: 'Something else' }] });
    expect(upstream.calls.length, 'two different requests are two misses').toBe(2);
    expect(b.choices[0]?.message.content).not.toBe(a.choices[0]?.message.content);
  });

  it('passes the request and the abort signal through to upstream unchanged', async () => {
    const upstream = fakeUpstream();
    const client = new CachingClient({ client: upstream.client, cache: new TTLCache() });
    const signal = new AbortController().signal;
    await client.chat(request, { signal });
    expect(upstream.calls[0]?.request).toEqual(request);
    expect(upstream.calls[0]?.options?.signal, 'the caller\'s AbortSignal must reach the upstream client').toBe(signal);
  });

  it('stores with the configured ttlMs', async () => {
    const store = recordingCache();
    const client = new CachingClient({ client: fakeUpstream().client, cache: store.cache, ttlMs: 60_000 });
    await client.chat(request);
    expect(store.sets[0]?.ttlMs, 'the ttlMs option is passed to cache.set(key, value, ttlMs)').toBe(60_000);
  });

  it('works with an asynchronous cache', async () => {
    const upstream = fakeUpstream();
    const client = new CachingClient({ client: upstream.client, cache: recordingCache().cache });
    await client.chat(request);
    const hit = await client.chat(request);
    expect(upstream.calls.length, 'await the cache: get() may return a promise').toBe(1);
    expect(hit.cache?.hit).toBe(true);
  });

  it('serves the offline model\'s answer again on a hit', async () => {
    const offline = new OfflineClient({ latencyMs: 0 });
    const client = new CachingClient({ client: offline, cache: new TTLCache() });
    const miss = await client.chat(request);
    const hit = await client.chat(request);
    expect(offline.calls).toBe(1);
    expect(hit.choices, 'a hit returns the same answer the miss received').toEqual(miss.choices);
    expect(hit.usage).toEqual(miss.usage);
  });
});

function fakeAnswer(content: string) {
  return {
    id: `gen-${content}`,
    object: 'chat.completion' as const,
    created: 1,
    model: 'm',
    choices: [{ index: 0, message: { role: 'assistant' as const, content: `answer to ${content}` }, finish_reason: 'stop' as const }],
  };
}
