import type { Cache } from '@workbook/cache';
import { LRUCache } from './lru-cache.js';
import { SingleFlight } from './single-flight.js';
import { assertFunction, assertKey, assertTtl } from './validate.js';

/** Computes the value of a missing key. `signal` aborts when every caller waiting for it has given up. */
export type Compute<V> = (signal: AbortSignal) => Promise<V> | V;

export interface ComputeOptions {
  /** Abandons this caller's wait (the promise rejects with the signal's reason); others sharing the compute go on. */
  signal?: AbortSignal;
  /** Time to live of the computed value, in ms. @default the cache's `ttlMs` */
  ttlMs?: number;
}

export interface SingleFlightCacheOptions<V> {
  /** Where values are kept; any workbook cache, sync or async. @default new LRUCache({ maxEntries: 1000 }) */
  cache?: Cache<V>;
  /** Time to live of computed values, in ms. @default undefined (the wrapped cache's default) */
  ttlMs?: number;
}

/**
 * A cache that computes missing values once: `getOrCompute` lets concurrent callers for the same missing key share
 * one compute (single flight). A failed compute reaches every caller and stores nothing. A `set`, `delete` or
 * `clear` while a compute is in flight wins: the compute's result still goes to its callers but is not stored.
 * Errors of the wrapped cache are not caught here.
 */
export class SingleFlightCache<V> implements Cache<V> {
  readonly #cache: Cache<V>;
  readonly #ttlMs: number | undefined;
  readonly #flights = new SingleFlight<V>();

  constructor(options: SingleFlightCacheOptions<V> = {}) {
    const { cache = new LRUCache<V>({ maxEntries: 1000 }), ttlMs } = options;
    if (typeof cache?.get !== 'function' || typeof cache.set !== 'function' || typeof cache.delete !== 'function') {
      throw new TypeError('`cache` must implement the workbook Cache interface (get, set, has, delete, clear)');
    }
    if (ttlMs !== undefined) assertTtl('ttlMs', ttlMs);
    this.#cache = cache;
    this.#ttlMs = ttlMs;
  }

  /** Keys whose compute is in flight. */
  get inFlight(): number {
    return this.#flights.size;
  }

  /**
   * The value for `key`: from the cache when present, else from `compute`, which runs at most once at a time per
   * key however many callers ask. A value of `undefined` is returned but never stored.
   */
  async getOrCompute(key: string, compute: Compute<V>, options: ComputeOptions = {}): Promise<V> {
    assertKey(key);
    assertFunction('compute', compute);
    const { signal, ttlMs = this.#ttlMs } = options;
    if (ttlMs !== undefined) assertTtl('ttlMs', ttlMs);
    signal?.throwIfAborted();
    const cached = await this.#cache.get(key);
    if (cached !== undefined) return cached;
    return this.#flights.run(
      key,
      async (computeSignal, isCurrent) => {
        const value = await compute(computeSignal);
        // A set, delete or clear while we computed means our value is stale: hand it out, don't store it.
        if (value !== undefined && isCurrent()) await this.#cache.set(key, value, ttlMs);
        return value;
      },
      signal,
    );
  }

  get(key: string): V | undefined | Promise<V | undefined> {
    return this.#cache.get(key);
  }

  /** Stores `value`; a compute in flight for `key` will not overwrite it. */
  set(key: string, value: V, ttlMs?: number): unknown {
    this.#flights.forget(key);
    return this.#cache.set(key, value, ttlMs);
  }

  has(key: string): boolean | Promise<boolean> {
    return this.#cache.has(key);
  }

  /** Removes `key`; a compute in flight for it will not write its result back. */
  delete(key: string): boolean | Promise<boolean> {
    this.#flights.forget(key);
    return this.#cache.delete(key);
  }

  /** Removes every entry; no compute in flight will write its result back. */
  clear(): void | Promise<void> {
    this.#flights.forgetAll();
    return this.#cache.clear();
  }
}
