// Yours to use: MemoryTracker (task 5), CacheStats' record methods, and validate.ts for the errors the tests expect.
import type { Cache, MaybePromise } from '@workbook/cache';
import { MemoryTracker, type MemoryUsage } from './memory.js';
import { CacheStats, type CacheOperation, type RemovalReason } from './stats.js';
import { assertPositiveInteger } from './validate.js';

export interface InstrumentedCacheOptions {
  /** Where to record. Share one with an `InstrumentedClient` to see both layers together. @default a new CacheStats() */
  stats?: CacheStats;
  /**
   * Time one cache operation in every `sampleEvery` (operations 1, 1 + N, 1 + 2N, … across get, set, has, delete
   * and clear); counters always count every operation. Two clock readings cost about five in-memory lookups, so
   * timing every one makes an in-memory hit about six times slower; a sample shows the same distribution.
   * `1` times every operation.
   * @default 64
   */
  sampleEvery?: number;
  /**
   * Keep the estimated size of every entry written through this wrapper (see `estimateBytes`), reported as
   * `memory` and in the stats' snapshots. Costs one walk of each value on `set`.
   * @default false
   */
  trackMemory?: boolean;
}

/**
 * A cache that counts and times what the cache inside it does, and otherwise behaves exactly like it: the same
 * results (the same objects), the same errors rethrown, a synchronous answer where the inner cache answered
 * synchronously and a promise where it returned one. It implements the workbook's `Cache<V>`, so it fits
 * wherever the inner cache did.
 *
 * Expirations and evictions happen inside the inner cache, out of the wrapper's sight: the inner cache reports each
 * one by calling {@link InstrumentedCache.reportRemoval} (wire its eviction callback to it).
 */
export class InstrumentedCache<V> implements Cache<V> {
  /** Where this wrapper records. */
  readonly stats: CacheStats;

  constructor(cache: Cache<V>, options: InstrumentedCacheOptions = {}) {
    // TODO(ex3.counters): A `cache` without get, set, has, delete and clear methods throws a TypeError naming
    // `cache`; `stats` must be a CacheStats (TypeError naming `stats`); `sampleEvery` (default 64) a positive
    // integer (RangeError naming `sampleEvery`); `trackMemory` (default false) a boolean (TypeError naming
    // `trackMemory`). Read the time only through stats.now. With trackMemory, create a MemoryTracker and register
    // it: stats.addMemorySource(() => tracker.usage()).
    this.stats = options.stats ?? new CacheStats();
  }

  /** Entries and estimated bytes written through this wrapper and not known to be gone; undefined without `trackMemory`. */
  get memory(): MemoryUsage | undefined {
    // TODO(ex3.reports): The tracker's usage() with trackMemory, else undefined.
    throw new Error('TODO(ex3.reports): memory');
  }

  /** The inner cache's value; a value counts as a hit, `undefined` as a miss. */
  get(key: string): MaybePromise<V | undefined> {
    // TODO(ex3.counters): Call the inner get() exactly once and hand back exactly what it gave: the same value,
    // synchronously, when it answered synchronously; a promise that settles the same way when it returned one. When
    // the answer is in, stats.recordLookup(value !== undefined) — a stored 0, '' or null is a hit. A throw or a
    // rejection is stats.recordError() and reaches the caller unchanged.
    // TODO(ex3.latency): Time operations 1, 1 + N, 1 + 2N, … (N = sampleEvery, counted across all five methods):
    // read stats.now before the call and when the answer is in, and stats.recordOperationLatency(the difference).
    // The other operations must not read the clock at all.
    // TODO(ex3.reports): With trackMemory, a miss forgets the key's size (the entry went away unseen).
    throw new Error(`TODO(ex3.counters): get ${key}`);
  }

  set(key: string, value: V, ttlMs?: number): MaybePromise<unknown> {
    // TODO(ex3.counters): As get(): pass key, value and ttlMs through; when it completes, stats.recordOperation('set')
    // (and, with trackMemory, record the entry's size). A cache that returns itself for chaining gets the wrapper back.
    throw new Error(`TODO(ex3.counters): set ${key} ttl ${String(ttlMs)} to a ${typeof value}`);
  }

  has(key: string): MaybePromise<boolean> {
    // TODO(ex3.counters): As get(), counted as recordOperation('has'): a probe, neither hit nor miss.
    throw new Error(`TODO(ex3.counters): has ${key}`);
  }

  delete(key: string): MaybePromise<boolean> {
    // TODO(ex3.counters): As get(), counted as recordOperation('delete'); with trackMemory, forget the key's size.
    throw new Error(`TODO(ex3.counters): delete ${key}`);
  }

  clear(): MaybePromise<void> {
    // TODO(ex3.counters): As get(), counted as recordOperation('clear'); with trackMemory, forget every size.
    throw new Error('TODO(ex3.counters): clear');
  }

  /**
   * For the inner cache to call when it drops an entry on its own: counts an expiration or an eviction and forgets
   * the entry's size.
   * @throws RangeError unless `reason` is `'expire'` or `'evict'`.
   */
  reportRemoval(key: string, reason: RemovalReason): void {
    // TODO(ex3.counters): stats.recordRemoval(reason) for 'expire' or 'evict' (any other reason: RangeError naming
    // `reason`); with trackMemory, forget the key's size.
    throw new Error(`TODO(ex3.counters): reportRemoval ${key} ${String(reason)}`);
  }
}
