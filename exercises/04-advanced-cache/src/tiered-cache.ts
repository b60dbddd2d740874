import { EventEmitter } from 'node:events';
import type { Cache } from '@workbook/cache';
import type { Keyv } from 'keyv';
import type { BatchSetOptions, LRUCacheOptions } from './lru-cache.js';
import type { Invalidator } from './redis-invalidator.js';
import type { Lock } from './redis-lock.js';
import type { Compute, ComputeOptions } from './single-flight-cache.js';

/** What the tiered cache asked of L2 when it failed. */
export type L2Operation = 'get' | 'set' | 'has' | 'delete' | 'clear' | 'lock' | 'unlock';

/** `none`: no L2 configured; `up`: the last L2 operation succeeded; `down`: in an outage, running on L1 alone. */
export type L2Status = 'none' | 'up' | 'down';

export interface TieredCacheStats {
  /** Reads answered by L1. */
  l1Hits: number;
  /** Reads answered by L2 (the value is then promoted to L1). */
  l2Hits: number;
  /** Reads answered by neither: `get` returned `undefined`, or `getOrCompute` computed. */
  misses: number;
  /** L2 operations that failed or timed out. */
  l2Errors: number;
}

/** What one invalidation call removed: a key, every entry with a tag, or every key under a prefix. */
export interface InvalidateEvent {
  scope: 'key' | 'tag' | 'prefix';
  /** The key, the tag or the prefix. */
  target: string;
  /** Entries removed: from L2 when it answered (the shared count), else from this process's L1. */
  count: number;
}

/** Options of one write: its time to live and its tags. */
export interface TieredSetOptions {
  /** Time to live, in ms, or `Infinity`. @default the cache's `ttlMs` */
  ttlMs?: number;
  /** Tags for group invalidation with `invalidateTag` (non-empty strings). @default [] */
  tags?: readonly string[];
}

/** `getOrCompute` options, plus the tags the computed value is stored with. */
export interface TieredComputeOptions extends ComputeOptions {
  /** Tags of the computed value; invalidating one of them during the compute keeps its result out of both tiers. */
  tags?: readonly string[];
}

export interface TieredCacheEvents {
  /** The first L2 failure of an outage (an error or a timeout); later failures of the same outage are silent. */
  error: [error: Error, operation: L2Operation];
  /** L2 answered again after an outage. */
  recover: [];
  /** One per `delete`, `invalidateTag` or `invalidatePrefix` call, with what it removed. */
  invalidate: [event: InvalidateEvent];
}

export interface TieredCacheOptions<V> {
  /** L1, the in-process LRU: its bounds and eviction callback. @default { maxEntries: 1000 } */
  l1?: Omit<LRUCacheOptions<V>, 'ttlMs' | 'now'>;
  /**
   * L2, shared by every process: any Keyv (Redis through `@keyv/redis`, or in memory in tests). Give it
   * `throwOnErrors: true`, or Keyv hides its store's failures as misses. @default undefined (L1 only)
   */
  l2?: Keyv<V>;
  /** Time to live of entries, in ms, in both tiers: any length (it is never scheduled), or `Infinity` for no expiry. @default Infinity */
  ttlMs?: number;
  /**
   * The longest L1 keeps an entry, in ms, whatever its TTL: another process's `set` or `delete` reaches L2 at once,
   * but this process sees it only once its L1 copy is gone. Any length, or `Infinity` for no cap. @default Infinity
   */
  l1TtlMs?: number;
  /** Each L2 operation fails after this long without an answer (a hung Redis), in ms, at most 2^31−1. @default 200 */
  l2TimeoutMs?: number;
  /**
   * After an L2 failure, L2 is left alone for this long before it is tried again, in ms, at most 2^31−1. Invalidations
   * are the exception: they are still sent, without waiting for an answer. @default 1000
   */
  l2RetryMs?: number;
  /** Reject calls when L2 fails, instead of carrying on with L1 and compute. @default false */
  throwOnL2Errors?: boolean;
  /** A lock shared with other processes, so one of them computes a missing key while the others wait. @default undefined */
  lock?: Lock;
  /**
   * How long a lock is held at most, in whole ms (at most 2^31−1): a crashed holder's lock frees itself after this,
   * and a holder whose compute takes longer loses it (others may then compute too). @default 10000
   */
  lockTtlMs?: number;
  /**
   * How long a waiter waits for the holder's result before computing without the lock, in ms of the `now` clock
   * (at most 2^31−1), however slow each poll is. Longer than `lockTtlMs` by default, so that a crashed holder's lock
   * expires, and a waiter takes it, before anyone gives up; the 2 s margin covers a poll interval, a slow L2 round
   * trip and the drift between this clock and Redis's. @default lockTtlMs + 2000 (12000)
   */
  lockWaitMs?: number;
  /** How often a waiter looks for the holder's result, in ms, at most 2^31−1. @default 25 */
  lockPollMs?: number;
  /**
   * Group invalidation in L2 and across processes (`RedisInvalidator` on the client of the Keyv store). Without it,
   * `invalidateTag` and `invalidatePrefix` reach this process's L1 only. @default undefined
   */
  invalidator?: Invalidator;
  /** The clock, in ms since the epoch: it must agree with L2's (Keyv stores expiries from `Date.now()`). @default Date.now */
  now?: () => number;
}

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
  constructor(options: TieredCacheOptions<V> = {}) {
    super();
    // TODO(ex4.tiered): validate and keep the options, with the defaults documented above. l2 that is not a Keyv →
    // TypeError naming `l2`; a lock without acquire/release, or without l2 → TypeError naming `lock`; now that is not
    // a function → TypeError naming `now`; lockTtlMs not a whole number → RangeError; ttlMs/l1TtlMs ≤ 0 and l2TimeoutMs,
    // l2RetryMs, lockTtlMs, lockWaitMs, lockPollMs not positive and finite → RangeError naming the option. Build L1 as
    // an LRUCache from options.l1 and options.now. Must not throw (or connect anywhere) until you write it.
    // TODO(ex4.tiered): a timer option above 2^31−1 ms (the longest delay Node's timers can schedule; see
    // MAX_DELAY_MS in validate.ts) → RangeError naming it; 2^31−1 is fine. ttlMs/l1TtlMs are never scheduled (they
    // are compared with the clock), so a TTL of a year is valid.
    // TODO(ex4.distributed-lock): lockWaitMs defaults to lockTtlMs + 2000: waiters outlast a crashed holder's lock.
    void options;
  }

  /** Where L2 stands: `none`, `up`, or `down` (an outage, until an L2 operation succeeds again). */
  get l2Status(): L2Status {
    // TODO(ex4.tiered): 'none' without l2; 'down' from the first failed L2 operation to the next one that succeeds.
    throw new Error('TODO(ex4.tiered): TieredCache.l2Status');
  }

  /** A copy of the counters. */
  stats(): TieredCacheStats {
    // TODO(ex4.tiered): each get()/getOrCompute() call counts once: l1Hits, l2Hits, or misses; l2Errors counts failed
    // or timed-out L2 operations.
    throw new Error('TODO(ex4.tiered): TieredCache.stats');
  }

  /** The value for `key` from L1, else from L2 (copied into L1); `undefined` when neither has it. */
  async get(key: string): Promise<V | undefined> {
    // TODO(ex4.tiered): L1, then L2 via l2.getRaw(key) → { value, expires }. An L2 hit goes into L1 for its remaining
    // ttl (expires - now(), capped by l1TtlMs): written at t0 with ttlMs 1000 and promoted at t0+600, the L1 copy is
    // gone at t0+1000; an L2 entry whose expiry has passed by now() is a miss. An L2 failure reads as a miss.
    // TODO(ex4.tiered): a delete/set of `key` during the L2 read → do not copy the old value into L1.
    throw new Error('TODO(ex4.tiered): TieredCache.get');
  }

  /**
   * The value for `key`: from L1, else L2, else from `compute`, stored in both. Concurrent callers in this process
   * share one compute; with a `lock`, callers in other processes wait for it too (up to `lockWaitMs`). A set,
   * delete or clear during the compute wins over its result, which is returned but not stored.
   */
  async getOrCompute(key: string, compute: Compute<V>, options?: TieredComputeOptions): Promise<V> {
    // TODO(ex4.tiered): L1 → L2 (promote) → compute, then write both tiers (L2 with Keyv ttl 0 for Infinity). Five
    // concurrent callers → one compute. L2 errors and timeouts never reach the caller: compute instead. An L2 call
    // without an answer after l2TimeoutMs fails with an Error whose message says it timed out (the `error` event's).
    // TODO(ex4.distributed-lock): with a lock, on an L2 miss: take the lock, read L2 again, compute, write L2, release.
    // If another process holds it, poll L2 every lockPollMs (and retry the lock) for up to lockWaitMs, then compute.
    // The wait is time on now(), not a number of polls: with lockWaitMs 1000 and each lock attempt taking 100 ms, a
    // waiter still waits at t=999 and has given up by t=1125 (lockWaitMs + one poll + one attempt).
    // TODO(ex4.tiered): a set/delete/clear of `key` during the compute → its result is returned, not stored; a delete
    // during the L2 read → the old value is returned but not copied into L1.
    // TODO(ex4.group-invalidation): options.tags are the computed value's tags (recorded like set()'s);
    // invalidateTag of one of them while the compute runs → its result is returned, but stored in neither tier.
    throw new Error('TODO(ex4.tiered): TieredCache.getOrCompute');
  }

  /**
   * Stores `value` in both tiers for `ttlMs` ms (default: the cache's `ttlMs`), given as a number or as
   * `{ ttlMs, tags }`; `undefined` deletes. Tags are recorded in L1 and, with an `invalidator`, in L2.
   */
  async set(key: string, value: V, options?: number | TieredSetOptions): Promise<void> {
    // TODO(ex4.tiered): write L1 (ttl capped by l1TtlMs) and L2; a failing L2 does not make set() reject. Redis's PX
    // takes whole milliseconds: set('k', v, 1500.5) must still reach L2.
    // TODO(ex4.tiered): writes to one key reach L2 in the order they were issued (set then delete → no key).
    // TODO(ex4.group-invalidation): set(k, v, { ttlMs, tags: ['user:1'] }) records k under user:1 in an L1 index
    // (TagIndex) and, with an invalidator, in L2 (invalidator.tag) after the value is written. A later set of k
    // replaces its tags; L1 dropping k (evict, expire, delete) untags it. tags not an array of non-empty strings →
    // TypeError naming `tags`.
    throw new Error('TODO(ex4.tiered): TieredCache.set');
  }

  /** Whether either tier holds `key`. */
  async has(key: string): Promise<boolean> {
    // TODO(ex4.tiered): true when L1 or L2 holds `key`; an L2 failure reads as false.
    throw new Error('TODO(ex4.tiered): TieredCache.has');
  }

  /** Removes `key` from both tiers; returns whether either held it. */
  async delete(key: string): Promise<boolean> {
    // TODO(ex4.tiered): remove from L1 and L2; true if either held it.
    // TODO(ex4.tiered): an invalidation is never lost to an outage. A key whose L2 write (set, delete, computed value)
    // failed, timed out or was skipped stays unsettled; when l2RetryMs ends, every unsettled key is deleted from L2
    // (and a missed clear replayed) before L2 answers anything, and the outage lasts until that has landed. During
    // the rest, a delete is still sent without awaiting it: set('k') timed out on a hung L2, then delete('k') → when
    // L2 wakes, the late set lands and the delete right after it, so no process ever reads the deleted value.
    // TODO(ex4.group-invalidation): emits one 'invalidate' event { scope: 'key', target: key, count: 1 or 0 }.
    throw new Error('TODO(ex4.tiered): TieredCache.delete');
  }

  /**
   * Removes every entry tagged `tag` — from L1, from L2 and (through the `invalidator`) from the L1 of every other
   * process — and detaches the computes in flight that carry it. Resolves to how many entries were removed.
   */
  async invalidateTag(tag: string): Promise<number> {
    // TODO(ex4.group-invalidation): drop the tag's keys from L1 and detach computes carrying it (no write-back);
    // let this process's pending writes to those keys land, then invalidator.invalidateTag(tag) (an L2 operation
    // 'delete' under the error policy) and drop the keys it names from L1 too. → the count (L2's, else L1's), and one
    // 'invalidate' event { scope: 'tag', target: tag, count }. A tag that is not a non-empty string → TypeError.
    // If L2 does not take it (failed, timed out, skipped), the keys this process knew under the tag are unsettled.
    throw new Error('TODO(ex4.group-invalidation): TieredCache.invalidateTag');
  }

  /**
   * Removes every key that starts with `prefix` from L1, from L2 (`SCAN` + `UNLINK` in batches, within the Keyv
   * namespace) and from the L1 of every other process. Resolves to how many entries were removed.
   */
  async invalidatePrefix(prefix: string): Promise<number> {
    // TODO(ex4.group-invalidation): like invalidateTag, for every L1 key starting with prefix (and every compute, L2
    // read or batch in flight for one), then invalidator.invalidatePrefix(prefix). One 'invalidate' event
    // { scope: 'prefix', target: prefix, count }. An empty or non-string prefix → TypeError naming `prefix`.
    throw new Error('TODO(ex4.group-invalidation): TieredCache.invalidatePrefix');
  }

  /**
   * The values for `keys`, in the same order (`undefined` where neither tier has one): L1 answers what it holds, and
   * every L1 miss is asked of L2 in one round trip (`keyv.getManyRaw`, a single `MGET` on Redis). L2 hits are copied
   * into L1 for their remaining TTL, unless a set, delete or clear of the key overtook the read. Each key counts once
   * in the stats.
   */
  async getMany(keys: readonly string[]): Promise<(V | undefined)[]> {
    // TODO(ex4.batch): getMany(['a', 'b', 'c']) with a in L1 and b, c only in L2 → [A, B, C] after one L2 call for
    // ['b', 'c'] (l2.getManyRaw: one MGET), none when L1 holds them all; b and c promoted for their remaining TTL.
    // An L2 failure or timeout → the misses read as undefined (fail open, counted like get()). A set/delete/clear
    // of a key during the read → its old value is not copied into L1. Each key counts once in stats().
    throw new Error('TODO(ex4.batch): TieredCache.getMany');
  }

  /**
   * Stores every `[key, value]` pair in both tiers for `ttlMs` ms (default: the cache's `ttlMs`): L1 at once, L2 in
   * one pipelined round trip (`keyv.setMany`, a `MULTI` of `SET … PX` on Redis) that lands after the writes issued
   * before it to the same keys. A pair whose value is `undefined` deletes its key. The whole batch is checked first.
   */
  async setMany(entries: Iterable<readonly [string, V]>, options?: BatchSetOptions): Promise<void> {
    // TODO(ex4.batch): setMany([['a', A], ['b', B]], { ttlMs: 60_000 }) → both in L1, and in L2 with PTTL ≤ 60000
    // after one round trip (l2.setMany), never one SET per key. It waits for earlier writes to those keys (write
    // order), detaches computes in flight for them, and an L2 failure never makes it reject.
    throw new Error('TODO(ex4.batch): TieredCache.setMany');
  }

  /** Removes every key of `keys` from both tiers (one `keyv.deleteMany` round trip); returns whether either tier held any. */
  async deleteMany(keys: readonly string[]): Promise<boolean> {
    // TODO(ex4.batch): remove each key from L1 and, in one L2 call (l2.deleteMany), from L2; true if either tier held
    // one. Like delete(): computes in flight for the keys don't write back, and a failed L2 delete leaves the keys
    // unsettled (deleted again before L2 serves reads after the outage).
    throw new Error('TODO(ex4.batch): TieredCache.deleteMany');
  }

  /** Removes every entry from both tiers (in L2: every key of its namespace). */
  async clear(): Promise<void> {
    // TODO(ex4.tiered): clear L1 and L2, after the L2 writes issued before it have landed. No compute in flight may
    // write back afterwards. A clear that does not land (failed, timed out, skipped) is replayed before L2 serves
    // reads again, and during the rest it is still sent, unawaited, like delete().
    throw new Error('TODO(ex4.tiered): TieredCache.clear');
  }

  /**
   * Closes the L2 connection (`l2.disconnect()`, given up after `l2TimeoutMs`); L1 keeps working. A failure to
   * close is not an outage: it is only thrown with `throwOnL2Errors`.
   */
  async close(): Promise<void> {
    // TODO(ex4.configuration): l2.disconnect(), given up after l2TimeoutMs; nothing to do without l2. It must not
    // change l2Status or emit events.
    throw new Error('TODO(ex4.configuration): TieredCache.close');
  }
}
