import type { EventEmitter } from 'node:events';
import type { Keyv, KeyvEntry, StoredDataRaw } from 'keyv';
import type { NamespaceVersion } from './namespace-version.js';
import type { L2Operation, L2Status, TieredCacheEvents, TieredCacheStats } from './tiered-options.js';

/** The outcome of an L2 call that failed, timed out, or was skipped during an outage. */
export const NO_ANSWER = Symbol('no answer');
export type Answer<T> = T | typeof NO_ANSWER;

/** An L2 entry with its remaining time to live, in ms (`Infinity` when it never expires). */
export interface Found<V> {
  value: V;
  ttlMs: number;
}

/** L2 as the operations see it: the Keyv methods they use, with every key under the namespace's current version. */
export interface L2Store<V> {
  /** The L2 key of `key` under the current version, e.g. for a lock or a tag set. */
  key(key: string): string;
  getRaw(key: string): Promise<StoredDataRaw<V> | undefined>;
  getManyRaw(keys: string[]): Promise<StoredDataRaw<V>[]>;
  set(key: string, value: V, ttl: number): Promise<boolean>;
  setMany(entries: KeyvEntry[]): Promise<boolean[]>;
  has(key: string): Promise<boolean>;
  delete(key: string): Promise<boolean>;
  deleteMany(keys: string[]): Promise<boolean>;
  /** Empties the whole namespace, every version. */
  clear(): Promise<void>;
}

export interface L2TierOptions<V> {
  /** The shared store; `undefined` for a cache without L2 (every call answers NO_ANSWER). */
  keyv: Keyv<V> | undefined;
  /** The namespace version, part of every L2 key. */
  version: NamespaceVersion;
  timeoutMs: number;
  retryMs: number;
  throwOnErrors: boolean;
  now: () => number;
  /** Where `l2Errors` is counted. */
  stats: TieredCacheStats;
  /** Where `error` and `recover` are emitted. */
  events: EventEmitter<TieredCacheEvents>;
}

/**
 * L2 under the tiered cache's error policy: each call has a timeout; a failure is counted, reported once per outage
 * and answered with NO_ANSWER (fail open), and L2 is left alone for `retryMs` before it is tried again. Writes to a
 * key land in the order they were issued, and no invalidation is lost to an outage: a key whose write did not land is
 * unsettled, and so is a clear; before L2 serves again, the clear is replayed and the unsettled keys deleted.
 */
export class L2Tier<V> {
  constructor(options: L2TierOptions<V>) {
    // TODO(ex4.tiered): keep the options. Must not throw (or connect anywhere) until you write it.
    void options;
  }

  /** `none` without L2, `down` during an outage, else `up`. */
  get status(): L2Status {
    // TODO(ex4.tiered): 'none' without a store; 'down' from the first failed L2 operation to the next one that succeeds.
    throw new Error('TODO(ex4.tiered): L2Tier.status');
  }

  /** The L2 entry for `key` with its remaining time to live, or `undefined` (absent, expired, or L2 failing). */
  read(key: string): Promise<Found<V> | undefined> {
    // TODO(ex4.tiered): l2.getRaw(key) → { value, expires } through call('get'). The remaining ttl is expires - now():
    // written at t0 with ttlMs 1000 and read at t0+600 → 400; an entry whose expiry has passed by now() is a miss;
    // no expires → Infinity. An L2 failure reads as a miss.
    throw new Error('TODO(ex4.tiered): L2Tier.read');
  }

  /** The live L2 entries of `keys`, read in one round trip (`getManyRaw`: one MGET on Redis); none when L2 fails. */
  readMany(keys: string[]): Promise<Map<string, Found<V>>> {
    // TODO(ex4.batch): one l2.getManyRaw(keys) call → [{ value, expires } | undefined] in the order of keys; keep the
    // live ones with their remaining ttl, like read(). An L2 failure or timeout → an empty map (fail open).
    throw new Error('TODO(ex4.batch): L2Tier.readMany');
  }

  /**
   * Runs an L2 write after the previous write to the same key has landed, so the last one issued wins. A write
   * without an answer leaves the key unsettled until a later write to it lands or the repair deletes it.
   */
  write<T>(key: string | readonly string[], operation: 'set' | 'delete', write: (l2: L2Store<V>) => Promise<T>): Promise<Answer<T>> {
    // TODO(ex4.tiered): writes to one key reach L2 in the order they were issued (set then delete → no key): chain
    // each write after the last one to its key, through call(operation, write).
    // TODO(ex4.tiered): an invalidation is never lost to an outage. A key whose L2 write (set, delete, computed value)
    // failed, timed out or was skipped stays unsettled until a later write to it lands.
    // TODO(ex4.batch): a batch write waits for the last write to each of its keys, and its keys are all unsettled
    // when it fails.
    // TODO(ex4.group-invalidation): a write issued before a version bump and not yet sent when it comes (its turn
    // comes after the bump) is not sent at all: set('k') queued behind a slow write, then bumpVersion() → the new
    // version's 'k' stays empty. Compare the version's epoch when issued and when sent.
    throw new Error('TODO(ex4.tiered): L2Tier.write');
  }

  /** Resolves once this process's writes to `keys` issued so far have landed (or failed). */
  settled(keys: Iterable<string>): Promise<void> {
    // TODO(ex4.group-invalidation): wait for the writes in flight to those keys (a failed one counts as settled).
    throw new Error('TODO(ex4.group-invalidation): L2Tier.settled');
  }

  /**
   * Keys L2 may still hold stale values for (a group invalidation it did not take): they are deleted from L2 before
   * it serves reads again, like the keys of a failed write.
   */
  unsettle(keys: Iterable<string>): void {
    // TODO(ex4.group-invalidation): mark the keys unsettled (nothing to do without a store).
    throw new Error('TODO(ex4.group-invalidation): L2Tier.unsettle');
  }

  /** Clears L2 after the writes issued before it have landed; a clear that does not land is replayed later. */
  clear(): Promise<void> {
    // TODO(ex4.tiered): l2.clear() after the L2 writes issued before it have landed. A clear that does not land
    // (failed, timed out, skipped) is replayed before L2 serves reads again, and during the rest it is still sent,
    // unawaited, like a delete.
    throw new Error('TODO(ex4.tiered): L2Tier.clear');
  }

  /** Disconnects L2 (given up after the timeout). A failure to close is not an outage: thrown only with `throwOnErrors`. */
  close(): Promise<void> {
    // TODO(ex4.configuration): l2.disconnect(), given up after the timeout; nothing to do without a store. It must not
    // change the status or emit events.
    throw new Error('TODO(ex4.configuration): L2Tier.close');
  }

  /**
   * One L2 operation under the error policy: a timeout after `timeoutMs`; a failure is counted, reported once per
   * outage, and answered with NO_ANSWER (or rethrown with `throwOnErrors`); during an outage L2 is not asked
   * until `retryMs` have passed (an invalidation is sent all the same, unawaited), and then only once the
   * invalidations it missed are replayed.
   */
  call<T>(operation: L2Operation, run: (l2: L2Store<V>) => Promise<T>): Promise<Answer<T>> {
    // TODO(ex4.tiered): race run(l2) against a timer of timeoutMs: without an answer by then it fails with an Error
    // whose message says it timed out. A failure (or a `false` answer to a set) counts in stats.l2Errors, emits
    // 'error' (error, operation) on the first failure of an outage only (and only if someone listens), and answers
    // NO_ANSWER; with throwOnErrors it is rethrown. The first success after an outage emits 'recover'.
    // TODO(ex4.tiered): during an outage, skip L2 until retryMs have passed since the last failure. When the rest ends,
    // replay a missed clear and delete every unsettled key before L2 answers anything; the outage lasts until that
    // has landed. During the rest a delete or clear is still sent without awaiting it: set('k') timed out on a hung
    // L2, then delete('k') → when L2 wakes, the late set lands and the delete right after it.
    // TODO(ex4.group-invalidation): run() gets L2 as an L2Store: Keyv's methods with every key under the current
    // version (version.key), reached only after version.ready() — inside the timeout, under the same error policy.
    throw new Error('TODO(ex4.tiered): L2Tier.call');
  }
}

/**
 * The TTL as Keyv takes it: 0 means "never expires" (`undefined` would mean "Keyv's own default"), and Redis's
 * `PX` accepts whole milliseconds only.
 */
export function keyvTtl(ttlMs: number): number {
  // TODO(ex4.tiered): Infinity → 0; set('k', v, 1500.5) must still reach L2 (PX takes whole milliseconds).
  throw new Error('TODO(ex4.tiered): keyvTtl');
}
