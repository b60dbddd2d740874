import { performance } from 'node:perf_hooks';
import type { Usage } from '@workbook/openrouter';
import { LatencyHistogram, type LatencySummary } from './histogram.js';
import { hitRate } from './hit-rate.js';
import type { MemoryUsage } from './memory.js';
import { assertFunction } from './validate.js';
import { ValueLedger, type ValueSummary } from './value.js';
import { HitRateWindow, type WindowedHitRate } from './window.js';

/** Why an entry left a cache without a `delete()` call: its time to live ran out, or it made room for another. */
export type RemovalReason = 'expire' | 'evict';

/** Cache operations other than `get`, which counts as a hit or a miss instead. */
export type CacheOperation = 'set' | 'has' | 'delete' | 'clear';

/** What the cache layer saw. Only calls that completed are counted; a call that threw counts in `errors` instead. */
export interface CacheCounts {
  /** `get()` calls that found a value. */
  hits: number;
  /** `get()` calls that found nothing (`undefined`). */
  misses: number;
  /** `hits / (hits + misses)`, 0 before the first lookup. */
  hitRate: number;
  sets: number;
  /** `has()` calls: probes, which move neither hits nor misses. */
  has: number;
  deletes: number;
  clears: number;
  /** Entries the cache reported as expired (see `InstrumentedCache.reportRemoval`). */
  expirations: number;
  /** Entries the cache reported as evicted to make room. */
  evictions: number;
  /** Cache calls that threw or rejected (the error still reached the caller). */
  errors: number;
}

/** What the client layer saw: requests, classified by the `cache.hit` mark of their response. */
export interface RequestCounts {
  /** Every request, failed ones included: `hits + misses + errors`. */
  total: number;
  /** Responses marked `cache.hit === true`. */
  hits: number;
  /** Responses from upstream: marked `cache.hit === false`, or not marked at all. */
  misses: number;
  /** Requests that threw or rejected. */
  errors: number;
  /** `hits / (hits + misses)`, 0 before the first answered request. */
  hitRate: number;
}

/**
 * Everything at one moment, as plain JSON: stable field names, units in the names (`Ms` milliseconds on the stats
 * clock, `Usd` US dollars, `tokens` tokens, `bytes` bytes), only finite numbers, no `undefined`, `NaN` or `Infinity`.
 * `JSON.parse(JSON.stringify(snapshot))` deep-equals the snapshot.
 */
export interface StatsSnapshot {
  /** The layout's version; bumped when a field is renamed or changes meaning. */
  version: 1;
  /** When the snapshot was taken, in ms on the stats clock. */
  takenAtMs: number;
  /** When counting began (construction or the last `reset()`), in ms on the same clock. */
  sinceMs: number;
  cache: CacheCounts;
  requests: RequestCounts & {
    /** The request hit rate over the last `windowMs`, with one timeline point per bucket. */
    recent: WindowedHitRate;
  };
  latency: {
    /** Requests served from the cache, end to end as the caller waited. */
    hit: LatencySummary;
    /** Requests answered upstream, end to end (lookup + upstream call + store). */
    miss: LatencySummary;
    /** Individual cache operations (get, set, has, delete, clear), one in `sampleEvery` timed. */
    operation: LatencySummary;
    /** Streamed requests served from the cache: from the call to the first chunk, as the caller waited. */
    firstTokenHit: LatencySummary;
    /** Streamed requests answered upstream: from the call to the first chunk. */
    firstTokenMiss: LatencySummary;
  };
  value: ValueSummary;
  /** Entries and approximate bytes of the caches that track memory; `null` when none does. */
  memory: MemoryUsage | null;
}

export interface CacheStatsOptions {
  /**
   * The clock, in milliseconds. Latencies are differences of two readings; windows and snapshot times are readings.
   * @default `performance.now` (ms since the process started, sub-microsecond resolution, never steps back)
   */
  now?: () => number;
  /** How far back `requests.recent` looks, in ms (see HitRateWindow). @default 300_000 (5 minutes) */
  windowMs?: number;
  /** Time bucket of the recent hit rate, in ms. @default 10_000 (10 s) */
  bucketMs?: number;
  /** Most models listed one by one in `value.byModel`. @default 100 */
  maxModels?: number;
  /**
   * Told when recording itself fails (a bug in a statistics component). Statistics must never break the cache they
   * measure, so the failure goes here and the cache call carries on. @default undefined (ignored)
   */
  onError?: (error: unknown) => void;
}

/**
 * The statistics of one cache (and the client in front of it): counters, latency distributions, the value of the
 * hits, a windowed hit rate. `InstrumentedCache` and `InstrumentedClient` record into it — share one `CacheStats`
 * between the two to see both layers in a single snapshot. Counters are kept per layer (`cache` for lookups in the
 * cache, `requests` for chat calls), so wrapping both layers never counts a lookup twice.
 */
export class CacheStats {
  /** The clock every instrument of this stats object reads, in ms. */
  readonly now: () => number;
  /** The live latency distributions, in ms. */
  readonly latency: {
    readonly hit: LatencyHistogram;
    readonly miss: LatencyHistogram;
    readonly operation: LatencyHistogram;
    /** Time to first token of streamed hits. */
    readonly firstTokenHit: LatencyHistogram;
    /** Time to first token of streamed misses. */
    readonly firstTokenMiss: LatencyHistogram;
  };
  readonly #window: HitRateWindow;
  readonly #ledger: ValueLedger;
  readonly #onError: ((error: unknown) => void) | undefined;
  readonly #memory: (() => MemoryUsage)[] = [];
  #since: number;
  #cache = zeroCache();
  #requests = { hits: 0, misses: 0, errors: 0 };

  constructor(options: CacheStatsOptions = {}) {
    const { now = () => performance.now(), windowMs, bucketMs, maxModels, onError } = options;
    assertFunction('now', now);
    if (onError !== undefined) assertFunction('onError', onError);
    this.now = now;
    this.latency = {
      hit: new LatencyHistogram(),
      miss: new LatencyHistogram(),
      operation: new LatencyHistogram(),
      firstTokenHit: new LatencyHistogram(),
      firstTokenMiss: new LatencyHistogram(),
    };
    this.#window = new HitRateWindow({ windowMs, bucketMs });
    this.#ledger = new ValueLedger({ maxModels });
    this.#onError = onError;
    this.#since = now();
  }

  /** The cache layer's counters right now (a fresh object). */
  get cache(): CacheCounts {
    const { hits, misses, sets, has, deletes, clears, expirations, evictions, errors } = this.#cache;
    return { hits, misses, hitRate: hitRate(hits, misses), sets, has, deletes, clears, expirations, evictions, errors };
  }

  /** The client layer's counters right now (a fresh object). */
  get requests(): RequestCounts {
    const { hits, misses, errors } = this.#requests;
    return { total: hits + misses + errors, hits, misses, errors, hitRate: hitRate(hits, misses) };
  }

  /** What the cache was worth so far. */
  get value(): ValueSummary {
    return this.#ledger.summary();
  }

  /** Counts a completed `get()`: a hit when it found a value. */
  recordLookup(hit: boolean): void {
    if (hit) this.#cache.hits++;
    else this.#cache.misses++;
  }

  /** Counts a completed `set`, `has`, `delete` or `clear`. */
  recordOperation(operation: CacheOperation): void {
    switch (operation) {
      case 'set':
        this.#cache.sets++;
        break;
      case 'has':
        this.#cache.has++;
        break;
      case 'delete':
        this.#cache.deletes++;
        break;
      case 'clear':
        this.#cache.clears++;
        break;
    }
  }

  /** Counts a cache call that threw or rejected. */
  recordError(): void {
    this.#cache.errors++;
  }

  /** Counts an entry the cache dropped on its own. */
  recordRemoval(reason: RemovalReason): void {
    if (reason === 'expire') this.#cache.expirations++;
    else this.#cache.evictions++;
  }

  /** Adds the duration of one cache operation, in ms. */
  recordOperationLatency(ms: number): void {
    this.#guard(() => this.latency.operation.record(ms));
  }

  /**
   * Counts an answered request for `model` — from the cache when `hit` — that took `latencyMs` and ended at `atMs`
   * on the stats clock (read now when not given).
   */
  recordRequest(model: string, hit: boolean, latencyMs: number, usage?: Usage, atMs?: number): void {
    if (hit) this.#requests.hits++;
    else this.#requests.misses++;
    const at = atMs ?? this.now();
    this.#guard(() => (hit ? this.latency.hit : this.latency.miss).record(latencyMs));
    this.#guard(() => this.#window.record(hit, at));
    this.#guard(() => this.#ledger.record(model, hit, latencyMs, usage));
  }

  /** Records a streamed request's time to first token, in ms: a hit's or a miss's. */
  recordFirstToken(hit: boolean, ms: number): void {
    this.#guard(() => (hit ? this.latency.firstTokenHit : this.latency.firstTokenMiss).record(ms));
  }

  /** Counts a request that failed. It is neither a hit nor a miss, and its latency is not recorded. */
  recordRequestError(): void {
    this.#requests.errors++;
  }

  /** Adds a source of memory figures (a cache that tracks its entries) to every snapshot. */
  addMemorySource(source: () => MemoryUsage): void {
    assertFunction('source', source);
    this.#memory.push(source);
  }

  /** Everything at this moment, as plain JSON (see {@link StatsSnapshot}). */
  snapshot(): StatsSnapshot {
    const takenAtMs = this.now();
    const requests = this.requests;
    return {
      version: 1,
      takenAtMs,
      sinceMs: this.#since,
      cache: this.cache,
      requests: { ...requests, recent: this.#window.read(takenAtMs) },
      latency: {
        hit: this.latency.hit.summary(),
        miss: this.latency.miss.summary(),
        operation: this.latency.operation.summary(),
        firstTokenHit: this.latency.firstTokenHit.summary(),
        firstTokenMiss: this.latency.firstTokenMiss.summary(),
      },
      value: this.#ledger.summary(),
      memory: this.#memoryUsage(),
    };
  }

  /**
   * Zeroes every counter, distribution, value total and the recent window, and restarts `sinceMs` at now. Memory
   * figures are not counters but the cache's contents, so they stay.
   */
  reset(): void {
    this.#cache = zeroCache();
    this.#requests = { hits: 0, misses: 0, errors: 0 };
    this.latency.hit.reset();
    this.latency.miss.reset();
    this.latency.operation.reset();
    this.latency.firstTokenHit.reset();
    this.latency.firstTokenMiss.reset();
    this.#window.reset();
    this.#ledger.reset();
    this.#since = this.now();
  }

  #memoryUsage(): MemoryUsage | null {
    if (this.#memory.length === 0) return null;
    const total = { entries: 0, bytes: 0 };
    for (const source of this.#memory) {
      this.#guard(() => {
        const { entries, bytes } = source();
        total.entries += entries;
        total.bytes += bytes;
      });
    }
    return total;
  }

  #guard(record: () => void): void {
    try {
      record();
    } catch (error) {
      this.#onError?.(error);
    }
  }
}

function zeroCache(): Omit<CacheCounts, 'hitRate'> {
  return { hits: 0, misses: 0, sets: 0, has: 0, deletes: 0, clears: 0, expirations: 0, evictions: 0, errors: 0 };
}
