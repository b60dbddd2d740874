import type { Compute } from './single-flight-cache.js';
import type { TieredComputeOptions, TieredSetOptions } from './tiered-options.js';
import type { Tiers } from './tiers.js';

/** The value for `key` from L1, else from L2 (copied into L1 unless an invalidation overtook the read). */
export async function get<V>(tiers: Tiers<V>, key: string): Promise<V | undefined> {
  // TODO(ex4.tiered): L1, then L2 (tiers.l2.read); an L2 hit goes into L1 for its remaining ttl (local.promote). One
  // L2 read per key in flight (local.reads); a delete/set of `key` during the read → do not copy the old value into
  // L1. Each call counts once in stats: l1Hits, l2Hits or misses.
  throw new Error('TODO(ex4.tiered): get');
}

/** L1, else L2, else one compute per key in this process (and, with a lock, across processes). */
export async function getOrCompute<V>(tiers: Tiers<V>, key: string, compute: Compute<V>, options?: TieredComputeOptions): Promise<V> {
  // TODO(ex4.tiered): L1 → L2 (promote) → compute, then write both tiers (L2 with Keyv ttl 0 for Infinity). Five
  // concurrent callers → one compute (local.computes). L2 errors and timeouts never reach the caller: compute instead.
  // TODO(ex4.distributed-lock): with a lock, on an L2 miss: take the lock, read L2 again, compute, write L2, release.
  // If another process holds it, poll L2 every lockPollMs (and retry the lock) for up to lockWaitMs, then compute.
  // The wait is time on now(), not a number of polls: with lockWaitMs 1000 and each lock attempt taking 100 ms, a
  // waiter still waits at t=999 and has given up by t=1125 (lockWaitMs + one poll + one attempt).
  // TODO(ex4.tiered): a set/delete/clear of `key` during the compute → its result is returned, not stored; a delete
  // during the L2 read → the old value is returned but not copied into L1.
  // TODO(ex4.group-invalidation): options.tags are the computed value's tags (recorded like set()'s);
  // invalidateTag of one of them while the compute runs → its result is returned, but stored in neither tier.
  throw new Error('TODO(ex4.tiered): getOrCompute');
}

/** Writes `value` to both tiers with its ttl and tags; `undefined` deletes. */
export async function set<V>(tiers: Tiers<V>, key: string, value: V, options?: number | TieredSetOptions): Promise<void> {
  // TODO(ex4.tiered): write L1 (ttl capped by l1TtlMs) and L2; a failing L2 does not make set() reject. A set
  // detaches what is in flight for the key.
  // TODO(ex4.group-invalidation): set(k, v, { ttlMs, tags: ['user:1'] }) records k under user:1 in L1 and, with an
  // invalidator, in L2 (invalidator.tag) after the value is written. A later set of k replaces its tags; L1 dropping
  // k (evict, expire, delete) untags it. tags not an array of non-empty strings → TypeError naming `tags`.
  throw new Error('TODO(ex4.tiered): set');
}

/** Whether either tier holds `key`; an L2 failure reads as false. */
export async function has<V>(tiers: Tiers<V>, key: string): Promise<boolean> {
  // TODO(ex4.tiered): true when L1 or L2 holds `key`; an L2 failure reads as false.
  throw new Error('TODO(ex4.tiered): has');
}

/** Removes `key` from both tiers and reports it with one `invalidate` event; returns whether either held it. */
export async function remove<V>(tiers: Tiers<V>, key: string): Promise<boolean> {
  // TODO(ex4.tiered): remove from L1 and L2 (an L2 write, in order with the key's other writes); true if either held it.
  // TODO(ex4.group-invalidation): emits one 'invalidate' event { scope: 'key', target: key, count: 1 or 0 }.
  throw new Error('TODO(ex4.tiered): remove');
}

/** The L2 write of one value and then (with an invalidator) of its tags, in write order for the key. */
export function writeValue<V>(tiers: Tiers<V>, key: string, value: V, ttlMs: number, tags: readonly string[]): Promise<unknown> {
  // TODO(ex4.tiered): l2.set(key, value, keyvTtl(ttlMs)) through tiers.l2.write.
  // TODO(ex4.group-invalidation): then, with tags and an invalidator, invalidator.tag([the L2 key], tags, ttlMs):
  // both must land for the write to count.
  throw new Error('TODO(ex4.tiered): writeValue');
}
