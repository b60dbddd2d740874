import type { BatchSetOptions } from './lru-cache.js';
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
