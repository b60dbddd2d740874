// Yours to use: coarseNow is the fast default clock (theory § 3.4); validate.ts throws the errors the tests expect.
import { coarseNow, type Cache } from '@workbook/cache';
import { assertCapacity, assertKey, assertTimerMs, assertTtl } from './validate.js';

export interface TTLCacheOptions {
  /**
   * Time to live, in milliseconds, for entries set without their own `ttlMs`. An entry written at `t` is present
   * until `t + ttlMs - 1` and gone at `t + ttlMs`. Any length is valid: a TTL is compared with the clock, never
   * scheduled.
   * @default Infinity (entries never expire)
   */
  ttlMs?: number;
  /**
   * Most entries held at once. At capacity, `set` of a new key first removes expired entries, then the oldest
   * inserted one (FIFO).
   * @default Infinity (no limit)
   */
  maxEntries?: number;
  /**
   * Period, in milliseconds, of a background sweep that removes expired entries; the timer is `unref`'d so it never
   * keeps the process alive, and `close()` stops it. Positive, finite and at most 2^31 − 1 ms: Node would run a
   * longer interval every millisecond.
   * @default undefined (no sweep: expired entries are removed when seen, or by `purgeExpired()`)
   */
  sweepIntervalMs?: number;
  /**
   * The clock, in milliseconds. Inject one in tests to move time without sleeping.
   * @default `Date.now`, read at most once a millisecond (`coarseNow` from @workbook/cache)
   */
  now?: () => number;
}

/**
 * An in-memory cache whose entries expire after a time to live, with an optional capacity evicted first-in,
 * first-out. Every operation is O(1) except `purgeExpired()`, which is O(n).
 */
export class TTLCache<V> implements Cache<V> {
  constructor(options: TTLCacheOptions = {}) {
    // TODO(ex1.ttl-cache): Validate every option before storing it: `ttlMs` is a positive number or Infinity
    // (assertTtl), `maxEntries` a positive integer or Infinity (assertCapacity), `sweepIntervalMs` a positive,
    // finite number (assertTimerMs), `now` a function — each failure throws a TypeError or RangeError that names
    // the option. A sweep period above 2^31 − 1 ms (MAX_TIMER_MS) is rejected too: Node cannot schedule it and would
    // fire the timer after 1 ms, so `sweepIntervalMs: 2 ** 31` would sweep a thousand times a second. A TTL is never
    // scheduled, so it has no such limit.
    // Default the clock to coarseNow. With `sweepIntervalMs`, start a background purge on an unref'd interval.
  }

  /** Entries held, including expired ones not yet removed; `purgeExpired()` first for an exact live count. */
  get size(): number {
    // TODO(ex1.ttl-cache): The number of entries held right now.
    throw new Error('TODO(ex1.ttl-cache): size');
  }

  /** The value for `key`, or `undefined` when absent or expired (an expired entry is removed on sight). */
  get(key: string): V | undefined {
    // TODO(ex1.ttl-cache): An entry written at t with ttlMs is returned until t + ttlMs - 1 and is gone at
    // t + ttlMs: at that point remove it and return undefined. `key` must be a string (assertKey).
    throw new Error(`TODO(ex1.ttl-cache): get ${String(key)}`);
  }

  /** Whether `key` holds a live entry; an expired one is removed. */
  has(key: string): boolean {
    // TODO(ex1.ttl-cache): true only for a live entry; an expired entry seen here is removed, as in get().
    throw new Error(`TODO(ex1.ttl-cache): has ${String(key)}`);
  }

  /**
   * Stores `value` under `key` for `ttlMs` milliseconds (default: the cache's `ttlMs`). Overwriting a key keeps
   * its place in the eviction order and restarts its time to live.
   */
  set(key: string, value: V, ttlMs?: number): this {
    // TODO(ex1.ttl-cache): Store an absolute expiry, computed once: expiresAt = now() + ttlMs (Infinity never
    // expires). A bad `key` or `ttlMs` throws before anything changes, so the old value survives.
    // TODO(ex1.capacity): A new key in a full cache (size === maxEntries) first removes every expired entry; only
    // if none had expired does it evict the oldest inserted entry. Overwriting an existing key evicts nothing and
    // keeps the key's place in the order; reads never change the order (FIFO, not LRU).
    throw new Error(`TODO(ex1.ttl-cache): set ${String(key)} ttl ${String(ttlMs)}`);
  }

  /** Removes `key`; returns whether a live entry was removed. */
  delete(key: string): boolean {
    // TODO(ex1.ttl-cache): Remove the entry; return true only if it was there and not yet expired.
    throw new Error(`TODO(ex1.ttl-cache): delete ${String(key)}`);
  }

  /** Removes every entry. */
  clear(): void {
    // TODO(ex1.ttl-cache): Afterwards size is 0 and the cache works as new, its whole capacity free again.
    throw new Error('TODO(ex1.ttl-cache): clear');
  }

  /** Removes every expired entry now; returns how many it removed. */
  purgeExpired(): number {
    // TODO(ex1.ttl-cache): At time t, every entry with expiresAt <= t goes; return the count removed.
    throw new Error('TODO(ex1.ttl-cache): purgeExpired');
  }

  /** Stops the background sweep, if any. The cache stays usable. */
  close(): void {
    // TODO(ex1.ttl-cache): Clear the sweep interval so no purge runs after close() and no timer is left. The cache
    // stays usable; without a sweep, close() does nothing.
    throw new Error('TODO(ex1.ttl-cache): close');
  }
}
