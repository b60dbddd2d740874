import { describe, expect, it } from 'vitest';
import { OfflineClient } from '@workbook/openrouter';
import { CacheStats, InstrumentedCache, InstrumentedClient, type StatsSnapshot } from '@impl';
import { MapCache } from '../helpers/caches.js';
import { request, TinyCachingClient } from '../helpers/clients.js';
import { manualClock } from '../helpers/clock.js';

/** A cache and a client sharing one CacheStats on a manual clock, after a little traffic. */
async function busy(start = 1_000) {
  const clock = manualClock(start);
  const stats = new CacheStats({ now: clock.now });
  const cache = new InstrumentedCache(new MapCache<never>(), { stats, sampleEvery: 1, trackMemory: true });
  const upstream = new OfflineClient({ latencyMs: 0 });
  const client = new InstrumentedClient(new TinyCachingClient(upstream, cache), { stats });
  for (const q of ['a', 'b', 'a', 'a']) {
    clock.advance(100);
    await client.chat(request(q));
  }
  return { clock, stats, cache, client };
}

/** Every leaf of a JSON value, with its path. */
function leaves(value: unknown, path = 'snapshot'): [string, unknown][] {
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, `${path}.${k}`));
  return [[path, value]];
}

describe('snapshot()', () => {
  it('has the documented sections and version 1', async () => {
    const { stats } = await busy();
    const snapshot = stats.snapshot();
    expect(Object.keys(snapshot).sort()).toEqual(['cache', 'latency', 'memory', 'requests', 'sinceMs', 'takenAtMs', 'value', 'version']);
    expect(snapshot.version).toBe(1);
    expect(Object.keys(snapshot.latency).sort()).toEqual(['hit', 'miss', 'operation']);
    expect(snapshot.requests).toMatchObject({ total: 4, hits: 2, misses: 2, errors: 0, hitRate: 0.5 });
    expect(snapshot.cache).toMatchObject({ hits: 2, misses: 2, sets: 2 });
    expect(snapshot.value).toMatchObject({ callsAvoided: 2 });
    expect(snapshot.latency.hit.count).toBe(2);
    expect(snapshot.memory).toMatchObject({ entries: 2 });
  });

  it('survives JSON unchanged: plain data, no undefined, NaN or Infinity', async () => {
    const { stats } = await busy();
    const snapshot = stats.snapshot();
    expect(JSON.parse(JSON.stringify(snapshot)), 'JSON.parse(JSON.stringify(snapshot)) must deep-equal the snapshot').toEqual(snapshot);
    for (const [path, leaf] of leaves(snapshot)) {
      if (typeof leaf === 'number') expect(Number.isFinite(leaf), `${path} must be a finite number, got ${leaf}`).toBe(true);
      else expect(['string', 'object'].includes(typeof leaf) && leaf !== undefined, `${path} is ${String(leaf)}`).toBe(true);
    }
  });

  it('is all zeros before any traffic, with hit rates of 0 and memory null when nothing tracks it', () => {
    const clock = manualClock(5_000);
    const snapshot = new CacheStats({ now: clock.now }).snapshot();
    expect(snapshot.requests).toMatchObject({ total: 0, hitRate: 0 });
    expect(snapshot.cache.hitRate).toBe(0);
    expect(snapshot.latency.miss.p99Ms).toBe(0);
    expect(snapshot.memory).toBeNull();
    for (const [path, leaf] of leaves(snapshot)) {
      // Clock readings and the window's shape are not counts.
      if (['snapshot.version', 'snapshot.takenAtMs', 'snapshot.sinceMs'].includes(path) || path.includes('.recent.')) continue;
      if (typeof leaf === 'number') expect(leaf, `${path} before any traffic`).toBe(0);
    }
  });

  it('stamps takenAtMs and sinceMs on the injected clock', async () => {
    const { stats, clock } = await busy(1_000);
    clock.set(9_999);
    const snapshot = stats.snapshot();
    expect(snapshot.sinceMs, 'the stats were created at t=1000').toBe(1_000);
    expect(snapshot.takenAtMs).toBe(9_999);
  });

  it('is a copy: later traffic does not change a snapshot already taken', async () => {
    const { stats, client } = await busy();
    const before = stats.snapshot();
    const frozen = JSON.parse(JSON.stringify(before)) as StatsSnapshot;
    await client.chat(request('c'));
    await client.chat(request('a'));
    expect(before).toEqual(frozen);
    expect(stats.snapshot().requests.total).toBe(6);
  });
});

describe('reset()', () => {
  it('zeroes every counter, distribution and value total, and restarts sinceMs at now', async () => {
    const { stats, clock } = await busy();
    clock.set(50_000);
    stats.reset();
    const snapshot = stats.snapshot();
    expect(snapshot.sinceMs).toBe(50_000);
    expect(snapshot.requests).toMatchObject({ total: 0, hits: 0, misses: 0, errors: 0, hitRate: 0 });
    expect(snapshot.requests.recent).toMatchObject({ hits: 0, misses: 0, hitRate: 0 });
    expect(snapshot.cache).toMatchObject({ hits: 0, misses: 0, sets: 0, errors: 0 });
    expect(snapshot.latency.hit).toMatchObject({ count: 0, sumMs: 0, maxMs: 0, buckets: [] });
    expect(snapshot.latency.operation.count).toBe(0);
    expect(snapshot.value).toMatchObject({ callsAvoided: 0, tokensSaved: 0, costSavedUsd: 0, byModel: {} });
  });

  it('keeps the memory figures: they describe what the cache holds, not what happened', async () => {
    const { stats } = await busy();
    const entries = stats.snapshot().memory?.entries;
    stats.reset();
    expect(stats.snapshot().memory?.entries).toBe(entries);
  });

  it('counts afresh after a reset', async () => {
    const { stats, client } = await busy();
    stats.reset();
    await client.chat(request('a'));
    expect(stats.snapshot().requests).toMatchObject({ total: 1, hits: 1 });
  });
});
