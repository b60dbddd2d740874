import type { BatchSetOptions } from './lru-cache.js';
import type { ComputeMany, TieredComputeOptions } from './tiered-options.js';
import type { Tiers } from './tiers.js';

/** L1 for every key, then every L1 miss from L2 in one round trip; each key counts once in the stats. */
export async function getMany<V>(tiers: Tiers<V>, keys: readonly string[]): Promise<(V | undefined)[]> {
  // TODO(ex4.batch): getMany(['a', 'b', 'c']) with a in L1 and b, c only in L2 → [A, B, C] after one L2 call for
  // ['b', 'c'] (l2.readMany: one MGET), none when L1 holds them all; b and c promoted for their remaining TTL.
  // An L2 failure or timeout → the misses read as undefined (fail open, counted like get()). A set/delete/clear
  // of a key during the read → its old value is not copied into L1 (local.track). Each key counts once in stats.
  throw new Error('TODO(ex4.batch): getMany');
}

/** Every pair to L1 at once and to L2 in one pipelined write, after the earlier writes to those keys. */
export async function setMany<V>(tiers: Tiers<V>, entries: Iterable<readonly [string, V]>, options?: BatchSetOptions): Promise<void> {
  // TODO(ex4.batch): setMany([['a', A], ['b', B]], { ttlMs: 60_000 }) → both in L1, and in L2 with PTTL ≤ 60000
  // after one round trip (keyv.setMany), never one SET per key. It waits for earlier writes to those keys (write
  // order), detaches computes in flight for them, and an L2 failure never makes it reject. A pair whose value is
  // undefined deletes its key; the last pair for a key wins; the whole batch is checked before anything is written.
  throw new Error('TODO(ex4.batch): setMany');
}

/** Every key out of L1, and out of L2 in one round trip; whether either tier held any. */
export async function deleteMany<V>(tiers: Tiers<V>, keys: readonly string[]): Promise<boolean> {
  // TODO(ex4.batch): remove each key from L1 and, in one L2 call (keyv.deleteMany), from L2; true if either tier held
  // one. Like delete(): computes in flight for the keys don't write back, and a failed L2 delete leaves the keys
  // unsettled (deleted again before L2 serves reads after the outage).
  throw new Error('TODO(ex4.batch): deleteMany');
}

/**
 * L1, then L2 in one round trip, then one `computeMany` call for the keys still missing, stored in both tiers. A key
 * already being computed (by `getOrCompute` or another batch) joins that flight; each key this call computes gets a
 * flight of its own that the others can join. An invalidation of a key during the batch keeps its result out of
 * both tiers. Batches do not take the cross-process lock.
 */
export async function getOrComputeMany<V>(tiers: Tiers<V>, keys: readonly string[], computeMany: ComputeMany<V>, options?: TieredComputeOptions): Promise<V[]> {
  // TODO(ex4.batch): getOrComputeMany(['a', 'b', 'c', 'd'], computeMany) with a in L1 and b in L2 → one L2 read for
  // b, c, d (l2.readMany), then computeMany(['c', 'd'], signal) once → ['C', 'D'], stored in both tiers (one
  // pipelined write) with options.ttlMs and options.tags; → [A, B, C, D]. A key asked twice is computed once; each
  // key counts once in stats. computeMany not a function, or not answering one value per key → TypeError naming
  // `computeMany`.
  // TODO(ex4.batch): one flight per key (local.computes): a key getOrCompute is computing joins that compute, and a
  // getOrCompute of a key this batch computes waits for the batch. Start one flight per missing key whose work waits
  // for the one shared batch; the batch aborts only when every one of its keys' flights has.
  // TODO(ex4.batch): an L2 failure reads as a miss (compute it); a set/delete/invalidation/bump of a key during the
  // batch → its result is returned but stored in neither tier.
  throw new Error('TODO(ex4.batch): getOrComputeMany');
}
