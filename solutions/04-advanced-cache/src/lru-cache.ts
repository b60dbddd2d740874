import { coarseNow, type Cache } from '@workbook/cache';
import { assertCapacity, assertFunction, assertKey, assertKeys, assertTtl } from './validate.js';

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
   */
  now?: () => number;
}

/** Options of a batch write (`setMany`). */
export interface BatchSetOptions {
  /** Time to live of every entry of the batch, in ms, or `Infinity` for no expiry. @default the cache's `ttlMs` */
  ttlMs?: number;
}

/** Slot 0 is the list's sentinel: `next[0]` is the most recently used slot and `prev[0]` the least. */
const HEAD = 0;

/**
 * A least-recently-used cache: at capacity, the entry read or written longest ago makes room. `get`, `peek`, `set`,
 * `has` and `delete` are O(1).
 *
 * Entries live in numbered slots: a `Map` from key to slot, the keys and values in arrays indexed by slot, and the
 * recency order as a doubly linked list whose links are slot numbers in two `Uint32Array`s. A slot freed by
 * `delete` is reused by the next `set`; at capacity, the evicted slot is reused at once, so a full cache allocates
 * nothing per `set`.
 *
 * `undefined` is not a value: `get` returns it for "absent", so `set(key, undefined)` is `delete(key)`.
 */
export class LRUCache<V> implements Cache<V> {
  readonly #index = new Map<string, number>();
  #keys: string[] = [''];
  #values: (V | undefined)[] = [undefined];
  #next: Uint32Array;
  #prev: Uint32Array;
  /** Absolute expiry per slot; allocated with the first entry that can expire, so a cache without TTLs never pays. */
  #expiresAt: Float64Array | undefined;
  /** Size per slot; only with `maxSize`. */
  #sizes: Float64Array | undefined;
  /** Slots freed by `delete`, reused before new ones. */
  readonly #free: number[] = [];
  /** The next never-used slot. */
  #unused = 1;
  #totalSize = 0;
  readonly #maxEntries: number;
  readonly #maxSize: number;
  readonly #sizeOf: ((value: V, key: string) => number) | undefined;
  readonly #ttlMs: number;
  readonly #onEvict: ((value: V, key: string, reason: EvictionReason) => void) | undefined;
  readonly #now: () => number;

  constructor(options: LRUCacheOptions<V>) {
    const { maxEntries = Infinity, maxSize = Infinity, sizeOf, ttlMs = Infinity, onEvict, now = coarseNow } = options ?? {};
    assertCapacity('maxEntries', maxEntries);
    if (typeof maxSize !== 'number') throw new TypeError(`\`maxSize\` must be a number, got ${typeof maxSize}`);
    if (!(maxSize > 0)) throw new RangeError(`\`maxSize\` must be a positive number, got ${maxSize}`);
    if (maxEntries === Infinity && maxSize === Infinity) {
      throw new TypeError('`maxEntries` or `maxSize` must be set: an LRU cache without a bound never evicts');
    }
    if (maxSize !== Infinity) assertFunction('sizeOf', sizeOf);
    else if (sizeOf !== undefined) throw new TypeError('`sizeOf` needs `maxSize`: sizes are only measured to be bounded');
    assertTtl('ttlMs', ttlMs);
    assertFunction('onEvict', onEvict, true);
    assertFunction('now', now);
    this.#maxEntries = maxEntries;
    this.#maxSize = maxSize;
    this.#sizeOf = sizeOf;
    this.#ttlMs = ttlMs;
    this.#onEvict = onEvict;
    this.#now = now;
    const slots = 1 + Math.min(maxEntries, 1024);
    this.#next = new Uint32Array(slots);
    this.#prev = new Uint32Array(slots);
    if (maxSize !== Infinity) this.#sizes = new Float64Array(slots);
    if (ttlMs !== Infinity) this.#expiresAt = new Float64Array(slots).fill(Infinity);
  }

  /** Entries held, including expired ones not yet seen. */
  get size(): number {
    return this.#index.size;
  }

  /** The sum of `sizeOf` over the entries held; 0 without `maxSize`. */
  get totalSize(): number {
    return this.#totalSize;
  }

  /** The value for `key`, making it the most recently used; `undefined` when absent or expired. */
  get(key: string): V | undefined {
    const slot = this.#index.get(key);
    if (slot === undefined) return undefined;
    if (this.#expiresAt !== undefined && this.#isExpired(slot)) {
      this.#remove(slot, 'expire');
      return undefined;
    }
    if (this.#next[HEAD] !== slot) this.#moveToFront(slot);
    return this.#values[slot];
  }

  /** The value for `key` without touching its recency; `undefined` when absent or expired. */
  peek(key: string): V | undefined {
    const slot = this.#live(key);
    return slot === undefined ? undefined : this.#values[slot];
  }

  /** Whether `key` holds a live entry. Like `peek`, it does not touch recency. */
  has(key: string): boolean {
    return this.#live(key) !== undefined;
  }

  /**
   * Stores `value` under `key` as the most recently used entry, for `ttlMs` ms (default: the cache's `ttlMs`),
   * evicting least recently used entries while the cache is over `maxEntries` or `maxSize`. Replacing a value
   * reports the old one with reason `set`. `set(key, undefined)` is `delete(key)`.
   */
  set(key: string, value: V, ttlMs: number = this.#ttlMs): this {
    assertKey(key);
    if (value === undefined) {
      this.delete(key);
      return this;
    }
    if (ttlMs !== this.#ttlMs) assertTtl('ttlMs', ttlMs);
    const size = this.#sizeOf === undefined ? 0 : this.#measure(value, key);
    let slot = this.#index.get(key);
    if (size > this.#maxSize) {
      // It could never fit; the older value must not stay behind looking current.
      if (slot !== undefined) this.#remove(slot, 'set');
      return this;
    }
    if (slot !== undefined) {
      const old = this.#values[slot] as V;
      this.#values[slot] = value;
      if (this.#next[HEAD] !== slot) this.#moveToFront(slot);
      this.#setExpiry(slot, ttlMs);
      if (this.#sizes !== undefined) this.#resize(slot, size);
      if (old !== value) this.#onEvict?.(old, key, 'set');
    } else {
      slot = this.#index.size >= this.#maxEntries ? this.#evictForReuse() : this.#freeSlot();
      this.#keys[slot] = key;
      this.#values[slot] = value;
      this.#index.set(key, slot);
      this.#linkFront(slot);
      this.#setExpiry(slot, ttlMs);
      if (this.#sizes !== undefined) this.#resize(slot, size);
    }
    return this;
  }

  /** Removes `key`; returns whether a live entry was removed (an expired one is removed too, reported as `expire`). */
  delete(key: string): boolean {
    const slot = this.#index.get(key);
    if (slot === undefined) return false;
    const expired = this.#expiresAt !== undefined && this.#isExpired(slot);
    this.#remove(slot, expired ? 'expire' : 'delete');
    return !expired;
  }

  /**
   * The values for `keys`, in the same order: `undefined` where a key is absent or expired. Each hit becomes the most
   * recently used, as with `get`. A key that is not a string anywhere in `keys` → `TypeError`, before any is read.
   */
  getMany(keys: readonly string[]): (V | undefined)[] {
    assertKeys(keys);
    return keys.map((key) => this.get(key));
  }

  /**
   * Stores every `[key, value]` pair in order, as `set` does (a later pair for the same key wins, `undefined`
   * deletes), each for `ttlMs` ms. The whole batch is checked first: one bad key or a bad `ttlMs` throws and
   * nothing is written.
   */
  setMany(entries: Iterable<readonly [string, V]>, options: BatchSetOptions = {}): this {
    const batch = [...entries];
    const { ttlMs = this.#ttlMs } = options;
    assertKeys(batch.map((entry) => entry[0]));
    assertTtl('ttlMs', ttlMs);
    for (const [key, value] of batch) this.set(key, value, ttlMs);
    return this;
  }

  /** Removes every key of `keys`; returns how many live entries were removed (a key listed twice counts once). */
  deleteMany(keys: readonly string[]): number {
    assertKeys(keys);
    let removed = 0;
    for (const key of keys) if (this.delete(key)) removed++;
    return removed;
  }

  /** Removes every entry, reporting each with reason `delete`. */
  clear(): void {
    const removed = this.#onEvict === undefined ? [] : [...this.#slots()].map((slot) => [this.#values[slot] as V, this.#keys[slot]!] as const);
    this.#index.clear();
    this.#keys = [''];
    this.#values = [undefined];
    this.#next.fill(0);
    this.#prev.fill(0);
    this.#expiresAt?.fill(Infinity);
    this.#sizes?.fill(0);
    this.#free.length = 0;
    this.#unused = 1;
    this.#totalSize = 0;
    for (const [value, key] of removed) this.#onEvict?.(value, key, 'delete');
  }

  /** Live keys, from most to least recently used. Iterating does not touch recency. */
  *keys(): IterableIterator<string> {
    for (const slot of this.#liveSlots()) yield this.#keys[slot]!;
  }

  /** Live values, from most to least recently used. */
  *values(): IterableIterator<V> {
    for (const slot of this.#liveSlots()) yield this.#values[slot] as V;
  }

  /** Live `[key, value]` pairs, from most to least recently used. */
  *entries(): IterableIterator<[string, V]> {
    for (const slot of this.#liveSlots()) yield [this.#keys[slot]!, this.#values[slot] as V];
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }

  /** The slot of a live entry, removing it if it has expired. */
  #live(key: string): number | undefined {
    const slot = this.#index.get(key);
    if (slot === undefined) return undefined;
    if (this.#expiresAt !== undefined && this.#isExpired(slot)) {
      this.#remove(slot, 'expire');
      return undefined;
    }
    return slot;
  }

  #isExpired(slot: number): boolean {
    const expiresAt = this.#expiresAt![slot]!;
    return expiresAt !== Infinity && expiresAt <= this.#now();
  }

  #setExpiry(slot: number, ttlMs: number): void {
    if (ttlMs === Infinity) {
      if (this.#expiresAt !== undefined) this.#expiresAt[slot] = Infinity;
      return;
    }
    this.#expiresAt ??= new Float64Array(this.#next.length).fill(Infinity);
    this.#expiresAt[slot] = this.#now() + ttlMs;
  }

  #measure(value: V, key: string): number {
    const size = this.#sizeOf!(value, key);
    if (typeof size !== 'number' || !(size >= 0) || size === Infinity) {
      throw new RangeError(`\`sizeOf\` must return a finite number ≥ 0, got ${String(size)} for key ${JSON.stringify(key)}`);
    }
    return size;
  }

  /** Records a slot's new size, then evicts least recently used entries until the total fits again. */
  #resize(slot: number, size: number): void {
    this.#totalSize += size - this.#sizes![slot]!;
    this.#sizes![slot] = size;
    // The slot just written is the most recently used and fits on its own, so the loop stops before reaching it.
    while (this.#totalSize > this.#maxSize) this.#remove(this.#prev[HEAD]!, 'evict');
  }

  /** Evicts the least recently used entry and returns its slot for the new entry. */
  #evictForReuse(): number {
    const slot = this.#prev[HEAD]!;
    const key = this.#keys[slot]!;
    const value = this.#values[slot] as V;
    this.#index.delete(key);
    this.#unlink(slot);
    if (this.#sizes !== undefined) {
      this.#totalSize -= this.#sizes[slot]!;
      this.#sizes[slot] = 0;
    }
    this.#onEvict?.(value, key, 'evict');
    return slot;
  }

  #freeSlot(): number {
    const reused = this.#free.pop();
    if (reused !== undefined) return reused;
    if (this.#unused === this.#next.length) this.#grow();
    return this.#unused++;
  }

  /** Doubles the link arrays (up to `maxEntries` slots), copying what they hold. */
  #grow(): void {
    const length = 1 + Math.min(this.#maxEntries, 2 * (this.#next.length - 1));
    const grown = (from: Uint32Array): Uint32Array => {
      const to = new Uint32Array(length);
      to.set(from);
      return to;
    };
    this.#next = grown(this.#next);
    this.#prev = grown(this.#prev);
    if (this.#expiresAt !== undefined) {
      const expiresAt = new Float64Array(length).fill(Infinity);
      expiresAt.set(this.#expiresAt);
      this.#expiresAt = expiresAt;
    }
    if (this.#sizes !== undefined) {
      const sizes = new Float64Array(length);
      sizes.set(this.#sizes);
      this.#sizes = sizes;
    }
  }

  #remove(slot: number, reason: EvictionReason): void {
    const key = this.#keys[slot]!;
    const value = this.#values[slot] as V;
    this.#index.delete(key);
    this.#unlink(slot);
    // Let the value be collected while the slot waits for reuse.
    this.#values[slot] = undefined;
    if (this.#sizes !== undefined) {
      this.#totalSize -= this.#sizes[slot]!;
      this.#sizes[slot] = 0;
    }
    this.#free.push(slot);
    this.#onEvict?.(value, key, reason);
  }

  #moveToFront(slot: number): void {
    this.#unlink(slot);
    this.#linkFront(slot);
  }

  #linkFront(slot: number): void {
    const next = this.#next;
    const first = next[HEAD]!;
    next[slot] = first;
    this.#prev[slot] = HEAD;
    this.#prev[first] = slot;
    next[HEAD] = slot;
  }

  #unlink(slot: number): void {
    const next = this.#next;
    const prev = this.#prev;
    const before = prev[slot]!;
    const after = next[slot]!;
    next[before] = after;
    prev[after] = before;
  }

  *#slots(): Generator<number> {
    for (let slot = this.#next[HEAD]!; slot !== HEAD; ) {
      const after = this.#next[slot]!;
      yield slot;
      slot = after;
    }
  }

  *#liveSlots(): Generator<number> {
    for (const slot of this.#slots()) {
      if (this.#index.get(this.#keys[slot]!) !== slot) continue; // removed while we were iterating
      if (this.#expiresAt === undefined || !this.#isExpired(slot)) yield slot;
    }
  }
}
