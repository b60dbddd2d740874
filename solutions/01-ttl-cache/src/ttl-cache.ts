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

/** One stored value, linked into the insertion-order list that capacity eviction walks. */
class Entry<V> {
  older: Entry<V> | undefined = undefined;
  newer: Entry<V> | undefined = undefined;
  constructor(
    public key: string,
    public value: V,
    /** Absolute expiry on the cache's clock, in ms; `Infinity` never expires. */
    public expiresAt: number,
  ) {}
}

/**
 * An in-memory cache whose entries expire after a time to live, with an optional capacity evicted first-in,
 * first-out. Every operation is O(1) except `purgeExpired()`, which is O(n).
 */
export class TTLCache<V> implements Cache<V> {
  readonly #map = new Map<string, Entry<V>>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  #oldest: Entry<V> | undefined;
  #newest: Entry<V> | undefined;
  /** No entry expires before this time, so a full cache need not look for expired entries until then. */
  #nextExpiry = Infinity;
  #sweep: NodeJS.Timeout | undefined;

  constructor(options: TTLCacheOptions = {}) {
    const { ttlMs = Infinity, maxEntries = Infinity, sweepIntervalMs, now = coarseNow } = options;
    assertTtl('ttlMs', ttlMs);
    assertCapacity('maxEntries', maxEntries);
    if (typeof now !== 'function') throw new TypeError(`\`now\` must be a function returning milliseconds, got ${typeof now}`);
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
    this.#now = now;
    if (sweepIntervalMs !== undefined) this.#startSweep(sweepIntervalMs);
  }

  /** Entries held, including expired ones not yet removed; `purgeExpired()` first for an exact live count. */
  get size(): number {
    return this.#map.size;
  }

  /** The value for `key`, or `undefined` when absent or expired (an expired entry is removed on sight). */
  get(key: string): V | undefined {
    const entry = this.#live(key);
    return entry === undefined ? undefined : entry.value;
  }

  /** Whether `key` holds a live entry; an expired one is removed. */
  has(key: string): boolean {
    return this.#live(key) !== undefined;
  }

  /**
   * Stores `value` under `key` for `ttlMs` milliseconds (default: the cache's `ttlMs`). Overwriting a key keeps
   * its place in the eviction order and restarts its time to live.
   */
  set(key: string, value: V, ttlMs: number = this.#ttlMs): this {
    assertKey(key);
    if (ttlMs !== this.#ttlMs) assertTtl('ttlMs', ttlMs);
    // Reading the clock costs as much as the map lookup, so entries that never expire skip it.
    const expiresAt = ttlMs === Infinity ? Infinity : this.#now() + ttlMs;
    if (expiresAt < this.#nextExpiry) this.#nextExpiry = expiresAt;
    const existing = this.#map.get(key);
    if (existing !== undefined) {
      existing.value = value;
      existing.expiresAt = expiresAt;
      return this;
    }
    const evicted = this.#map.size >= this.#maxEntries ? this.#makeRoom() : undefined;
    if (evicted === undefined) {
      this.#append(new Entry(key, value, expiresAt));
    } else {
      // Reuse the evicted entry's object: a full cache then allocates nothing per set.
      evicted.key = key;
      evicted.value = value;
      evicted.expiresAt = expiresAt;
      this.#append(evicted);
    }
    return this;
  }

  /** Removes `key`; returns whether a live entry was removed. */
  delete(key: string): boolean {
    const entry = this.#map.get(key);
    if (entry === undefined) return false;
    this.#unlink(entry);
    return !this.#isExpired(entry, this.#now());
  }

  /** Removes every entry. */
  clear(): void {
    this.#map.clear();
    this.#oldest = this.#newest = undefined;
    this.#nextExpiry = Infinity;
  }

  /** Removes every expired entry now; returns how many it removed. */
  purgeExpired(): number {
    const now = this.#now();
    let removed = 0;
    let next = Infinity;
    for (let entry = this.#oldest; entry !== undefined; ) {
      const newer = entry.newer;
      if (this.#isExpired(entry, now)) {
        this.#unlink(entry);
        removed++;
      } else if (entry.expiresAt < next) {
        next = entry.expiresAt;
      }
      entry = newer;
    }
    this.#nextExpiry = next;
    return removed;
  }

  /** Stops the background sweep, if any. The cache stays usable. */
  close(): void {
    clearInterval(this.#sweep);
    this.#sweep = undefined;
  }

  #live(key: string): Entry<V> | undefined {
    assertKey(key);
    const entry = this.#map.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt !== Infinity && entry.expiresAt <= this.#now()) {
      this.#unlink(entry);
      return undefined;
    }
    return entry;
  }

  #isExpired(entry: Entry<V>, now: number): boolean {
    return entry.expiresAt <= now;
  }

  /**
   * Frees at least one slot: expired entries first (all of them, in one pass), else the oldest inserted, which it
   * returns for reuse.
   */
  #makeRoom(): Entry<V> | undefined {
    if (this.#nextExpiry <= this.#now() && this.purgeExpired() > 0) return undefined;
    const oldest = this.#oldest;
    if (oldest !== undefined) this.#unlink(oldest);
    return oldest;
  }

  #append(entry: Entry<V>): void {
    this.#map.set(entry.key, entry);
    entry.older = this.#newest;
    if (this.#newest === undefined) this.#oldest = entry;
    else this.#newest.newer = entry;
    this.#newest = entry;
  }

  #unlink(entry: Entry<V>): void {
    this.#map.delete(entry.key);
    if (entry.older === undefined) this.#oldest = entry.newer;
    else entry.older.newer = entry.newer;
    if (entry.newer === undefined) this.#newest = entry.older;
    else entry.newer.older = entry.older;
    entry.older = entry.newer = undefined;
  }

  #startSweep(intervalMs: number): void {
    assertTimerMs('sweepIntervalMs', intervalMs);
    this.#sweep = setInterval(() => this.purgeExpired(), intervalMs);
    this.#sweep.unref();
  }
}
