import { keyvTtl } from './l2-tier.js';
import type { BatchSetOptions } from './lru-cache.js';
import type { Tiers } from './tiers.js';
import { assertKeys, assertTtl } from './validate.js';

/** L1 for every key, then every L1 miss from L2 in one round trip; each key counts once in the stats. */
export async function getMany<V>(tiers: Tiers<V>, keys: readonly string[]): Promise<(V | undefined)[]> {
  assertKeys(keys);
  const { local, stats } = tiers;
  const values = keys.map((key) => local.get(key));
  const missing = [...new Set(keys.filter((_, i) => values[i] === undefined))];
  const found = missing.length === 0 ? new Map<string, V>() : await readMany(tiers, missing);
  return keys.map((key, i) => {
    const value = values[i] ?? found.get(key);
    if (values[i] !== undefined) stats.l1Hits++;
    else if (value !== undefined) stats.l2Hits++;
    else stats.misses++;
    return value;
  });
}

/** Every pair to L1 at once and to L2 in one pipelined write, after the earlier writes to those keys. */
export async function setMany<V>(tiers: Tiers<V>, entries: Iterable<readonly [string, V]>, options: BatchSetOptions = {}): Promise<void> {
  const batch = [...entries];
  const { ttlMs = tiers.settings.ttlMs } = options;
  assertKeys(batch.map((entry) => entry[0]));
  assertTtl('ttlMs', ttlMs);
  // The last pair for a key wins, as it would in a loop of set().
  const last = new Map(batch);
  const removed = [...last].filter(([, value]) => value === undefined).map(([key]) => key);
  const stored = [...last].filter((entry): entry is [string, V] => entry[1] !== undefined);
  for (const [key, value] of stored) {
    tiers.local.forget(key);
    tiers.local.store(key, value, ttlMs);
  }
  const ttl = keyvTtl(ttlMs);
  const writes: Promise<unknown>[] = [];
  if (removed.length > 0) writes.push(deleteMany(tiers, removed));
  if (stored.length > 0) {
    const keys = stored.map(([key]) => key);
    writes.push(tiers.l2.write(keys, 'set', (l2) => l2.setMany(stored.map(([key, value]) => ({ key, value, ttl })))));
  }
  await Promise.all(writes);
}

/** Every key out of L1, and out of L2 in one round trip; whether either tier held any. */
export async function deleteMany<V>(tiers: Tiers<V>, keys: readonly string[]): Promise<boolean> {
  assertKeys(keys);
  const unique = [...new Set(keys)];
  if (unique.length === 0) return false;
  let inL1 = false;
  for (const key of unique) if (tiers.local.delete(key)) inL1 = true;
  const inL2 = await tiers.l2.write(unique, 'delete', (l2) => l2.deleteMany(unique));
  return inL1 || inL2 === true;
}

/**
 * The L2 values of `keys`, read in one round trip; each hit still current is copied into L1 for its remaining TTL.
 * An L2 failure reads as "none of them".
 */
async function readMany<V>(tiers: Tiers<V>, keys: string[]): Promise<Map<string, V>> {
  const current = tiers.local.track(keys);
  try {
    const found = await tiers.l2.readMany(keys);
    const values = new Map<string, V>();
    for (const [key, { value, ttlMs }] of found) {
      values.set(key, value);
      if (current.has(key)) tiers.local.promote(key, value, ttlMs);
    }
    return values;
  } finally {
    tiers.local.untrack(current);
  }
}
