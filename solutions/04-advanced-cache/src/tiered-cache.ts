import { EventEmitter } from 'node:events';
import type { Cache } from '@workbook/cache';
import type { Keyv } from 'keyv';
import { LRUCache, type BatchSetOptions, type LRUCacheOptions } from './lru-cache.js';
import type { InvalidationMessage, Invalidator } from './redis-invalidator.js';
import type { Lock } from './redis-lock.js';
import type { Compute, ComputeOptions } from './single-flight-cache.js';
import { SingleFlight } from './single-flight.js';
import { TagIndex } from './tag-index.js';
import { assertDuration, assertFunction, assertKey, assertKeys, assertTtl } from './validate.js';

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

/** Waiters wait this much longer than a lock lives, by default (see `lockWaitMs`), in ms. */
const LOCK_WAIT_MARGIN_MS = 2000;

/** The outcome of an L2 call that failed, timed out, or was skipped during an outage. */
const NO_ANSWER = Symbol('no answer');
type Answer<T> = T | typeof NO_ANSWER;

interface Loaded<V> {
  value: V;
  source: 'l2' | 'compute';
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
  readonly #l1: LRUCache<V>;
  readonly #l2: Keyv<V> | undefined;
  readonly #lock: Lock | undefined;
  readonly #invalidator: Invalidator | undefined;
  /** The tags of the entries in L1; a key is untagged when L1 drops it. */
  readonly #tags = new TagIndex();
  /** For each tag, the keys whose compute, carrying that tag, is in flight. */
  readonly #computeTags = new TagIndex();
  readonly #ttlMs: number;
  readonly #l1TtlMs: number;
  readonly #timeoutMs: number;
  readonly #retryMs: number;
  readonly #throw: boolean;
  readonly #lockTtlMs: number;
  readonly #lockWaitMs: number;
  readonly #lockPollMs: number;
  readonly #now: () => number;
  readonly #computes = new SingleFlight<Loaded<V>>();
  readonly #reads = new SingleFlight<V | undefined>();
  /** The keys of each batch read in flight whose result may still be copied into L1; an invalidation removes its key. */
  readonly #batches = new Set<Set<string>>();
  /** The last L2 write per key: writes to one key reach L2 in the order they were issued. */
  readonly #writes = new Map<string, Promise<unknown>>();
  readonly #stats: TieredCacheStats = { l1Hits: 0, l2Hits: 0, misses: 0, l2Errors: 0 };
  #down = false;
  /** During an outage, L2 is not asked until this time. */
  #retryAt = 0;
  /** Keys whose L2 write failed, timed out or was skipped: deleted from L2 before it serves reads again. */
  readonly #unsettled = new Set<string>();
  /** A clear that failed, timed out or was skipped: replayed before L2 serves reads again. */
  #clearUnsettled = false;
  /** The replay of missed invalidations in progress, shared by every call that finds L2 due for a retry. */
  #repairing: Promise<boolean> | undefined;

  constructor(options: TieredCacheOptions<V> = {}) {
    super();
    const {
      l1 = { maxEntries: 1000 },
      l2,
      ttlMs = Infinity,
      l1TtlMs = Infinity,
      l2TimeoutMs = 200,
      l2RetryMs = 1000,
      throwOnL2Errors = false,
      lock,
      lockTtlMs = 10_000,
      lockPollMs = 25,
      invalidator,
      now = () => Date.now(),
    } = options;
    if (l2 !== undefined && (typeof l2.getRaw !== 'function' || typeof l2.set !== 'function')) {
      throw new TypeError('`l2` must be a Keyv instance');
    }
    if (lock !== undefined && (typeof lock.acquire !== 'function' || typeof lock.release !== 'function')) {
      throw new TypeError('`lock` must implement acquire() and release()');
    }
    if (invalidator !== undefined && (typeof invalidator.invalidateTag !== 'function' || typeof invalidator.subscribe !== 'function')) {
      throw new TypeError('`invalidator` must implement the Invalidator interface (tag, invalidateTag, invalidatePrefix, subscribe)');
    }
    if (lock !== undefined && l2 === undefined) throw new TypeError('`lock` needs `l2`: waiters read the holder\'s result from L2');
    assertTtl('ttlMs', ttlMs);
    assertTtl('l1TtlMs', l1TtlMs);
    assertDuration('l2TimeoutMs', l2TimeoutMs);
    assertDuration('l2RetryMs', l2RetryMs);
    assertDuration('lockTtlMs', lockTtlMs);
    // The default is derived, not checked: it is a deadline on the clock, never handed to a timer.
    const { lockWaitMs = lockTtlMs + LOCK_WAIT_MARGIN_MS } = options;
    if (options.lockWaitMs !== undefined) assertDuration('lockWaitMs', lockWaitMs);
    assertDuration('lockPollMs', lockPollMs);
    if (!Number.isInteger(lockTtlMs)) throw new RangeError(`\`lockTtlMs\` must be a whole number of milliseconds, got ${lockTtlMs}`);
    assertFunction('now', now);
    const onEvict = l1?.onEvict;
    this.#l1 = new LRUCache<V>({
      ...l1,
      now,
      onEvict: (value, key, reason) => {
        // Replaced values keep their key (set() retags it); every other removal drops the key from the tag index.
        if (reason !== 'set') this.#tags.untag(key);
        onEvict?.(value, key, reason);
      },
    });
    this.#l2 = l2;
    this.#invalidator = invalidator;
    invalidator?.subscribe((message) => this.#dropRemote(message));
    this.#lock = lock;
    this.#ttlMs = ttlMs;
    this.#l1TtlMs = l1TtlMs;
    this.#timeoutMs = l2TimeoutMs;
    this.#retryMs = l2RetryMs;
    this.#throw = throwOnL2Errors;
    this.#lockTtlMs = lockTtlMs;
    this.#lockWaitMs = lockWaitMs;
    this.#lockPollMs = lockPollMs;
    this.#now = now;
  }

  /** Where L2 stands: `none`, `up`, or `down` (an outage, until an L2 operation succeeds again). */
  get l2Status(): L2Status {
    if (this.#l2 === undefined) return 'none';
    return this.#down ? 'down' : 'up';
  }

  /** A copy of the counters. */
  stats(): TieredCacheStats {
    return { ...this.#stats };
  }

  /** The value for `key` from L1, else from L2 (copied into L1); `undefined` when neither has it. */
  async get(key: string): Promise<V | undefined> {
    assertKey(key);
    const cached = this.#l1.get(key);
    if (cached !== undefined) {
      this.#stats.l1Hits++;
      return cached;
    }
    const value = await this.#reads.run(key, async (_signal, isCurrent) => {
      const found = await this.#readL2(key);
      if (found === undefined) return undefined;
      if (isCurrent()) this.#promote(key, found.value, found.ttlMs);
      return found.value;
    });
    if (value === undefined) this.#stats.misses++;
    else this.#stats.l2Hits++;
    return value;
  }

  /**
   * The value for `key`: from L1, else L2, else from `compute`, stored in both. Concurrent callers in this process
   * share one compute; with a `lock`, callers in other processes wait for it too (up to `lockWaitMs`). A set,
   * delete or clear during the compute wins over its result, which is returned but not stored.
   */
  async getOrCompute(key: string, compute: Compute<V>, options: TieredComputeOptions = {}): Promise<V> {
    assertKey(key);
    assertFunction('compute', compute);
    const { signal, ttlMs = this.#ttlMs, tags = [] } = options;
    assertTtl('ttlMs', ttlMs);
    assertTags(tags);
    signal?.throwIfAborted();
    const cached = this.#l1.get(key);
    if (cached !== undefined) {
      this.#stats.l1Hits++;
      return cached;
    }
    const loaded = await this.#computes.run(key, (computeSignal, isCurrent) => this.#load(key, compute, ttlMs, tags, computeSignal, isCurrent), signal);
    if (loaded.source === 'l2') this.#stats.l2Hits++;
    else this.#stats.misses++;
    return loaded.value;
  }

  /**
   * Stores `value` in both tiers for `ttlMs` ms (default: the cache's `ttlMs`), given as a number or as
   * `{ ttlMs, tags }`; `undefined` deletes. Tags are recorded in L1 and, with an `invalidator`, in L2.
   */
  async set(key: string, value: V, options: number | TieredSetOptions = {}): Promise<void> {
    assertKey(key);
    if (value === undefined) {
      await this.delete(key);
      return;
    }
    const { ttlMs = this.#ttlMs, tags = [] } = typeof options === 'object' && options !== null ? options : { ttlMs: options };
    assertTtl('ttlMs', ttlMs);
    assertTags(tags);
    this.#forget(key);
    this.#l1.set(key, value, Math.min(ttlMs, this.#l1TtlMs));
    this.#tags.tag(key, tags);
    await this.#writeL2(key, 'set', (l2) => this.#setL2([key], tags, ttlMs, () => l2.set(key, value, this.#keyvTtl(ttlMs))));
  }

  /** Whether either tier holds `key`. */
  async has(key: string): Promise<boolean> {
    assertKey(key);
    if (this.#l1.has(key)) return true;
    const answer = await this.#callL2('has', (l2) => l2.has(key));
    return answer === true;
  }

  /** Removes `key` from both tiers; returns whether either held it. */
  async delete(key: string): Promise<boolean> {
    assertKey(key);
    this.#forget(key);
    const inL1 = this.#l1.delete(key);
    const inL2 = await this.#writeL2(key, 'delete', (l2) => l2.delete(key));
    const removed = inL1 || inL2 === true;
    this.emit('invalidate', { scope: 'key', target: key, count: removed ? 1 : 0 });
    return removed;
  }

  /**
   * Removes every entry tagged `tag` — from L1, from L2 and (through the `invalidator`) from the L1 of every other
   * process — and detaches the computes in flight that carry it. Resolves to how many entries were removed.
   */
  async invalidateTag(tag: string): Promise<number> {
    assertTags([tag]);
    const local = this.#tags.keys(tag);
    for (const key of this.#computeTags.keys(tag)) this.#forget(key);
    this.#drop(local);
    // This process's writes to those keys, and their tags, must land before the tag is read.
    await Promise.allSettled(local.flatMap((key) => this.#writes.get(key) ?? []));
    const removed = await this.#invalidateL2('delete', (invalidator) => invalidator.invalidateTag(tag));
    // Keys this process promoted from L2 carry no tag here: the L2 answer names them.
    if (removed !== NO_ANSWER) this.#drop(removed);
    else this.#unsettle(local);
    const count = removed === NO_ANSWER ? local.length : removed.length;
    this.emit('invalidate', { scope: 'tag', target: tag, count });
    return count;
  }

  /**
   * Removes every key that starts with `prefix` from L1, from L2 (`SCAN` + `UNLINK` in batches, within the Keyv
   * namespace) and from the L1 of every other process. Resolves to how many entries were removed.
   */
  async invalidatePrefix(prefix: string): Promise<number> {
    if (typeof prefix !== 'string' || prefix === '') throw new TypeError('`prefix` must be a non-empty string (use clear() for everything)');
    const local = [...this.#l1.keys()].filter((key) => key.startsWith(prefix));
    this.#forgetPrefix(prefix);
    this.#drop(local);
    await Promise.allSettled(local.flatMap((key) => this.#writes.get(key) ?? []));
    const removed = await this.#invalidateL2('delete', (invalidator) => invalidator.invalidatePrefix(prefix));
    if (removed === NO_ANSWER) this.#unsettle(local);
    const count = removed === NO_ANSWER ? local.length : removed;
    this.emit('invalidate', { scope: 'prefix', target: prefix, count });
    return count;
  }

  /**
   * The values for `keys`, in the same order (`undefined` where neither tier has one): L1 answers what it holds, and
   * every L1 miss is asked of L2 in one round trip (`keyv.getManyRaw`, a single `MGET` on Redis). L2 hits are copied
   * into L1 for their remaining TTL, unless a set, delete or clear of the key overtook the read. Each key counts once
   * in the stats.
   */
  async getMany(keys: readonly string[]): Promise<(V | undefined)[]> {
    assertKeys(keys);
    const values = keys.map((key) => this.#l1.get(key));
    const missing = [...new Set(keys.filter((_, i) => values[i] === undefined))];
    const found = missing.length === 0 ? new Map<string, V>() : await this.#readManyL2(missing);
    return keys.map((key, i) => {
      const value = values[i] ?? found.get(key);
      if (values[i] !== undefined) this.#stats.l1Hits++;
      else if (value !== undefined) this.#stats.l2Hits++;
      else this.#stats.misses++;
      return value;
    });
  }

  /**
   * Stores every `[key, value]` pair in both tiers for `ttlMs` ms (default: the cache's `ttlMs`): L1 at once, L2 in
   * one pipelined round trip (`keyv.setMany`, a `MULTI` of `SET … PX` on Redis) that lands after the writes issued
   * before it to the same keys. A pair whose value is `undefined` deletes its key. The whole batch is checked first.
   */
  async setMany(entries: Iterable<readonly [string, V]>, options: BatchSetOptions = {}): Promise<void> {
    const batch = [...entries];
    const { ttlMs = this.#ttlMs } = options;
    assertKeys(batch.map((entry) => entry[0]));
    assertTtl('ttlMs', ttlMs);
    // The last pair for a key wins, as it would in a loop of set().
    const last = new Map(batch);
    const removed = [...last].filter(([, value]) => value === undefined).map(([key]) => key);
    const stored = [...last].filter((entry): entry is [string, V] => entry[1] !== undefined);
    for (const [key, value] of stored) {
      this.#forget(key);
      this.#l1.set(key, value, Math.min(ttlMs, this.#l1TtlMs));
    }
    const ttl = this.#keyvTtl(ttlMs);
    const writes: Promise<unknown>[] = [];
    if (removed.length > 0) writes.push(this.deleteMany(removed));
    if (stored.length > 0) {
      const keys = stored.map(([key]) => key);
      writes.push(this.#writeL2(keys, 'set', (l2) => l2.setMany(stored.map(([key, value]) => ({ key, value, ttl })))));
    }
    await Promise.all(writes);
  }

  /** Removes every key of `keys` from both tiers (one `keyv.deleteMany` round trip); returns whether either tier held any. */
  async deleteMany(keys: readonly string[]): Promise<boolean> {
    assertKeys(keys);
    const unique = [...new Set(keys)];
    if (unique.length === 0) return false;
    let inL1 = false;
    for (const key of unique) {
      this.#forget(key);
      if (this.#l1.delete(key)) inL1 = true;
    }
    const inL2 = await this.#writeL2(unique, 'delete', (l2) => l2.deleteMany(unique));
    return inL1 || inL2 === true;
  }

  /** Removes every entry from both tiers (in L2: every key of its namespace). */
  async clear(): Promise<void> {
    this.#computes.forgetAll();
    this.#reads.forgetAll();
    for (const batch of this.#batches) batch.clear();
    this.#l1.clear();
    // Writes issued before the clear must land before it, or they would survive it.
    await Promise.allSettled([...this.#writes.values()]);
    let answer: Answer<void> = NO_ANSWER;
    try {
      answer = await this.#callL2('clear', (l2) => l2.clear());
    } finally {
      // A clear that did not land is replayed before L2 serves reads again.
      if (answer === NO_ANSWER) this.#clearUnsettled = true;
    }
  }

  /**
   * Closes the L2 connection (`l2.disconnect()`, given up after `l2TimeoutMs`); L1 keeps working. A failure to
   * close is not an outage: it is only thrown with `throwOnL2Errors`.
   */
  async close(): Promise<void> {
    if (this.#l2 === undefined) return;
    try {
      await withTimeout(this.#l2.disconnect(), this.#timeoutMs, 'disconnect');
    } catch (error) {
      if (this.#throw) throw error;
    }
  }

  /** L2, then (with a lock) another process's result, then compute; writes what it computed to both tiers. */
  async #load(key: string, compute: Compute<V>, ttlMs: number, tags: readonly string[], signal: AbortSignal, isCurrent: () => boolean): Promise<Loaded<V>> {
    let found = await this.#readL2(key);
    let token: string | undefined;
    if (found === undefined && this.#lock !== undefined) ({ found, token } = await this.#lockOrWait(key, signal));
    if (found !== undefined) {
      if (isCurrent()) this.#promote(key, found.value, found.ttlMs);
      return { value: found.value, source: 'l2' };
    }
    // While it computes, invalidating one of its tags detaches it like a delete of the key would.
    this.#computeTags.tag(key, tags);
    try {
      const value = await compute(signal);
      if (value !== undefined && isCurrent()) {
        this.#l1.set(key, value, Math.min(ttlMs, this.#l1TtlMs));
        this.#tags.tag(key, tags);
        // Written before the lock is released, so that waiting processes find it.
        await this.#writeL2(key, 'set', (l2) => this.#setL2([key], tags, ttlMs, () => l2.set(key, value, this.#keyvTtl(ttlMs))));
      }
      return { value, source: 'compute' };
    } finally {
      if (isCurrent()) this.#computeTags.untag(key);
      if (token !== undefined) await this.#callL2('unlock', (_l2) => this.#lock!.release(key, token));
    }
  }

  /**
   * Takes the lock for `key`, or waits for its holder's result in L2, polling every `lockPollMs`. Gives up (and
   * lets the caller compute without the lock) once `lockWaitMs` have passed on the `now` clock — time, not a count
   * of polls, since each poll also waits for L2 — or when L2 fails. A holder that crashed is recovered when its
   * lock expires: the next attempt takes it.
   */
  async #lockOrWait(key: string, signal: AbortSignal): Promise<{ found?: { value: V; ttlMs: number }; token?: string }> {
    const deadline = this.#now() + this.#lockWaitMs;
    for (;;) {
      const token = await this.#callL2('lock', (_l2) => this.#lock!.acquire(key, this.#lockTtlMs));
      if (token === NO_ANSWER) return {};
      if (token !== undefined) {
        // The previous holder may have finished between our read and our lock.
        const found = await this.#readL2(key);
        if (found === undefined) return { token };
        await this.#callL2('unlock', (_l2) => this.#lock!.release(key, token));
        return { found };
      }
      const left = deadline - this.#now();
      if (left <= 0) return {};
      await new Promise((resolve) => setTimeout(resolve, Math.min(this.#lockPollMs, left)));
      signal.throwIfAborted();
      const found = await this.#readL2(key);
      if (found !== undefined) return { found };
      if (this.#down) return {};
    }
  }

  /** The L2 entry for `key` with its remaining time to live, or `undefined` (absent, expired, or L2 failing). */
  async #readL2(key: string): Promise<{ value: V; ttlMs: number } | undefined> {
    const raw = await this.#callL2('get', (l2) => l2.getRaw(key));
    if (raw === NO_ANSWER || raw?.value === undefined) return undefined;
    const ttlMs = typeof raw.expires === 'number' ? raw.expires - this.#now() : Infinity;
    return ttlMs > 0 ? { value: raw.value, ttlMs } : undefined;
  }

  /**
   * The L2 values of `keys`, read in one round trip; each hit still current is copied into L1 for its remaining TTL.
   * An L2 failure reads as "none of them".
   */
  async #readManyL2(keys: string[]): Promise<Map<string, V>> {
    const current = new Set(keys);
    this.#batches.add(current);
    let raws: Answer<({ value?: V; expires?: number | null } | undefined)[]>;
    try {
      raws = await this.#callL2('get', (l2) => l2.getManyRaw<V>(keys));
    } finally {
      this.#batches.delete(current);
    }
    const found = new Map<string, V>();
    if (raws === NO_ANSWER) return found;
    keys.forEach((key, i) => {
      const raw = raws[i];
      if (raw?.value === undefined) return;
      const ttlMs = typeof raw.expires === 'number' ? raw.expires - this.#now() : Infinity;
      if (!(ttlMs > 0)) return;
      found.set(key, raw.value);
      if (current.has(key)) this.#promote(key, raw.value, ttlMs);
    });
    return found;
  }

  /** The L2 write of `write`, then (with an invalidator) the tags of its keys: both must land for the write to count. */
  async #setL2<T>(keys: readonly string[], tags: readonly string[], ttlMs: number, write: () => Promise<T>): Promise<T> {
    const result = await write();
    if (tags.length > 0) await this.#invalidator?.tag(keys, tags, ttlMs);
    return result;
  }

  /** A group invalidation in L2, under the L2 error policy; NO_ANSWER without an invalidator. */
  #invalidateL2<T>(operation: L2Operation, run: (invalidator: Invalidator) => Promise<T>): Promise<Answer<T>> {
    const invalidator = this.#invalidator;
    if (invalidator === undefined) return Promise.resolve(NO_ANSWER);
    return this.#callL2(operation, () => run(invalidator));
  }

  /**
   * A group invalidation L2 did not take: the keys this process knows of are deleted from L2 before it serves reads
   * again, like any unsettled key (the others wait for their TTL or `l1TtlMs`).
   */
  #unsettle(keys: readonly string[]): void {
    if (this.#invalidator === undefined || this.#l2 === undefined) return;
    for (const key of keys) this.#unsettled.add(key);
  }

  /** Removes `keys` from L1 and detaches what is in flight for them. */
  #drop(keys: Iterable<string>): void {
    for (const key of keys) {
      this.#forget(key);
      this.#l1.delete(key);
    }
  }

  /** Detaches every compute, L2 read and batch in flight for a key under `prefix`. */
  #forgetPrefix(prefix: string): void {
    for (const key of [...this.#computes.keys(), ...this.#reads.keys()]) if (key.startsWith(prefix)) this.#forget(key);
    for (const batch of this.#batches) for (const key of batch) if (key.startsWith(prefix)) batch.delete(key);
  }

  /** Another process invalidated a tag or a prefix: drop this process's L1 copies and detach its computes. */
  #dropRemote(message: InvalidationMessage): void {
    if (message.scope === 'prefix') {
      this.#forgetPrefix(message.target);
      this.#drop([...this.#l1.keys()].filter((key) => key.startsWith(message.target)));
      return;
    }
    for (const key of this.#computeTags.keys(message.target)) this.#forget(key);
    this.#drop([...this.#tags.keys(message.target), ...message.keys]);
  }

  #promote(key: string, value: V, remainingMs: number): void {
    this.#l1.set(key, value, Math.min(remainingMs, this.#l1TtlMs));
  }

  /**
   * The TTL as Keyv takes it: 0 means "never expires" (`undefined` would mean "Keyv's own default"), and Redis's
   * `PX` accepts whole milliseconds only.
   */
  #keyvTtl(ttlMs: number): number {
    return ttlMs === Infinity ? 0 : Math.ceil(ttlMs);
  }

  /** Any compute or L2 read in flight for `key` must not write its now stale result. */
  #forget(key: string): void {
    this.#computeTags.untag(key);
    this.#computes.forget(key);
    this.#reads.forget(key);
    for (const batch of this.#batches) batch.delete(key);
  }

  /**
   * Runs an L2 write after the previous write to the same key has landed, so the last one issued wins. A write
   * without an answer leaves the key unsettled until a later write to it lands or the repair deletes it.
   */
  #writeL2<T>(key: string | readonly string[], operation: 'set' | 'delete', write: (l2: Keyv<V>) => Promise<T>): Promise<Answer<T>> {
    const keys = typeof key === 'string' ? [key] : key;
    const previous = keys.flatMap((k) => this.#writes.get(k) ?? []);
    const run = async (): Promise<Answer<T>> => {
      let answer: Answer<T> = NO_ANSWER;
      try {
        answer = await this.#callL2(operation, write);
      } finally {
        for (const k of keys) {
          if (answer === NO_ANSWER) this.#unsettled.add(k);
          else this.#unsettled.delete(k);
        }
      }
      return answer;
    };
    // A batch waits for the last write to each of its keys.
    const after = previous.length > 1 ? Promise.allSettled(previous) : previous[0];
    const next = after === undefined ? run() : after.then(run, run);
    for (const k of keys) this.#writes.set(k, next);
    const done = (): void => {
      for (const k of keys) if (this.#writes.get(k) === next) this.#writes.delete(k);
    };
    next.then(done, done);
    return next;
  }

  /**
   * One L2 operation under the error policy: a timeout after `l2TimeoutMs`; a failure is counted, reported once per
   * outage, and answered with NO_ANSWER (or rethrown with `throwOnL2Errors`); during an outage L2 is not asked
   * until `l2RetryMs` have passed (an invalidation is sent all the same, unawaited), and then only once the
   * invalidations it missed are replayed.
   */
  async #callL2<T>(operation: L2Operation, run: (l2: Keyv<V>) => Promise<T>): Promise<Answer<T>> {
    const l2 = this.#l2;
    if (l2 === undefined) return NO_ANSWER;
    if (this.#down && !this.#throw && this.#now() < this.#retryAt) return this.#skip(operation, run, l2);
    if (this.#down && !(await this.#repair(l2))) return NO_ANSWER;
    try {
      const result = await withTimeout(run(l2), this.#timeoutMs, operation);
      // Keyv answers `false` to a write its store failed when it was not told to throw.
      if (operation === 'set' && (result === false || (Array.isArray(result) && result.includes(false)))) throw new Error('L2 set failed (Keyv returned false)');
      this.#succeeded();
      return result;
    } catch (error) {
      this.#failed(error instanceof Error ? error : new Error(String(error)), operation);
      if (this.#throw) throw error;
      return NO_ANSWER;
    }
  }

  /**
   * An operation L2 is not asked during its rest. An invalidation still goes out, unawaited: on a hung Redis it
   * queues on the connection right behind any write that timed out before it, so that write cannot land after it.
   */
  #skip<T>(operation: L2Operation, run: (l2: Keyv<V>) => Promise<T>, l2: Keyv<V>): typeof NO_ANSWER {
    if (operation === 'delete' || operation === 'clear') run(l2).catch(() => {});
    return NO_ANSWER;
  }

  /** Resolves true once the invalidations L2 missed have landed (at once if none did); false if it fails again. */
  #repair(l2: Keyv<V>): Promise<boolean> {
    this.#repairing ??= this.#replay(l2).finally(() => (this.#repairing = undefined));
    return this.#repairing;
  }

  /** Replays a missed clear, then deletes every unsettled key; what fails stays to be replayed next time. */
  async #replay(l2: Keyv<V>): Promise<boolean> {
    const clear = this.#clearUnsettled;
    const keys = [...this.#unsettled];
    if (!clear && keys.length === 0) return true;
    this.#clearUnsettled = false;
    this.#unsettled.clear();
    let operation: L2Operation = 'clear';
    try {
      if (clear) await withTimeout(l2.clear(), this.#timeoutMs, operation);
      operation = 'delete';
      await withTimeout(Promise.all(keys.map((key) => l2.delete(key))), this.#timeoutMs, operation);
      this.#succeeded();
      return true;
    } catch (error) {
      this.#clearUnsettled ||= clear;
      for (const key of keys) this.#unsettled.add(key);
      this.#failed(error instanceof Error ? error : new Error(String(error)), operation);
      if (this.#throw) throw error;
      return false;
    }
  }

  #succeeded(): void {
    if (!this.#down) return;
    this.#down = false;
    this.emit('recover');
  }

  #failed(error: Error, operation: L2Operation): void {
    this.#stats.l2Errors++;
    this.#retryAt = this.#now() + this.#retryMs;
    if (this.#down) return;
    this.#down = true;
    // An EventEmitter throws an 'error' nobody listens to; a cache that fails open must not.
    if (this.listenerCount('error') > 0) this.emit('error', error, operation);
  }
}

/** Throws unless `tags` is an array of non-empty strings. */
function assertTags(tags: unknown): asserts tags is readonly string[] {
  if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string' || tag === '')) {
    throw new TypeError('`tags` must be an array of non-empty strings');
  }
}

/** `promise`, or a rejection after `ms` ms. The timer is cleared as soon as the promise settles. */
function withTimeout<T>(promise: Promise<T>, ms: number, operation: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new Error(`L2 ${operation} timed out after ${ms} ms`);
      error.name = 'TimeoutError';
      reject(error);
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
