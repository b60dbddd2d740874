import { keyvTtl, NO_ANSWER, type Found } from './l2-tier.js';
import type { Loaded } from './local-tier.js';
import type { Compute } from './single-flight-cache.js';
import { assertTags, type TieredComputeOptions, type TieredSetOptions } from './tiered-options.js';
import type { Tiers } from './tiers.js';
import { assertFunction, assertKey, assertTtl } from './validate.js';

/** The value for `key` from L1, else from L2 (copied into L1 unless an invalidation overtook the read). */
export async function get<V>(tiers: Tiers<V>, key: string): Promise<V | undefined> {
  assertKey(key);
  const { local, stats } = tiers;
  const cached = local.get(key);
  if (cached !== undefined) {
    stats.l1Hits++;
    return cached;
  }
  const value = await local.reads.run(key, async (_signal, isCurrent) => {
    const found = await tiers.l2.read(key);
    if (found === undefined) return undefined;
    if (isCurrent()) local.promote(key, found.value, found.ttlMs);
    return found.value;
  });
  if (value === undefined) stats.misses++;
  else stats.l2Hits++;
  return value;
}

/** L1, else L2, else one compute per key in this process (and, with a lock, across processes). */
export async function getOrCompute<V>(tiers: Tiers<V>, key: string, compute: Compute<V>, options: TieredComputeOptions = {}): Promise<V> {
  assertKey(key);
  assertFunction('compute', compute);
  const { signal, ttlMs = tiers.settings.ttlMs, tags = [] } = options;
  assertTtl('ttlMs', ttlMs);
  assertTags(tags);
  signal?.throwIfAborted();
  const cached = tiers.local.get(key);
  if (cached !== undefined) {
    tiers.stats.l1Hits++;
    return cached;
  }
  const loaded = await tiers.local.computes.run(key, (computeSignal, isCurrent) => load(tiers, key, compute, ttlMs, tags, computeSignal, isCurrent), signal);
  if (loaded.source === 'l2') tiers.stats.l2Hits++;
  else tiers.stats.misses++;
  return loaded.value;
}

/** Writes `value` to both tiers with its ttl and tags; `undefined` deletes. */
export async function set<V>(tiers: Tiers<V>, key: string, value: V, options: number | TieredSetOptions = {}): Promise<void> {
  assertKey(key);
  if (value === undefined) {
    await remove(tiers, key);
    return;
  }
  const { ttlMs = tiers.settings.ttlMs, tags = [] } = typeof options === 'object' && options !== null ? options : { ttlMs: options };
  assertTtl('ttlMs', ttlMs);
  assertTags(tags);
  tiers.local.forget(key);
  tiers.local.store(key, value, ttlMs, tags);
  await writeValue(tiers, key, value, ttlMs, tags);
}

/** Whether either tier holds `key`; an L2 failure reads as false. */
export async function has<V>(tiers: Tiers<V>, key: string): Promise<boolean> {
  assertKey(key);
  if (tiers.local.has(key)) return true;
  const answer = await tiers.l2.call('has', (l2) => l2.has(key));
  return answer === true;
}

/** Removes `key` from both tiers and reports it with one `invalidate` event; returns whether either held it. */
export async function remove<V>(tiers: Tiers<V>, key: string): Promise<boolean> {
  assertKey(key);
  const inL1 = tiers.local.delete(key);
  const inL2 = await tiers.l2.write(key, 'delete', (l2) => l2.delete(key));
  const removed = inL1 || inL2 === true;
  tiers.events.emit('invalidate', { scope: 'key', target: key, count: removed ? 1 : 0 });
  return removed;
}

/** The L2 write of one value and then (with an invalidator) of its tags, in write order for the key. */
export function writeValue<V>(tiers: Tiers<V>, key: string, value: V, ttlMs: number, tags: readonly string[]): Promise<unknown> {
  return tiers.l2.write(key, 'set', async (l2) => {
    const result = await l2.set(key, value, keyvTtl(ttlMs));
    if (tags.length > 0) await tiers.settings.invalidator?.tag([l2.key(key)], tags, ttlMs);
    return result;
  });
}

/** L2, then (with a lock) another process's result, then compute; writes what it computed to both tiers. */
async function load<V>(tiers: Tiers<V>, key: string, compute: Compute<V>, ttlMs: number, tags: readonly string[], signal: AbortSignal, isCurrent: () => boolean): Promise<Loaded<V>> {
  const { local, l2, settings } = tiers;
  let found = await l2.read(key);
  let token: string | undefined;
  if (found === undefined && settings.lock !== undefined) ({ found, token } = await lockOrWait(tiers, key, signal));
  if (found !== undefined) {
    if (isCurrent()) local.promote(key, found.value, found.ttlMs);
    return { value: found.value, source: 'l2' };
  }
  // While it computes, invalidating one of its tags detaches it like a delete of the key would.
  local.computing(key, tags);
  try {
    const value = await compute(signal);
    if (value !== undefined && isCurrent()) {
      local.store(key, value, ttlMs, tags);
      // Written before the lock is released, so that waiting processes find it.
      await writeValue(tiers, key, value, ttlMs, tags);
    }
    return { value, source: 'compute' };
  } finally {
    if (isCurrent()) local.computed(key);
    if (token !== undefined) await l2.call('unlock', (store) => settings.lock!.release(store.key(key), token));
  }
}

/**
 * Takes the lock for `key`, or waits for its holder's result in L2, polling every `lockPollMs`. Gives up (and lets
 * the caller compute without the lock) once `lockWaitMs` have passed on the `now` clock — time, not a count of
 * polls, since each poll also waits for L2 — or when L2 fails. A holder that crashed is recovered when its lock
 * expires: the next attempt takes it.
 */
async function lockOrWait<V>(tiers: Tiers<V>, key: string, signal: AbortSignal): Promise<{ found?: Found<V>; token?: string }> {
  const { l2, settings } = tiers;
  const lock = settings.lock!;
  const deadline = settings.now() + settings.lockWaitMs;
  for (;;) {
    const token = await l2.call('lock', (store) => lock.acquire(store.key(key), settings.lockTtlMs));
    if (token === NO_ANSWER) return {};
    if (token !== undefined) {
      // The previous holder may have finished between our read and our lock.
      const found = await l2.read(key);
      if (found === undefined) return { token };
      await l2.call('unlock', (store) => lock.release(store.key(key), token));
      return { found };
    }
    const left = deadline - settings.now();
    if (left <= 0) return {};
    await new Promise((resolve) => setTimeout(resolve, Math.min(settings.lockPollMs, left)));
    signal.throwIfAborted();
    const found = await l2.read(key);
    if (found !== undefined) return { found };
    if (l2.status === 'down') return {};
  }
}
