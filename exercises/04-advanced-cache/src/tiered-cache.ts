import { EventEmitter } from 'node:events';
import type { Cache } from '@workbook/cache';
import { L2Tier } from './l2-tier.js';
import { LocalTier } from './local-tier.js';
import { NamespaceVersion } from './namespace-version.js';
import type { BatchSetOptions } from './lru-cache.js';
import type { Compute } from './single-flight-cache.js';
import { deleteMany, getMany, getOrComputeMany, setMany } from './tiered-batch.js';
import { bumpVersion, clear, dropRemote, invalidatePrefix, invalidateTag } from './tiered-invalidation.js';
import { tieredSettings, type ComputeMany, type L2Status, type TieredCacheEvents, type TieredCacheOptions, type TieredCacheStats, type TieredComputeOptions, type TieredSetOptions } from './tiered-options.js';
import { get, getOrCompute, has, remove, set } from './tiered-single-key.js';
import type { Tiers } from './tiers.js';


/**
 * A two-level cache: L1 is a small LRU in this process, L2 a Keyv store shared by every process (Redis). Reads go
 * L1 → L2 (a hit is copied into L1 for the rest of its time to live) → compute; writes go to both.
 *
 * L2 fails open: an L2 error or timeout counts as a miss (or a skipped write), is reported once per outage through
 * the `error` event, and leaves L2 alone for `l2RetryMs` before trying again; `recover` marks its return. Callers
 * never see L2 failures unless `throwOnL2Errors` is set.
 *
 * No invalidation is lost to an outage. A key whose L2 write failed, timed out or was skipped is remembered as
 * unsettled (L2 may hold an old value, and a write that timed out may still land), and so is a clear; before L2
 * serves this process again, the clear is replayed and every unsettled key deleted. A `delete` or `clear` during an
 * outage is also sent at once without waiting, so it reaches Redis right behind any write that timed out before it.
 *
 * `getOrCompute` computes a missing key once per process (single flight) and, with a `lock`, once across processes.
 */
export class TieredCache<V> extends EventEmitter<TieredCacheEvents> implements Cache<V> {
  readonly #tiers: Tiers<V>;

  constructor(options: TieredCacheOptions<V> = {}) {
    super();
    const settings = tieredSettings(options);
    const stats: TieredCacheStats = { l1Hits: 0, l2Hits: 0, misses: 0, l2Errors: 0 };
    const local = new LocalTier<V>({ l1: settings.l1, l1TtlMs: settings.l1TtlMs, now: settings.now });
    const version = new NamespaceVersion(settings.invalidator);
    const l2 = new L2Tier<V>({ keyv: settings.l2, version, timeoutMs: settings.l2TimeoutMs, retryMs: settings.l2RetryMs, throwOnErrors: settings.throwOnL2Errors, now: settings.now, stats, events: this });
    this.#tiers = { settings, local, l2, version, stats, events: this };
    settings.invalidator?.subscribe((message) => dropRemote(this.#tiers, message));
  }

  /** Where L2 stands: `none`, `up`, or `down` (an outage, until an L2 operation succeeds again). */
  get l2Status(): L2Status {
    return this.#tiers.l2.status;
  }

  /** A copy of the counters. */
  stats(): TieredCacheStats {
    // TODO(ex4.tiered): a copy of tiers.stats. Each get()/getOrCompute() call counts once: l1Hits, l2Hits, or
    // misses; l2Errors counts failed or timed-out L2 operations.
    throw new Error('TODO(ex4.tiered): TieredCache.stats');
  }

  /** The value for `key` from L1, else from L2 (copied into L1); `undefined` when neither has it. */
  get(key: string): Promise<V | undefined> {
    return get(this.#tiers, key);
  }

  /**
   * The value for `key`: from L1, else L2, else from `compute`, stored in both. Concurrent callers in this process
   * share one compute; with a `lock`, callers in other processes wait for it too (up to `lockWaitMs`). A set,
   * delete or clear during the compute wins over its result, which is returned but not stored.
   */
  getOrCompute(key: string, compute: Compute<V>, options?: TieredComputeOptions): Promise<V> {
    return getOrCompute(this.#tiers, key, compute, options);
  }

  /**
   * Stores `value` in both tiers for `ttlMs` ms (default: the cache's `ttlMs`), given as a number or as
   * `{ ttlMs, tags }`; `undefined` deletes. Tags are recorded in L1 and, with an `invalidator`, in L2.
   */
  set(key: string, value: V, options?: number | TieredSetOptions): Promise<void> {
    return set(this.#tiers, key, value, options);
  }

  /** Whether either tier holds `key`. */
  has(key: string): Promise<boolean> {
    return has(this.#tiers, key);
  }

  /** Removes `key` from both tiers; returns whether either held it. */
  delete(key: string): Promise<boolean> {
    return remove(this.#tiers, key);
  }

  /**
   * Removes every entry tagged `tag` — from L1, from L2 and (through the `invalidator`) from the L1 of every other
   * process — and detaches the computes in flight that carry it. Resolves to how many entries were removed.
   */
  invalidateTag(tag: string): Promise<number> {
    return invalidateTag(this.#tiers, tag);
  }

  /**
   * Removes every key that starts with `prefix` from L1, from L2 (`SCAN` + `UNLINK` in batches, within the Keyv
   * namespace) and from the L1 of every other process. Resolves to how many entries were removed.
   */
  invalidatePrefix(prefix: string): Promise<number> {
    return invalidatePrefix(this.#tiers, prefix);
  }

  /**
   * Moves the cache's namespace to a new version, part of every L2 key: every entry written before is unreachable at
   * once, in every process (the version lives in Redis and the bump is announced through the `invalidator`), and is
   * left to expire with its TTL — nothing is scanned. This process's L1 is emptied, and no compute or write in flight
   * lands under the new version. Resolves to the new version.
   */
  bumpVersion(): Promise<number> {
    return bumpVersion(this.#tiers);
  }

  /**
   * The values for `keys`, in the same order (`undefined` where neither tier has one): L1 answers what it holds, and
   * every L1 miss is asked of L2 in one round trip (`keyv.getManyRaw`, a single `MGET` on Redis). L2 hits are copied
   * into L1 for their remaining TTL, unless a set, delete or clear of the key overtook the read. Each key counts once
   * in the stats.
   */
  getMany(keys: readonly string[]): Promise<(V | undefined)[]> {
    return getMany(this.#tiers, keys);
  }

  /**
   * The values for `keys`, in the same order: L1 answers what it holds, L2 every L1 miss in one round trip, and one
   * `computeMany(missing, signal)` call the keys still missing, stored in both tiers with `options.ttlMs` and
   * `options.tags`. One flight per key: a key already being computed (by `getOrCompute` or another batch) joins that
   * compute, and a `getOrCompute` of a key this batch computes waits for it. L2 failures read as misses; a set,
   * delete, invalidation or bump during the batch keeps a key's result out of both tiers. No cross-process lock.
   */
  getOrComputeMany(keys: readonly string[], computeMany: ComputeMany<V>, options?: TieredComputeOptions): Promise<V[]> {
    return getOrComputeMany(this.#tiers, keys, computeMany, options);
  }

  /**
   * Stores every `[key, value]` pair in both tiers for `ttlMs` ms (default: the cache's `ttlMs`): L1 at once, L2 in
   * one pipelined round trip (`keyv.setMany`, a `MULTI` of `SET … PX` on Redis) that lands after the writes issued
   * before it to the same keys. A pair whose value is `undefined` deletes its key. The whole batch is checked first.
   */
  setMany(entries: Iterable<readonly [string, V]>, options?: BatchSetOptions): Promise<void> {
    return setMany(this.#tiers, entries, options);
  }

  /** Removes every key of `keys` from both tiers (one `keyv.deleteMany` round trip); returns whether either tier held any. */
  deleteMany(keys: readonly string[]): Promise<boolean> {
    return deleteMany(this.#tiers, keys);
  }

  /** Removes every entry from both tiers (in L2: every key of its namespace). */
  clear(): Promise<void> {
    return clear(this.#tiers);
  }

  /**
   * Closes the L2 connection (`l2.disconnect()`, given up after `l2TimeoutMs`) and the `invalidator`; L1 keeps
   * working. A failure to close is not an outage: it is only thrown with `throwOnL2Errors`.
   */
  async close(): Promise<void> {
    await this.#tiers.l2.close();
    await this.#tiers.settings.invalidator?.close();
  }
}
