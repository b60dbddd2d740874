import { describe, expect, it } from 'vitest';
import { OfflineClient } from '@workbook/openrouter';
import { CacheStats, InstrumentedCache, InstrumentedClient } from '@impl';
import { MapCache } from '../helpers/caches.js';
import { request, response, TinyCachingClient } from '../helpers/clients.js';
import { manualClock } from '../helpers/clock.js';

describe('InstrumentedClient counts requests by their cache mark', () => {
  it('starts with no requests and a hit rate of 0, not NaN', () => {
    const client = new InstrumentedClient(new OfflineClient({ latencyMs: 0 }), { stats: new CacheStats({ now: manualClock().now }) });
    expect(client.stats.requests).toEqual({ total: 0, hits: 0, misses: 0, errors: 0, hitRate: 0 });
  });

  it('counts responses marked cache.hit as hits and the rest as misses', async () => {
    const upstream = new OfflineClient({ latencyMs: 0 });
    const client = new InstrumentedClient(new TinyCachingClient(upstream), { stats: new CacheStats({ now: manualClock().now }) });
    await client.chat(request('a'));
    await client.chat(request('a'));
    await client.chat(request('a'));
    await client.chat(request('b'));
    expect(client.stats.requests).toEqual({ total: 4, hits: 2, misses: 2, errors: 0, hitRate: 0.5 });
  });

  it('counts a response without a cache mark as a miss: it came from upstream', async () => {
    const client = new InstrumentedClient({ chat: async () => response() }, { stats: new CacheStats({ now: manualClock().now }) });
    await client.chat(request('a'));
    expect(client.stats.requests).toMatchObject({ hits: 0, misses: 1 });
  });

  it('counts a failed request as an error, neither hit nor miss, and rethrows the same error', async () => {
    const failure = new Error('upstream down');
    const client = new InstrumentedClient({ chat: async () => Promise.reject(failure) }, { stats: new CacheStats({ now: manualClock().now }) });
    await expect(client.chat(request('a'))).rejects.toBe(failure);
    expect(client.stats.requests).toEqual({ total: 1, hits: 0, misses: 0, errors: 1, hitRate: 0 });
  });

  it('returns the very response object the wrapped client returned', async () => {
    const answer = response('openai/gpt-4o-mini', undefined, { hit: true, key: 'k' });
    const client = new InstrumentedClient({ chat: async () => answer });
    expect(await client.chat(request('a'))).toBe(answer);
  });

  it('passes the request and the call options through unchanged', async () => {
    const seen: unknown[] = [];
    const client = new InstrumentedClient({ chat: async (req, options) => (seen.push(req, options), response()) });
    const req = request('a');
    const options = { signal: new AbortController().signal };
    await client.chat(req, options);
    expect(seen[0]).toBe(req);
    expect(seen[1]).toBe(options);
  });

  it('keeps the two layers apart when a cache and a client share one CacheStats', async () => {
    const stats = new CacheStats({ now: manualClock().now });
    const cache = new InstrumentedCache(new MapCache<never>(), { stats });
    const client = new InstrumentedClient(new TinyCachingClient(new OfflineClient({ latencyMs: 0 }), cache), { stats });
    await client.chat(request('a'));
    await client.chat(request('a'));
    expect(stats.requests, 'the client saw 2 requests: 1 miss, 1 hit').toMatchObject({ total: 2, hits: 1, misses: 1 });
    expect(stats.cache, 'the cache saw 2 lookups and 1 set, counted once').toMatchObject({ hits: 1, misses: 1, sets: 1 });
  });

  it('rejects a client without chat() with a TypeError naming `client`', () => {
    expect(() => new InstrumentedClient({} as never)).toThrow(TypeError);
    expect(() => new InstrumentedClient({} as never)).toThrow(/`client`/);
  });
});
