import { keyvTtl } from './l2-tier.js';
import type { Loaded } from './local-tier.js';
import type { BatchSetOptions } from './lru-cache.js';
import { assertTags, type ComputeMany, type TieredComputeOptions } from './tiered-options.js';
import type { Tiers } from './tiers.js';
import { assertFunction, assertKeys, assertTtl } from './validate.js';

/** A key's flight in a batch compute: its abort signal and whether it is still the key's current flight. */
interface Started {
  signal: AbortSignal;
  isCurrent: () => boolean;
}

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
  const writes: Promise<unknown>[] = [];
  if (removed.length > 0) writes.push(deleteMany(tiers, removed));
  if (stored.length > 0) writes.push(writeValues(tiers, stored, ttlMs, []));
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
 * L1, then L2 in one round trip, then one `computeMany` call for the keys still missing, stored in both tiers. A key
 * already being computed (by `getOrCompute` or another batch) joins that flight; each key this call computes gets a
 * flight of its own that the others can join. An invalidation of a key during the batch keeps its result out of
 * both tiers. Batches do not take the cross-process lock.
 */
export async function getOrComputeMany<V>(tiers: Tiers<V>, keys: readonly string[], computeMany: ComputeMany<V>, options: TieredComputeOptions = {}): Promise<V[]> {
  assertKeys(keys);
  assertFunction('computeMany', computeMany);
  const { signal, ttlMs = tiers.settings.ttlMs, tags = [] } = options;
  assertTtl('ttlMs', ttlMs);
  assertTags(tags);
  signal?.throwIfAborted();
  const { local, stats } = tiers;
  const cached = keys.map((key) => local.get(key));
  const missing = [...new Set(keys.filter((_, i) => cached[i] === undefined))];
  // Every flight this call starts waits for the one batch, which starts once they all exist.
  const started = new Map<string, Started>();
  let run!: (batch: Promise<Map<string, Loaded<V>>>) => void;
  const batch = new Promise<Map<string, Loaded<V>>>((resolve) => (run = resolve));
  const flights = missing.map((key) =>
    local.computes.run(
      key,
      (flightSignal, isCurrent) => {
        started.set(key, { signal: flightSignal, isCurrent });
        return batch.then((loaded) => loaded.get(key)!);
      },
      signal,
    ),
  );
  run(loadMany(tiers, started, computeMany, ttlMs, tags));
  const loaded = new Map((await Promise.all(flights)).map((result, i) => [missing[i]!, result]));
  return keys.map((key, i) => {
    const value = cached[i];
    if (value !== undefined) {
      stats.l1Hits++;
      return value;
    }
    const { value: found, source } = loaded.get(key)!;
    if (source === 'l2') stats.l2Hits++;
    else stats.misses++;
    return found;
  });
}

/** The L2 write of `entries` in one pipelined round trip and then (with an invalidator) of their tags. */
function writeValues<V>(tiers: Tiers<V>, entries: readonly (readonly [string, V])[], ttlMs: number, tags: readonly string[]): Promise<unknown> {
  const keys = entries.map(([key]) => key);
  const ttl = keyvTtl(ttlMs);
  return tiers.l2.write(keys, 'set', async (l2) => {
    const result = await l2.setMany(entries.map(([key, value]) => ({ key, value, ttl })));
    if (tags.length > 0) await tiers.settings.invalidator?.tag(keys.map(l2.key), tags, ttlMs);
    return result;
  });
}

/** The batch behind the flights in `started`: their L2 values in one round trip, the rest from one computeMany call. */
async function loadMany<V>(tiers: Tiers<V>, started: Map<string, Started>, computeMany: ComputeMany<V>, ttlMs: number, tags: readonly string[]): Promise<Map<string, Loaded<V>>> {
  const { local } = tiers;
  const loaded = new Map<string, Loaded<V>>();
  if (started.size === 0) return loaded;
  const found = await tiers.l2.readMany([...started.keys()]);
  for (const [key, { value, ttlMs: remainingMs }] of found) {
    if (started.get(key)!.isCurrent()) local.promote(key, value, remainingMs);
    loaded.set(key, { value, source: 'l2' });
  }
  const missing = [...started.keys()].filter((key) => !found.has(key));
  if (missing.length === 0) return loaded;
  // While it computes, invalidating one of its tags detaches a key like a delete of it would.
  for (const key of missing) local.computing(key, tags);
  try {
    const values = await computeMany(missing, allAborted(missing.map((key) => started.get(key)!.signal)));
    if (!Array.isArray(values) || values.length !== missing.length) {
      throw new TypeError(`\`computeMany\` must resolve to one value per key, in order: asked for ${missing.length}, got ${Array.isArray(values) ? values.length : typeof values}`);
    }
    const stored: [string, V][] = [];
    missing.forEach((key, i) => {
      const value = values[i] as V;
      loaded.set(key, { value, source: 'compute' });
      if (value !== undefined && started.get(key)!.isCurrent()) {
        local.store(key, value, ttlMs, tags);
        stored.push([key, value]);
      }
    });
    if (stored.length > 0) await writeValues(tiers, stored, ttlMs, tags);
    return loaded;
  } finally {
    for (const key of missing) if (started.get(key)!.isCurrent()) local.computed(key);
  }
}

/** A signal that aborts once every one of `signals` has: the batch stops only when no key's callers want it. */
function allAborted(signals: AbortSignal[]): AbortSignal {
  const controller = new AbortController();
  let left = signals.length;
  for (const signal of signals) signal.addEventListener('abort', () => --left === 0 && controller.abort(signal.reason), { once: true });
  return controller.signal;
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
