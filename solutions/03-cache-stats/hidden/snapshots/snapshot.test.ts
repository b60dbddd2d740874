import { describe, expect, it } from 'vitest';
import { OfflineClient } from '@workbook/openrouter';
import { CacheStats, InstrumentedCache, InstrumentedClient, type StatsSnapshot } from '@impl';
import { MapCache } from '../helpers/caches.js';
import { request, TinyCachingClient } from '../helpers/clients.js';
import { manualClock } from '../helpers/clock.js';

/** A cache and a client sharing one CacheStats on a manual clock, after a little traffic; memory from a stub source. */
async function busy(start = 1_000) {
  const clock = manualClock(start);
  const stats = new CacheStats({ now: clock.now });
  stats.addMemorySource(() => ({ entries: 2, bytes: 300 }));
  const cache = new InstrumentedCache(new MapCache<never>(), { stats, sampleEvery: 1 });
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

describe('snapshot() has the documented sections, filled from the parts [ex3.snapshots.snapshot-sections]', () => {
  it('has the documented sections and version 1', async () => {
    const { stats } = await busy();
    const snapshot = stats.snapshot();
    expect(Object.keys(snapshot).sort()).toEqual(['cache', 'latency', 'memory', 'requests', 'sinceMs', 'takenAtMs', 'value', 'version']);
    expect(snapshot.version).toBe(1);
    expect(Object.keys(snapshot.latency).sort()).toEqual(['firstTokenHit', 'firstTokenMiss', 'hit', 'miss', 'operation']);
  });

  it('fills each section from the counters, histograms, ledger and memory sources', async () => {
    const { stats } = await busy();
    const snapshot = stats.snapshot();
    expect(snapshot.requests).toMatchObject({ total: 4, hits: 2, misses: 2, errors: 0, hitRate: 0.5 });
    expect(snapshot.cache).toEqual(stats.cache);
    expect(snapshot.latency.hit).toEqual(stats.latency.hit.summary());
    expect(snapshot.latency.miss).toEqual(stats.latency.miss.summary());
    expect(snapshot.latency.operation, 'sampleEvery 1: every cache operation timed').toEqual(stats.latency.operation.summary());
    expect(snapshot.value).toEqual(stats.value);
    expect(snapshot.memory).toEqual({ entries: 2, bytes: 300 });
  });

  it('adds up the figures of every memory source, and takes only functions as sources', () => {
    const stats = new CacheStats({ now: manualClock().now });
    expect(() => stats.addMemorySource({ entries: 1, bytes: 1 } as never), 'a source is a function').toThrow(/`source`/);
    stats.addMemorySource(() => ({ entries: 2, bytes: 300 }));
    stats.addMemorySource(() => ({ entries: 5, bytes: 1_000 }));
    expect(stats.snapshot().memory).toEqual({ entries: 7, bytes: 1_300 });
  });
});

describe('a part that throws goes to onError and breaks nothing [ex3.snapshots.never-throws]', () => {
  it('still takes a snapshot when a memory source throws, and tells onError', () => {
    const errors: unknown[] = [];
    const failure = new Error('source broke');
    const stats = new CacheStats({ now: manualClock().now, onError: (error) => errors.push(error) });
    stats.addMemorySource(() => ({ entries: 2, bytes: 300 }));
    stats.addMemorySource(() => {
      throw failure;
    });
    expect(stats.snapshot().memory, 'the figures of the sources that worked').toEqual({ entries: 2, bytes: 300 });
    expect(errors, 'onError received the error').toEqual([failure]);
  });

  it('rejects an onError that is not a function with a TypeError naming `onError`', () => {
    expect(() => new CacheStats({ onError: 'log' as never })).toThrow(TypeError);
    expect(() => new CacheStats({ onError: 'log' as never })).toThrow(/`onError`/);
    const stats = new CacheStats({ now: manualClock().now, onError: undefined });
    expect(stats.snapshot().memory).toBeNull();
  });
});

describe('snapshot() reads the clock once [ex3.snapshots.snapshot-clock]', () => {
  it('stamps takenAtMs and sinceMs on the injected clock', async () => {
    const { stats, clock } = await busy(1_000);
    clock.set(9_999);
    const snapshot = stats.snapshot();
    expect(snapshot.sinceMs, 'the stats were created at t=1000').toBe(1_000);
    expect(snapshot.takenAtMs).toBe(9_999);
  });

  it('reads performance.now() by default, and only a function as a clock', () => {
    const before = performance.now();
    const snapshot = new CacheStats().snapshot();
    const after = performance.now();
    expect(snapshot.takenAtMs, 'takenAtMs on the default clock, performance.now()').toBeGreaterThanOrEqual(before);
    expect(snapshot.takenAtMs).toBeLessThanOrEqual(after);
    expect(snapshot.sinceMs).toBeGreaterThanOrEqual(before);
    expect(() => new CacheStats({ now: 5 as never }), 'a clock is a function').toThrow(/`now`/);
  });

  it('reads the recent window at takenAtMs, not at a second reading of the clock', () => {
    // A clock that moves a whole bucket forward every time it is read.
    let t = 0;
    const stats = new CacheStats({ now: () => (t += 10_000), windowMs: 30_000, bucketMs: 10_000 });
    const snapshot = stats.snapshot();
    expect(snapshot.requests.recent.timeline.at(-1)!.startMs, `the newest point of requests.recent is the bucket of takenAtMs (${snapshot.takenAtMs})`).toBe(snapshot.takenAtMs);
  });
});

describe('snapshot() is fresh plain data [ex3.snapshots.snapshot-plain]', () => {
  it('survives JSON unchanged: plain data, no undefined, NaN or Infinity', async () => {
    const { stats } = await busy();
    const snapshot = stats.snapshot();
    expect(JSON.parse(JSON.stringify(snapshot)), 'JSON.parse(JSON.stringify(snapshot)) must deep-equal the snapshot').toEqual(snapshot);
    for (const [path, leaf] of leaves(snapshot)) {
      if (typeof leaf === 'number') expect(Number.isFinite(leaf), `${path} must be a finite number, got ${leaf}`).toBe(true);
      else expect(['string', 'object'].includes(typeof leaf) && leaf !== undefined, `${path} is ${String(leaf)}`).toBe(true);
    }
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

describe('snapshot() reads all zeros before any traffic [ex3.snapshots.snapshot-empty]', () => {
  it('is all zeros before any traffic, with hit rates of 0 and memory null when nothing tracks it', () => {
    const clock = manualClock(5_000);
    const snapshot = new CacheStats({ now: clock.now }).snapshot();
    expect(snapshot.requests).toMatchObject({ total: 0, hitRate: 0 });
    expect(snapshot.cache.hitRate).toBe(0);
    expect(snapshot.latency.miss.p99Ms).toBe(0);
    expect(snapshot.memory, 'no memory source: memory is null').toBeNull();
    for (const [path, leaf] of leaves(snapshot)) {
      // Clock readings and the window's shape are not counts.
      if (['snapshot.version', 'snapshot.takenAtMs', 'snapshot.sinceMs'].includes(path) || path.includes('.recent.')) continue;
      if (typeof leaf === 'number') expect(leaf, `${path} before any traffic`).toBe(0);
    }
  });
});

describe('reset() zeroes everything that counts and restarts sinceMs [ex3.snapshots.reset]', () => {
  it('zeroes every counter, distribution and value total, and restarts sinceMs at now', async () => {
    const { stats, clock } = await busy();
    expect(stats.snapshot().latency.miss.count, 'the traffic had misses to forget').toBe(2);
    clock.set(50_000);
    stats.reset();
    const snapshot = stats.snapshot();
    expect(snapshot.sinceMs).toBe(50_000);
    expect(snapshot.requests).toMatchObject({ total: 0, hits: 0, misses: 0, errors: 0, hitRate: 0 });
    expect(snapshot.cache).toEqual({ hits: 0, misses: 0, hitRate: 0, sets: 0, has: 0, deletes: 0, clears: 0, expirations: 0, evictions: 0, errors: 0 });
    const empty = { count: 0, sumMs: 0, minMs: 0, maxMs: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, buckets: [] };
    expect(snapshot.latency, 'every latency distribution').toEqual({ hit: empty, miss: empty, operation: empty, firstTokenHit: empty, firstTokenMiss: empty });
    expect(snapshot.value).toMatchObject({ requests: 0, callsAvoided: 0, tokensSaved: 0, costSavedUsd: 0, byModel: {} });
  });

  it('empties the recent window', async () => {
    const { stats } = await busy();
    stats.reset();
    expect(stats.snapshot().requests.recent).toMatchObject({ hits: 0, misses: 0, hitRate: 0 });
  });

  it('zeroes the request errors too', async () => {
    const stats = new CacheStats({ now: manualClock().now });
    stats.recordRequestError();
    stats.recordError();
    stats.reset();
    expect(stats.snapshot().requests.errors).toBe(0);
    expect(stats.snapshot().cache.errors).toBe(0);
  });

  it('counts afresh after a reset', async () => {
    const { stats, client } = await busy();
    stats.reset();
    await client.chat(request('a'));
    expect(stats.snapshot().requests).toMatchObject({ total: 1, hits: 1 });
  });
});

describe('reset() keeps the memory figures [ex3.snapshots.reset-keeps-memory]', () => {
  it('keeps the memory figures: they describe what the cache holds, not what happened', async () => {
    const { stats } = await busy();
    stats.reset();
    expect(stats.snapshot().memory).toEqual({ entries: 2, bytes: 300 });
  });
});
