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
  readonly #inner: Cache<V>;
  readonly #now: () => number;
  readonly #sampleEvery: number;
  readonly #memory: MemoryTracker | undefined;
  /** Operations left until the next timed one; the first operation is timed. */
  #countdown = 1;

  constructor(cache: Cache<V>, options: InstrumentedCacheOptions = {}) {
    for (const method of ['get', 'set', 'has', 'delete', 'clear'] as const) {
      if (typeof cache?.[method] !== 'function') throw new TypeError(`\`cache\` must implement ${method}() (the workbook's Cache interface)`);
    }
    const { stats = new CacheStats(), sampleEvery = 64, trackMemory = false } = options;
    if (!(stats instanceof CacheStats)) throw new TypeError('`stats` must be a CacheStats');
    assertPositiveInteger('sampleEvery', sampleEvery);
    if (typeof trackMemory !== 'boolean') throw new TypeError(`\`trackMemory\` must be a boolean, got ${typeof trackMemory}`);
    this.#inner = cache;
    this.stats = stats;
    this.#now = stats.now;
    this.#sampleEvery = sampleEvery;
    if (trackMemory) {
      const memory = new MemoryTracker();
      this.#memory = memory;
      stats.addMemorySource(() => memory.usage());
    }
  }

  /** Entries and estimated bytes written through this wrapper and not known to be gone; undefined without `trackMemory`. */
  get memory(): MemoryUsage | undefined {
    return this.#memory?.usage();
  }

  /** The inner cache's value; a value counts as a hit, `undefined` as a miss. */
  get(key: string): MaybePromise<V | undefined> {
    if (--this.#countdown === 0) return this.#timedGet(key);
    // The hot path: no clock, no closure — a call, a type check and a counter.
    let result: MaybePromise<V | undefined>;
    try {
      result = this.#inner.get(key);
    } catch (error) {
      this.stats.recordError();
      throw error;
    }
    if (result instanceof Promise) return this.#settle(result, undefined, (value) => this.#lookedUp(key, value));
    this.#lookedUp(key, result);
    return result;
  }

  set(key: string, value: V, ttlMs?: number): MaybePromise<unknown> {
    return this.#observe(
      'set',
      () => this.#inner.set(key, value, ttlMs),
      () => this.#memory?.set(key, value),
    );
  }

  has(key: string): MaybePromise<boolean> {
    return this.#observe(
      'has',
      () => this.#inner.has(key),
      (found) => {
        if (!found) this.#memory?.delete(key);
      },
    );
  }

  delete(key: string): MaybePromise<boolean> {
    return this.#observe(
      'delete',
      () => this.#inner.delete(key),
      () => this.#memory?.delete(key),
    );
  }

  clear(): MaybePromise<void> {
    return this.#observe(
      'clear',
      () => this.#inner.clear(),
      () => this.#memory?.clear(),
    );
  }

  /**
   * For the inner cache to call when it drops an entry on its own: counts an expiration or an eviction and forgets
   * the entry's size.
   * @throws RangeError unless `reason` is `'expire'` or `'evict'`.
   */
  reportRemoval(key: string, reason: RemovalReason): void {
    if (reason !== 'expire' && reason !== 'evict') throw new RangeError(`\`reason\` must be 'expire' or 'evict', got ${String(reason)}`);
    this.stats.recordRemoval(reason);
    this.#memory?.delete(key);
  }

  #lookedUp(key: string, value: V | undefined): void {
    const hit = value !== undefined;
    this.stats.recordLookup(hit);
    // A miss on a key we tracked means the entry went away unseen (expired, evicted without a report).
    if (!hit) this.#memory?.delete(key);
  }

  #timedGet(key: string): MaybePromise<V | undefined> {
    this.#countdown = this.#sampleEvery;
    const start = this.#now();
    let result: MaybePromise<V | undefined>;
    try {
      result = this.#inner.get(key);
    } catch (error) {
      this.stats.recordError();
      throw error;
    }
    if (result instanceof Promise) return this.#settle(result, start, (value) => this.#lookedUp(key, value));
    this.stats.recordOperationLatency(this.#now() - start);
    this.#lookedUp(key, result);
    return result;
  }

  /** Runs one operation other than get: counts it when it completes, times it when its turn comes. */
  #observe<T>(operation: CacheOperation, invoke: () => MaybePromise<T>, completed: (value: T) => void): MaybePromise<T> {
    const timed = --this.#countdown === 0;
    if (timed) this.#countdown = this.#sampleEvery;
    const start = timed ? this.#now() : undefined;
    let result: MaybePromise<T>;
    try {
      result = invoke();
    } catch (error) {
      this.stats.recordError();
      throw error;
    }
    const done = (value: T): void => {
      this.stats.recordOperation(operation);
      completed(value);
    };
    if (result instanceof Promise) return this.#settle(result, start, done) as MaybePromise<T>;
    if (start !== undefined) this.stats.recordOperationLatency(this.#now() - start);
    done(result);
    // A cache that returns itself for chaining gets the wrapper back, so chained calls are counted too.
    return (result === this.#inner ? this : result) as T;
  }

  /** The same outcome as `promise`, counted (and timed from `start`, if given) when it settles. */
  #settle<T>(promise: Promise<T>, start: number | undefined, done: (value: T) => void): Promise<T> {
    return promise.then(
      (value) => {
        if (start !== undefined) this.stats.recordOperationLatency(this.#now() - start);
        done(value);
        return value;
      },
      (error: unknown) => {
        this.stats.recordError();
        throw error;
      },
    );
  }
}
