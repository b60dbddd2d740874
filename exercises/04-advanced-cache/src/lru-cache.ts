import type { Cache } from '@workbook/cache';

/**
 * Why an entry left the cache: pushed out by capacity (`evict`), its time to live elapsed (`expire`), removed by
 * `delete`/`clear` or by setting `undefined` (`delete`), or its value replaced by `set` (`set`).
 */
export type EvictionReason = 'evict' | 'expire' | 'delete' | 'set';

export interface LRUCacheOptions<V> {
  /**
   * Most entries held at once; at capacity, `set` of a new key evicts the least recently used entry.
   * @default Infinity (no limit on the count; then `maxSize` is required)
   */
  maxEntries?: number;
  /**
   * Most total size held at once, in the unit `sizeOf` returns (bytes, tokens, …). Least recently used entries are
   * evicted until the total fits; a single value larger than `maxSize` is never stored.
   * @default Infinity (no limit on the size; then `maxEntries` is required)
   */
  maxSize?: number;
  /** The size of one value, a finite number ≥ 0. Required with `maxSize`, not allowed without it. */
  sizeOf?: (value: V, key: string) => number;
  /**
   * Time to live, in ms, for entries set without their own `ttlMs`. An entry written at `t` is present until
   * `t + ttlMs - 1` and gone at `t + ttlMs`. Reading an entry refreshes its recency, not its time to live.
   * @default Infinity (entries never expire)
   */
  ttlMs?: number;
  /**
   * Called after an entry has left the cache, with the reason. Not called when `set` stores the very same value
   * again. @default undefined
   */
  onEvict?: (value: V, key: string, reason: EvictionReason) => void;
  /**
   * The clock, in ms; only read for entries that can expire. @default `Date.now`, read at most once a millisecond
   * (`coarseNow` from @workbook/cache)
   */
  now?: () => number;
}

/** Options of a batch write (`setMany`). */
export interface BatchSetOptions {
  /** Time to live of every entry of the batch, in ms, or `Infinity` for no expiry. @default the cache's `ttlMs` */
  ttlMs?: number;
}

/**
 * A least-recently-used cache: at capacity, the entry read or written longest ago makes room. `get`, `peek`, `set`,
 * `has` and `delete` are O(1).
 *
 * `undefined` is not a value: `get` returns it for "absent", so `set(key, undefined)` is `delete(key)`.
 */
export class LRUCache<V> implements Cache<V> {
  constructor(options: LRUCacheOptions<V>) {
    // TODO(ex4.lru): validate and keep the options. Neither `maxEntries` nor `maxSize` → TypeError naming both (an
    // LRU without a bound never evicts). maxEntries 0, -1 or 1.5 → RangeError naming `maxEntries`; maxSize ≤ 0 →
    // RangeError naming `maxSize`; maxSize without a sizeOf function (or sizeOf without maxSize) → TypeError naming
    // `sizeOf`; ttlMs ≤ 0 → RangeError naming `ttlMs`; onEvict/now that are not functions → TypeError.
    // validate.ts has helpers. A constructor in this starter must not throw until you write it.
    void options;
  }

  /** Entries held, including expired ones not yet seen. */
  get size(): number {
    // TODO(ex4.lru): the number of entries held.
    throw new Error('TODO(ex4.lru): LRUCache.size');
  }

  /** The sum of `sizeOf` over the entries held; 0 without `maxSize`. */
  get totalSize(): number {
    // TODO(ex4.lru): set('a', 'xxx') and set('b', 'yy') with sizeOf = s => s.length give 5; delete('a') gives 2;
    // clear() gives 0. Always 0 without maxSize.
    throw new Error('TODO(ex4.lru): LRUCache.totalSize');
  }

  /** The value for `key`, making it the most recently used; `undefined` when absent or expired. */
  get(key: string): V | undefined {
    // TODO(ex4.lru): with maxEntries 3 after set a, b, c: get('a') then set('d') evicts b, not a. An expired entry is
    // removed (onEvict reason 'expire') and reads as undefined. Without TTLs, never call now().
    throw new Error('TODO(ex4.lru): LRUCache.get');
  }

  /** The value for `key` without touching its recency; `undefined` when absent or expired. */
  peek(key: string): V | undefined {
    // TODO(ex4.lru): like get(), but after set a, b, c: peek('a') then set('d') still evicts a.
    throw new Error('TODO(ex4.lru): LRUCache.peek');
  }

  /** Whether `key` holds a live entry. Like `peek`, it does not touch recency. */
  has(key: string): boolean {
    // TODO(ex4.lru): true for a live entry (even one holding 0 or null), false for an absent or expired one.
    throw new Error('TODO(ex4.lru): LRUCache.has');
  }

  /**
   * Stores `value` under `key` as the most recently used entry, for `ttlMs` ms (default: the cache's `ttlMs`),
   * evicting least recently used entries while the cache is over `maxEntries` or `maxSize`. Replacing a value
   * reports the old one with reason `set`. `set(key, undefined)` is `delete(key)`.
   */
  set(key: string, value: V, ttlMs?: number): this {
    // TODO(ex4.lru): a new key at capacity evicts the least recently used entry (onEvict reason 'evict') in O(1);
    // an existing key gets the new value, a fresh ttl and the front of the recency order. With maxSize, evict from
    // the back until the total fits; a value bigger than maxSize is not stored and the key's older value is dropped
    // (reason 'set'). A key that is not a string → TypeError naming `key`; ttlMs ≤ 0 → RangeError. Returns this.
    throw new Error('TODO(ex4.lru): LRUCache.set');
  }

  /** Removes `key`; returns whether a live entry was removed (an expired one is removed too, reported as `expire`). */
  delete(key: string): boolean {
    // TODO(ex4.lru): true and onEvict(value, key, 'delete') for a live entry; false for an absent key.
    throw new Error('TODO(ex4.lru): LRUCache.delete');
  }

  /**
   * The values for `keys`, in the same order: `undefined` where a key is absent or expired. Each hit becomes the most
   * recently used, as with `get`. A key that is not a string anywhere in `keys` → `TypeError`, before any is read.
   */
  getMany(keys: readonly string[]): (V | undefined)[] {
    // TODO(ex4.batch): getMany(['a', 'x', 'b']) with a and b held → [A, undefined, B], in the order asked; each hit is
    // refreshed like get(). keys not an array, or holding a non-string → TypeError naming `keys`/`key`.
    throw new Error('TODO(ex4.batch): LRUCache.getMany');
  }

  /**
   * Stores every `[key, value]` pair in order, as `set` does (a later pair for the same key wins, `undefined`
   * deletes), each for `ttlMs` ms. The whole batch is checked first: one bad key or a bad `ttlMs` throws and
   * nothing is written.
   */
  setMany(entries: Iterable<readonly [string, V]>, options?: BatchSetOptions): this {
    // TODO(ex4.batch): every pair stored for options.ttlMs (default: the cache's ttlMs), as set() would. Validate the
    // whole batch before writing: one non-string key or ttlMs ≤ 0 → TypeError/RangeError and no entry written.
    throw new Error('TODO(ex4.batch): LRUCache.setMany');
  }

  /** Removes every key of `keys`; returns how many live entries were removed (a key listed twice counts once). */
  deleteMany(keys: readonly string[]): number {
    // TODO(ex4.batch): deleteMany(['a', 'x', 'a']) with a held → 1, onEvict(A, 'a', 'delete') once.
    throw new Error('TODO(ex4.batch): LRUCache.deleteMany');
  }

  /** Removes every entry, reporting each with reason `delete`. */
  clear(): void {
    // TODO(ex4.lru): afterwards size is 0 and the cache works as new.
    throw new Error('TODO(ex4.lru): LRUCache.clear');
  }

  /** Live keys, from most to least recently used. Iterating does not touch recency. */
  keys(): IterableIterator<string> {
    // TODO(ex4.lru): after set a, b, c and get('a'): ['a', 'c', 'b']. Expired entries are skipped, and so is an entry
    // deleted while the iteration runs.
    throw new Error('TODO(ex4.lru): LRUCache.keys');
  }

  /** Live values, from most to least recently used. */
  values(): IterableIterator<V> {
    // TODO(ex4.lru): the values in the order keys() gives.
    throw new Error('TODO(ex4.lru): LRUCache.values');
  }

  /** Live `[key, value]` pairs, from most to least recently used. */
  entries(): IterableIterator<[string, V]> {
    // TODO(ex4.lru): the pairs in the order keys() gives.
    throw new Error('TODO(ex4.lru): LRUCache.entries');
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }
}
