import type { Cache } from '@workbook/cache';

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
  constructor(options: SingleFlightCacheOptions<V> = {}) {
    // TODO(ex4.single-flight): keep the wrapped cache (default: an LRUCache of 1000 entries) and ttlMs, the default
    // ttlMs of getOrCompute's stores. A cache without get/set/delete → TypeError naming `cache`. Must not throw until
    // you write it.
    void options;
  }

  /** Keys whose compute is in flight. */
  get inFlight(): number {
    // TODO(ex4.single-flight): 0 when idle; 2 while 'a' (asked twice) and 'b' are being computed.
    throw new Error('TODO(ex4.single-flight): SingleFlightCache.inFlight');
  }

  /**
   * The value for `key`: from the cache when present, else from `compute`, which runs at most once at a time per
   * key however many callers ask. A value of `undefined` is returned but never stored.
   */
  async getOrCompute(key: string, compute: Compute<V>, options: ComputeOptions = {}): Promise<V> {
    // TODO(ex4.single-flight): 10 concurrent callers for a missing key → compute runs once and all 10 get its value,
    // which is then stored (with options.ttlMs). A rejection reaches all 10, nothing is stored, and the next call
    // computes again. Keys never wait for each other. An aborted options.signal rejects that caller only (with the
    // signal's reason); the compute's own signal aborts when every caller has left.
    // TODO(ex4.invalidation): store the result only if no set/delete/clear of this key happened meanwhile.
    throw new Error('TODO(ex4.single-flight): SingleFlightCache.getOrCompute');
  }

  get(key: string): V | undefined | Promise<V | undefined> {
    // TODO(ex4.single-flight): the wrapped cache's value.
    throw new Error('TODO(ex4.single-flight): SingleFlightCache.get');
  }

  /** Stores `value`; a compute in flight for `key` will not overwrite it. */
  set(key: string, value: V, ttlMs?: number): unknown {
    // TODO(ex4.invalidation): set during a compute of `key` → afterwards the cache holds this value, not the compute's.
    throw new Error('TODO(ex4.invalidation): SingleFlightCache.set');
  }

  has(key: string): boolean | Promise<boolean> {
    // TODO(ex4.single-flight): whether the wrapped cache holds `key`.
    throw new Error('TODO(ex4.single-flight): SingleFlightCache.has');
  }

  /** Removes `key`; a compute in flight for it will not write its result back. */
  delete(key: string): boolean | Promise<boolean> {
    // TODO(ex4.invalidation): delete during a compute of `key` → its callers get the result, the cache stays empty,
    // and a caller arriving after the delete starts a fresh compute.
    throw new Error('TODO(ex4.invalidation): SingleFlightCache.delete');
  }

  /** Removes every entry; no compute in flight will write its result back. */
  clear(): void | Promise<void> {
    // TODO(ex4.invalidation): like delete() for every key.
    throw new Error('TODO(ex4.invalidation): SingleFlightCache.clear');
  }
}
