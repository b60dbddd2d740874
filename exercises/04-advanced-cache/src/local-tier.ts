import type { LRUCacheOptions } from './lru-cache.js';
import { SingleFlight } from './single-flight.js';

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
  /** `getOrCompute` flights, one per key. */
  readonly computes = new SingleFlight<Loaded<V>>();
  /** `get` reads of L2, one per key. */
  readonly reads = new SingleFlight<V | undefined>();

  constructor(options: LocalTierOptions<V>) {
    // TODO(ex4.tiered): build L1 as an LRUCache from options.l1 and options.now. Must not throw until you write it.
    // TODO(ex4.group-invalidation): keep a TagIndex (tag-index.ts) of the tags of L1's entries; wrap l1.onEvict so
    // that an entry L1 drops (evict, expire, delete) is untagged, then call the caller's onEvict.
    void options;
  }

  /** The L1 value of `key`, or `undefined`. */
  get(key: string): V | undefined {
    throw new Error('TODO(ex4.tiered): LocalTier.get');
  }

  /** Whether L1 holds `key`. */
  has(key: string): boolean {
    throw new Error('TODO(ex4.tiered): LocalTier.has');
  }

  /** How many entries L1 holds. */
  get size(): number {
    throw new Error('TODO(ex4.tiered): LocalTier.size');
  }

  /** Writes `key` into L1 for `ttlMs` (capped by `l1TtlMs`) with exactly `tags`. */
  store(key: string, value: V, ttlMs: number, tags: readonly string[] = []): void {
    // TODO(ex4.tiered): L1's ttl is min(ttlMs, l1TtlMs).
    // TODO(ex4.group-invalidation): set(k, v, { tags: ['user:1'] }) records k under user:1; a later store of k
    // replaces its tags (none: untagged).
    throw new Error('TODO(ex4.tiered): LocalTier.store');
  }

  /** Copies an L2 hit into L1 for its remaining time to live. */
  promote(key: string, value: V, remainingMs: number): void {
    // TODO(ex4.tiered): written at t0 with ttlMs 1000 and promoted at t0+600, the L1 copy is gone at t0+1000 (capped
    // by l1TtlMs).
    throw new Error('TODO(ex4.tiered): LocalTier.promote');
  }

  /** Detaches what is in flight for `key`, then removes it from L1; returns whether L1 held it. */
  delete(key: string): boolean {
    throw new Error('TODO(ex4.invalidation): LocalTier.delete');
  }

  /** Removes `keys` from L1 and detaches what is in flight for them. */
  drop(keys: Iterable<string>): void {
    throw new Error('TODO(ex4.group-invalidation): LocalTier.drop');
  }

  /** Drops every entry tagged `tag` and detaches the computes carrying it; returns the keys L1 held under it. */
  dropTag(tag: string): string[] {
    // TODO(ex4.group-invalidation): the keys the tag index holds under tag, and the computes in flight carrying it
    // (see computing()): invalidating a tag while its compute runs → the result is returned, stored in neither tier.
    throw new Error('TODO(ex4.group-invalidation): LocalTier.dropTag');
  }

  /** Drops every key that starts with `prefix` and detaches the work in flight for one; returns the keys L1 held. */
  dropPrefix(prefix: string): string[] {
    // TODO(ex4.group-invalidation): every L1 key starting with prefix, and every compute, L2 read or batch in flight
    // for one (SingleFlight.keys()).
    throw new Error('TODO(ex4.group-invalidation): LocalTier.dropPrefix');
  }

  /** Empties L1 and detaches everything in flight. */
  clear(): void {
    // TODO(ex4.tiered): no compute, read or batch in flight may write back after a clear.
    throw new Error('TODO(ex4.tiered): LocalTier.clear');
  }

  /** Any compute or L2 read in flight for `key` must not write its now stale result. */
  forget(key: string): void {
    // TODO(ex4.tiered): a set/delete/clear of `key` during a compute → its result is returned, not stored; during an
    // L2 read → the old value is not copied into L1. Forget the key's flights (computes, reads), its batches and its
    // compute tags.
    throw new Error('TODO(ex4.tiered): LocalTier.forget');
  }

  /** Starts tracking a batch read of `keys`: an invalidation of one removes it from the returned set. */
  track(keys: Iterable<string>): Set<string> {
    // TODO(ex4.batch): a set/delete/clear of a key while a getMany reads it from L2 → its old value is not copied
    // into L1: forget() removes the key from every tracked set.
    throw new Error('TODO(ex4.batch): LocalTier.track');
  }

  /** Stops tracking a batch read. */
  untrack(batch: Set<string>): void {
    throw new Error('TODO(ex4.batch): LocalTier.untrack');
  }

  /** Records that the compute of `key`, in flight, carries `tags`, so invalidating one of them detaches it. */
  computing(key: string, tags: readonly string[]): void {
    throw new Error('TODO(ex4.group-invalidation): LocalTier.computing');
  }

  /** The compute of `key` is over. */
  computed(key: string): void {
    throw new Error('TODO(ex4.group-invalidation): LocalTier.computed');
  }
}
