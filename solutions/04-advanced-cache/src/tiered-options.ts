import type { Keyv } from 'keyv';
import type { LRUCacheOptions } from './lru-cache.js';
import type { Invalidator } from './redis-invalidator.js';
import type { Lock } from './redis-lock.js';
import type { ComputeOptions } from './single-flight-cache.js';
import { assertDuration, assertFunction, assertTtl } from './validate.js';

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

/** What one invalidation call removed: a key, every entry with a tag, every key under a prefix, or a whole version. */
export interface InvalidateEvent {
  scope: 'key' | 'tag' | 'prefix' | 'version';
  /** The key, the tag, the prefix, or the new version of the namespace (e.g. `'3'`). */
  target: string;
  /**
   * Entries removed: from L2 when it answered (the shared count), else from this process's L1. For a version, the
   * entries dropped from this process's L1: the old L2 keys are not counted, they are left to expire.
   */
  count: number;
}

/** Options of one write: its time to live and its tags. */
export interface TieredSetOptions {
  /** Time to live, in ms, or `Infinity`. @default the cache's `ttlMs` */
  ttlMs?: number;
  /** Tags for group invalidation with `invalidateTag` (non-empty strings). @default [] */
  tags?: readonly string[];
}

/**
 * Computes the values of the keys neither tier holds, in one call: one value per key, in the order of `keys`
 * (`undefined`: returned but not stored).
 */
export type ComputeMany<V> = (keys: string[], signal: AbortSignal) => Promise<readonly (V | undefined)[]> | readonly (V | undefined)[];

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
  /** One per `delete`, `invalidateTag`, `invalidatePrefix` or `bumpVersion` call, with what it removed. */
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

/** The options of a tiered cache, checked, with their defaults. */
export interface TieredSettings<V> {
  l1: Omit<LRUCacheOptions<V>, 'ttlMs' | 'now'>;
  l2: Keyv<V> | undefined;
  ttlMs: number;
  l1TtlMs: number;
  l2TimeoutMs: number;
  l2RetryMs: number;
  throwOnL2Errors: boolean;
  lock: Lock | undefined;
  lockTtlMs: number;
  lockWaitMs: number;
  lockPollMs: number;
  invalidator: Invalidator | undefined;
  now: () => number;
}

/** Waiters wait this much longer than a lock lives, by default (see `lockWaitMs`), in ms. */
const LOCK_WAIT_MARGIN_MS = 2000;

/** The options with their defaults; misconfiguration throws a TypeError or RangeError naming the option. */
export function tieredSettings<V>(options: TieredCacheOptions<V>): TieredSettings<V> {
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
  if (invalidator !== undefined && (typeof invalidator.invalidateTag !== 'function' || typeof invalidator.subscribe !== 'function' || typeof invalidator.version !== 'function')) {
    throw new TypeError('`invalidator` must implement the Invalidator interface (tag, invalidateTag, invalidatePrefix, version, bumpVersion, subscribe, close)');
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
  return { l1, l2, ttlMs, l1TtlMs, l2TimeoutMs, l2RetryMs, throwOnL2Errors, lock, lockTtlMs, lockWaitMs, lockPollMs, invalidator, now };
}

/** Throws unless `tags` is an array of non-empty strings. */
export function assertTags(tags: unknown): asserts tags is readonly string[] {
  if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string' || tag === '')) {
    throw new TypeError('`tags` must be an array of non-empty strings');
  }
}
