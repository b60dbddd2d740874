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

/** A write that a version bump overtook: it is not sent (its key is unreachable now). */
const SUPERSEDED = Symbol('superseded');

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
  readonly #keyv: Keyv<V> | undefined;
  readonly #store: L2Store<V> | undefined;
  readonly #version: NamespaceVersion;
  readonly #timeoutMs: number;
  readonly #retryMs: number;
  readonly #throw: boolean;
  readonly #now: () => number;
  readonly #stats: TieredCacheStats;
  readonly #events: EventEmitter<TieredCacheEvents>;
  /** The last L2 write per key: writes to one key reach L2 in the order they were issued. */
  readonly #writes = new Map<string, Promise<unknown>>();
  #down = false;
  /** During an outage, L2 is not asked until this time. */
  #retryAt = 0;
  /** Keys whose L2 write failed, timed out or was skipped: deleted from L2 before it serves reads again. */
  readonly #unsettled = new Set<string>();
  /** A clear that failed, timed out or was skipped: replayed before L2 serves reads again. */
  #clearUnsettled = false;
  /** The replay of missed invalidations in progress, shared by every call that finds L2 due for a retry. */
  #repairing: Promise<boolean> | undefined;

  constructor(options: L2TierOptions<V>) {
    this.#keyv = options.keyv;
    this.#version = options.version;
    this.#store = options.keyv === undefined ? undefined : versioned(options.keyv, options.version);
    this.#timeoutMs = options.timeoutMs;
    this.#retryMs = options.retryMs;
    this.#throw = options.throwOnErrors;
    this.#now = options.now;
    this.#stats = options.stats;
    this.#events = options.events;
  }

  /** `none` without L2, `down` during an outage, else `up`. */
  get status(): L2Status {
    if (this.#keyv === undefined) return 'none';
    return this.#down ? 'down' : 'up';
  }

  /** The L2 entry for `key` with its remaining time to live, or `undefined` (absent, expired, or L2 failing). */
  async read(key: string): Promise<Found<V> | undefined> {
    const raw = await this.call('get', (l2) => l2.getRaw(key));
    if (raw === NO_ANSWER || raw?.value === undefined) return undefined;
    return this.#found(raw.value, raw.expires);
  }

  /** The live L2 entries of `keys`, read in one round trip (`getManyRaw`: one MGET on Redis); none when L2 fails. */
  async readMany(keys: string[]): Promise<Map<string, Found<V>>> {
    const raws = await this.call('get', (l2) => l2.getManyRaw(keys));
    const found = new Map<string, Found<V>>();
    if (raws === NO_ANSWER) return found;
    keys.forEach((key, i) => {
      const raw = raws[i];
      const entry = raw?.value === undefined ? undefined : this.#found(raw.value, raw.expires);
      if (entry !== undefined) found.set(key, entry);
    });
    return found;
  }

  /**
   * Runs an L2 write after the previous write to the same key has landed, so the last one issued wins. A write
   * without an answer leaves the key unsettled until a later write to it lands or the repair deletes it.
   */
  write<T>(key: string | readonly string[], operation: 'set' | 'delete', write: (l2: L2Store<V>) => Promise<T>): Promise<Answer<T>> {
    const keys = typeof key === 'string' ? [key] : key;
    const previous = keys.flatMap((k) => this.#writes.get(k) ?? []);
    // Issued under this version: a bump before it is sent leaves it unsent (its key is unreachable by then).
    const epoch = this.#version.epoch;
    const run = async (): Promise<Answer<T>> => {
      let answer: Answer<T | typeof SUPERSEDED> = NO_ANSWER;
      try {
        answer = await this.call<T | typeof SUPERSEDED>(operation, (l2) => (this.#version.epoch === epoch ? write(l2) : Promise.resolve(SUPERSEDED)));
      } finally {
        for (const k of keys) {
          if (answer === NO_ANSWER) this.#unsettled.add(k);
          else if (answer !== SUPERSEDED) this.#unsettled.delete(k);
        }
      }
      return answer === SUPERSEDED ? NO_ANSWER : answer;
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

  /** Resolves once this process's writes to `keys` issued so far have landed (or failed). */
  async settled(keys: Iterable<string>): Promise<void> {
    await Promise.allSettled([...keys].flatMap((key) => this.#writes.get(key) ?? []));
  }

  /**
   * Keys L2 may still hold stale values for (a group invalidation it did not take): they are deleted from L2 before
   * it serves reads again, like the keys of a failed write.
   */
  unsettle(keys: Iterable<string>): void {
    if (this.#keyv === undefined) return;
    for (const key of keys) this.#unsettled.add(key);
  }

  /** Clears L2 after the writes issued before it have landed; a clear that does not land is replayed later. */
  async clear(): Promise<void> {
    // Writes issued before the clear must land before it, or they would survive it.
    await Promise.allSettled([...this.#writes.values()]);
    let answer: Answer<void> = NO_ANSWER;
    try {
      answer = await this.call('clear', (l2) => l2.clear());
    } finally {
      // A clear that did not land is replayed before L2 serves reads again.
      if (answer === NO_ANSWER) this.#clearUnsettled = true;
    }
  }

  /** Disconnects L2 (given up after the timeout). A failure to close is not an outage: thrown only with `throwOnErrors`. */
  async close(): Promise<void> {
    if (this.#keyv === undefined) return;
    try {
      await withTimeout(this.#keyv.disconnect(), this.#timeoutMs, 'disconnect');
    } catch (error) {
      if (this.#throw) throw error;
    }
  }

  /**
   * One L2 operation under the error policy: a timeout after `timeoutMs`; a failure is counted, reported once per
   * outage, and answered with NO_ANSWER (or rethrown with `throwOnErrors`); during an outage L2 is not asked
   * until `retryMs` have passed (an invalidation is sent all the same, unawaited), and then only once the
   * invalidations it missed are replayed.
   */
  async call<T>(operation: L2Operation, run: (l2: L2Store<V>) => Promise<T>): Promise<Answer<T>> {
    const l2 = this.#store;
    if (l2 === undefined) return NO_ANSWER;
    if (this.#down && !this.#throw && this.#now() < this.#retryAt) return this.#skip(operation, run, l2);
    if (this.#down && !(await this.#repair(l2))) return NO_ANSWER;
    try {
      // The version first: it must be known, and a bump asked for must have landed, before any key is used.
      const result = await withTimeout(this.#version.ready().then(() => run(l2)), this.#timeoutMs, operation);
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

  #found(value: V, expires: number | null | undefined): Found<V> | undefined {
    const ttlMs = typeof expires === 'number' ? expires - this.#now() : Infinity;
    return ttlMs > 0 ? { value, ttlMs } : undefined;
  }

  /**
   * An operation L2 is not asked during its rest. An invalidation still goes out, unawaited: on a hung Redis it
   * queues on the connection right behind any write that timed out before it, so that write cannot land after it.
   */
  #skip<T>(operation: L2Operation, run: (l2: L2Store<V>) => Promise<T>, l2: L2Store<V>): typeof NO_ANSWER {
    if (operation === 'delete' || operation === 'clear') run(l2).catch(() => {});
    return NO_ANSWER;
  }

  /** Resolves true once the invalidations L2 missed have landed (at once if none did); false if it fails again. */
  #repair(l2: L2Store<V>): Promise<boolean> {
    this.#repairing ??= this.#replay(l2).finally(() => (this.#repairing = undefined));
    return this.#repairing;
  }

  /** Replays a missed clear, then deletes every unsettled key; what fails stays to be replayed next time. */
  async #replay(l2: L2Store<V>): Promise<boolean> {
    const clear = this.#clearUnsettled;
    const keys = [...this.#unsettled];
    if (!clear && keys.length === 0) return true;
    this.#clearUnsettled = false;
    this.#unsettled.clear();
    let operation: L2Operation = 'clear';
    try {
      if (clear) await withTimeout(l2.clear(), this.#timeoutMs, operation);
      operation = 'delete';
      await withTimeout(this.#version.ready().then(() => Promise.all(keys.map((key) => l2.delete(key)))), this.#timeoutMs, operation);
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
    this.#events.emit('recover');
  }

  #failed(error: Error, operation: L2Operation): void {
    this.#stats.l2Errors++;
    this.#retryAt = this.#now() + this.#retryMs;
    if (this.#down) return;
    this.#down = true;
    // An EventEmitter throws an 'error' nobody listens to; a cache that fails open must not.
    if (this.#events.listenerCount('error') > 0) this.#events.emit('error', error, operation);
  }
}

/** `keyv` with every key under the current version of the namespace (`clear` empties every version). */
function versioned<V>(keyv: Keyv<V>, version: NamespaceVersion): L2Store<V> {
  const key = (k: string): string => version.key(k);
  return {
    key,
    getRaw: (k: string) => keyv.getRaw<V>(key(k)),
    getManyRaw: (keys: string[]) => keyv.getManyRaw<V>(keys.map(key)),
    set: (k: string, value: V, ttl: number) => keyv.set(key(k), value, ttl),
    setMany: (entries: KeyvEntry[]) => keyv.setMany(entries.map((entry) => ({ ...entry, key: key(entry.key) }))),
    has: (k: string) => keyv.has(key(k)),
    delete: (k: string) => keyv.delete(key(k)),
    deleteMany: (keys: string[]) => keyv.deleteMany(keys.map(key)),
    clear: () => keyv.clear(),
  };
}

/**
 * The TTL as Keyv takes it: 0 means "never expires" (`undefined` would mean "Keyv's own default"), and Redis's
 * `PX` accepts whole milliseconds only.
 */
export function keyvTtl(ttlMs: number): number {
  return ttlMs === Infinity ? 0 : Math.ceil(ttlMs);
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
