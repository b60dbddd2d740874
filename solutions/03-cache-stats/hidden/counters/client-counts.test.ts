import { describe, expect, it } from 'vitest';
import { OfflineClient } from '@workbook/openrouter';
import { CacheStats, InstrumentedCache, InstrumentedClient } from '@impl';
import { MapCache } from '../helpers/caches.js';
import { request, response, TinyCachingClient } from '../helpers/clients.js';
import { manualClock } from '../helpers/clock.js';

const stats = () => new CacheStats({ now: manualClock().now });

describe('InstrumentedClient counts a response marked cache.hit as a hit, any other as a miss [ex3.counters.client-hits]', () => {
  it('counts responses marked cache.hit as hits and the rest as misses', async () => {
    const upstream = new OfflineClient({ latencyMs: 0 });
    const client = new InstrumentedClient(new TinyCachingClient(upstream), { stats: stats() });
    await client.chat(request('a'));
    await client.chat(request('a'));
    await client.chat(request('a'));
    await client.chat(request('b'));
    expect(client.stats.requests).toEqual({ total: 4, hits: 2, misses: 2, errors: 0, hitRate: 0.5 });
  });

  it('counts a response without a cache mark as a miss: it came from upstream', async () => {
    const client = new InstrumentedClient({ chat: async () => response() }, { stats: stats() });
    await client.chat(request('a'));
    expect(client.stats.requests, 'a response without `cache` is a miss, not a hit').toMatchObject({ hits: 0, misses: 1 });
  });

  it('records the request model, the hit and the response usage with stats.recordRequest', async () => {
    const recorded: unknown[][] = [];
    class Spy extends CacheStats {
      override recordRequest(...args: Parameters<CacheStats['recordRequest']>): void {
        recorded.push(args.slice(0, 2).concat([args[3]]));
        super.recordRequest(...args);
      }
    }
    const usage = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 };
    const client = new InstrumentedClient({ chat: async () => response('x/answered', usage, { hit: true, key: 'k' }) }, { stats: new Spy({ now: manualClock().now }) });
    await client.chat(request('a', 'x/asked'));
    expect(recorded, 'recordRequest(request.model, hit, latencyMs, response.usage, endMs)').toEqual([['x/asked', true, usage]]);
  });
});

describe('InstrumentedClient counts a failed request as an error and rethrows it [ex3.counters.client-errors]', () => {
  it('counts a failed request as an error, neither hit nor miss, and rethrows the same error', async () => {
    const failure = new Error('upstream down');
    const client = new InstrumentedClient({ chat: async () => Promise.reject(failure) }, { stats: stats() });
    await expect(client.chat(request('a')), 'the caller must see the very same error').rejects.toBe(failure);
    expect(client.stats.requests).toEqual({ total: 1, hits: 0, misses: 0, errors: 1, hitRate: 0 });
  });
});

describe('InstrumentedClient passes requests and responses through untouched [ex3.counters.client-transparent]', () => {
  it('returns the very response object the wrapped client returned', async () => {
    const answer = response('openai/gpt-4o-mini', undefined, { hit: true, key: 'k' });
    const client = new InstrumentedClient({ chat: async () => answer });
    expect(await client.chat(request('a'))).toBe(answer);
  });

  it('calls the wrapped client once, with the same request and call options', async () => {
    const seen: unknown[][] = [];
    const client = new InstrumentedClient({ chat: async (req, options) => (seen.push([req, options]), response()) });
    const req = request('a');
    const options = { signal: new AbortController().signal };
    await client.chat(req, options);
    expect(seen.length, 'one call to the wrapped client').toBe(1);
    expect(seen[0]![0]).toBe(req);
    expect(seen[0]![1]).toBe(options);
  });
});

describe('InstrumentedClient validates its arguments [ex3.counters.client-options]', () => {
  it.each<[string, unknown]>([
    ['a client without chat()', {}],
    ['null', null],
  ])('rejects %s with a TypeError naming `client`', (_what, client) => {
    expect(() => new InstrumentedClient(client as never)).toThrow(TypeError);
    expect(() => new InstrumentedClient(client as never)).toThrow(/`client`/);
  });

  it('rejects stats that is not a CacheStats with a TypeError naming `stats`', () => {
    const client = { chat: async () => response() };
    expect(() => new InstrumentedClient(client, { stats: {} as never })).toThrow(TypeError);
    expect(() => new InstrumentedClient(client, { stats: {} as never })).toThrow(/`stats`/);
  });
});

describe('stats.cache and stats.requests keep each layer apart [ex3.counters.layers]', () => {
  it('starts the cache counters at zero with a hit rate of 0, not NaN', () => {
    const cache = new InstrumentedCache(new MapCache(), { stats: stats() });
    expect(cache.stats.cache).toEqual({ hits: 0, misses: 0, hitRate: 0, sets: 0, has: 0, deletes: 0, clears: 0, expirations: 0, evictions: 0, errors: 0 });
  });

  it('starts with no requests and a hit rate of 0, not NaN', () => {
    const client = new InstrumentedClient(new OfflineClient({ latencyMs: 0 }), { stats: stats() });
    expect(client.stats.requests).toEqual({ total: 0, hits: 0, misses: 0, errors: 0, hitRate: 0 });
  });

  it('counts each lookup once per layer when a cache and a client share one CacheStats', async () => {
    const shared = stats();
    const cache = new InstrumentedCache(new MapCache<never>(), { stats: shared });
    const client = new InstrumentedClient(new TinyCachingClient(new OfflineClient({ latencyMs: 0 }), cache), { stats: shared });
    await client.chat(request('a'));
    await client.chat(request('a'));
    expect(shared.requests, 'the client saw 2 requests: 1 miss, 1 hit').toMatchObject({ total: 2, hits: 1, misses: 1 });
    expect(shared.cache, 'the cache saw 2 lookups and 1 set, counted once').toMatchObject({ hits: 1, misses: 1, sets: 1 });
  });
});
