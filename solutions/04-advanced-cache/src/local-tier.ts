import { LRUCache, type LRUCacheOptions } from './lru-cache.js';
import { SingleFlight } from './single-flight.js';
import { TagIndex } from './tag-index.js';

/** What a `getOrCompute` flight produced, and where from. */
export interface Loaded<V> {
  value: V;
  source: 'l2' | 'compute';
}

export interface LocalTierOptions<V> {
  l1: Omit<LRUCacheOptions<V>, 'ttlMs' | 'now'>;
  /** The longest L1 keeps an entry, in ms (`Infinity`: no cap). */
  l1TtlMs: number;
  now: () => number;
}

/**
 * This process's side of the tiered cache: L1 (an LRU) with the tags of its entries, and the work in flight that
 * may still write into it — computes, L2 reads, batch reads. An invalidation detaches ("forgets") that work, so its
 * now stale result is returned to its callers but written nowhere.
 */
export class LocalTier<V> {
  readonly #l1: LRUCache<V>;
  readonly #l1TtlMs: number;
  /** The tags of the entries in L1; a key is untagged when L1 drops it. */
  readonly #tags = new TagIndex();
  /** For each tag, the keys whose compute, carrying that tag, is in flight. */
  readonly #computeTags = new TagIndex();
  /** The keys of each batch read in flight whose result may still be copied into L1; an invalidation removes its key. */
  readonly #batches = new Set<Set<string>>();
  /** `getOrCompute` flights, one per key. */
  readonly computes = new SingleFlight<Loaded<V>>();
  /** `get` reads of L2, one per key. */
  readonly reads = new SingleFlight<V | undefined>();

  constructor(options: LocalTierOptions<V>) {
    const onEvict = options.l1.onEvict;
    this.#l1TtlMs = options.l1TtlMs;
    this.#l1 = new LRUCache<V>({
      ...options.l1,
      now: options.now,
      onEvict: (value, key, reason) => {
        // Replaced values keep their key (store() retags it); every other removal drops the key from the tag index.
        if (reason !== 'set') this.#tags.untag(key);
        onEvict?.(value, key, reason);
      },
    });
  }

  /** The L1 value of `key`, or `undefined`. */
  get(key: string): V | undefined {
    return this.#l1.get(key);
  }

  /** Whether L1 holds `key`. */
  has(key: string): boolean {
    return this.#l1.has(key);
  }

  /** How many entries L1 holds. */
  get size(): number {
    return this.#l1.size;
  }

  /** Writes `key` into L1 for `ttlMs` (capped by `l1TtlMs`) with exactly `tags`. */
  store(key: string, value: V, ttlMs: number, tags: readonly string[] = []): void {
    this.#l1.set(key, value, Math.min(ttlMs, this.#l1TtlMs));
    this.#tags.tag(key, tags);
  }

  /** Copies an L2 hit into L1 for its remaining time to live. */
  promote(key: string, value: V, remainingMs: number): void {
    this.#l1.set(key, value, Math.min(remainingMs, this.#l1TtlMs));
  }

  /** Detaches what is in flight for `key`, then removes it from L1; returns whether L1 held it. */
  delete(key: string): boolean {
    this.forget(key);
    return this.#l1.delete(key);
  }

  /** Removes `keys` from L1 and detaches what is in flight for them. */
  drop(keys: Iterable<string>): void {
    for (const key of keys) this.delete(key);
  }

  /** Drops every entry tagged `tag` and detaches the computes carrying it; returns the keys L1 held under it. */
  dropTag(tag: string): string[] {
    const held = this.#tags.keys(tag);
    for (const key of this.#computeTags.keys(tag)) this.forget(key);
    this.drop(held);
    return held;
  }

  /** Drops every key that starts with `prefix` and detaches the work in flight for one; returns the keys L1 held. */
  dropPrefix(prefix: string): string[] {
    const held = [...this.#l1.keys()].filter((key) => key.startsWith(prefix));
    for (const key of [...this.computes.keys(), ...this.reads.keys()]) if (key.startsWith(prefix)) this.forget(key);
    for (const batch of this.#batches) for (const key of batch) if (key.startsWith(prefix)) batch.delete(key);
    this.drop(held);
    return held;
  }

  /** Empties L1 and detaches everything in flight. */
  clear(): void {
    this.computes.forgetAll();
    this.reads.forgetAll();
    for (const batch of this.#batches) batch.clear();
    this.#l1.clear();
  }

  /** Any compute or L2 read in flight for `key` must not write its now stale result. */
  forget(key: string): void {
    this.#computeTags.untag(key);
    this.computes.forget(key);
    this.reads.forget(key);
    for (const batch of this.#batches) batch.delete(key);
  }

  /** Starts tracking a batch read of `keys`: an invalidation of one removes it from the returned set. */
  track(keys: Iterable<string>): Set<string> {
    const current = new Set(keys);
    this.#batches.add(current);
    return current;
  }

  /** Stops tracking a batch read. */
  untrack(batch: Set<string>): void {
    this.#batches.delete(batch);
  }

  /** Records that the compute of `key`, in flight, carries `tags`, so invalidating one of them detaches it. */
  computing(key: string, tags: readonly string[]): void {
    this.#computeTags.tag(key, tags);
  }

  /** The compute of `key` is over. */
  computed(key: string): void {
    this.#computeTags.untag(key);
  }
}
