import type { RedisClientType } from '@keyv/redis';

/** What a process tells the others to drop from their L1: every key with a tag, every key under a prefix, or all of it. */
export interface InvalidationMessage {
  scope: 'tag' | 'prefix' | 'version';
  /** The tag, the prefix, or the namespace's new version (e.g. `'3'`). */
  target: string;
  /** For a tag: the keys L2 held under it, which other processes may hold untagged copies of (promoted from L2). */
  keys: string[];
}

/** Group invalidation in L2, shared by every process, and the channel that tells the others to drop their L1 copies. */
export interface Invalidator {
  /** Records in L2 that `keys` carry `tags`, for as long as the longest of them lives (`ttlMs`, or `Infinity`). */
  tag(keys: readonly string[], tags: readonly string[], ttlMs: number): Promise<void>;
  /** Removes from L2 every key tagged `tag` and the tag itself, tells the other processes; resolves to the keys removed. */
  invalidateTag(tag: string): Promise<string[]>;
  /** Removes from L2 every key of the namespace that starts with `prefix`, tells the other processes; resolves to the count. */
  invalidatePrefix(prefix: string): Promise<number>;
  /** The namespace's version, shared by every process: 0 until the first bump. */
  version(): Promise<number>;
  /** Increments the namespace's version and tells the other processes, in one step; resolves to the new version. */
  bumpVersion(): Promise<number>;
  /** Calls `listener` for every invalidation another process makes. */
  subscribe(listener: (message: InvalidationMessage) => void): void;
  /** Stops listening (a second call does nothing). */
  close(): Promise<void>;
}

export interface RedisInvalidatorOptions {
  /** The Keyv namespace of the cache's values: they live under `<namespace>::<key>`. @default 'workbook' */
  namespace?: string;
  /** Keys asked of each `SCAN` step (a hint to Redis) and removed per `UNLINK`. @default 1000 */
  scanCount?: number;
}

/**
 * {@link Invalidator} on Redis. Tags are sets (`<namespace>:tag:<tag>`) that expire with their longest-lived entry, so
 * they never outgrow the data. A prefix is removed with `SCAN` + `UNLINK` in batches — never `KEYS`, which blocks the
 * server for the whole keyspace. Other processes hear of each invalidation on the channel `<namespace>:invalidate`,
 * through a second connection (a subscribed connection can run no other command). The namespace's version is the
 * counter `<namespace>:version`, incremented and announced in one script.
 */
export class RedisInvalidator implements Invalidator {
  constructor(client: RedisClientType, options?: RedisInvalidatorOptions) {
    // TODO(ex4.group-invalidation): keep the client and options (namespace 'workbook', scanCount 1000); a client
    // without duplicate/scan → TypeError naming `client`; an empty namespace → TypeError; scanCount not a positive
    // integer → RangeError. Subscribe a duplicate() of the client (a subscribed connection runs nothing else) to
    // `<namespace>:invalidate`, swallowing its errors. Must not throw until you write it.
  }

  /** Resolves once this process listens to the others' invalidations (or gave up trying). */
  ready(): Promise<void> {
    // TODO(ex4.group-invalidation): the subscription's promise.
    throw new Error('TODO(ex4.group-invalidation): RedisInvalidator.ready');
  }

  tag(keys: readonly string[], tags: readonly string[], ttlMs: number): Promise<void> {
    // TODO(ex4.group-invalidation): one MULTI: SADD <namespace>:tag:<tag> keys… for each tag, and give the set the
    // expiry of its longest-lived key (PEXPIRE … NX, then PEXPIRE … GT; PERSIST for Infinity), so tags never outgrow
    // the data.
    throw new Error('TODO(ex4.group-invalidation): RedisInvalidator.tag');
  }

  invalidateTag(tag: string): Promise<string[]> {
    // TODO(ex4.group-invalidation): in one Lua script (EVAL): SMEMBERS the tag's set, UNLINK <namespace>::<member>
    // for each, UNLINK the set, return the members. Then PUBLISH { scope: 'tag', target, keys, origin } as JSON.
    throw new Error('TODO(ex4.group-invalidation): RedisInvalidator.invalidateTag');
  }

  invalidatePrefix(prefix: string): Promise<number> {
    // TODO(ex4.group-invalidation): never KEYS. SCAN cursor MATCH <namespace>::<prefix, glob characters escaped>*
    // COUNT scanCount, UNLINK each batch, until the cursor is '0'; → how many keys UNLINK removed. Then PUBLISH.
    throw new Error('TODO(ex4.group-invalidation): RedisInvalidator.invalidatePrefix');
  }

  version(): Promise<number> {
    // TODO(ex4.group-invalidation): GET <namespace>:version as a number; 0 when the key is missing.
    throw new Error('TODO(ex4.group-invalidation): RedisInvalidator.version');
  }

  bumpVersion(): Promise<number> {
    // TODO(ex4.group-invalidation): in one Lua script: INCR <namespace>:version and PUBLISH
    // { scope: 'version', target: the new version as a string, keys: [], origin } — so no process can see one without
    // the other. → the new version.
    throw new Error('TODO(ex4.group-invalidation): RedisInvalidator.bumpVersion');
  }

  subscribe(listener: (message: InvalidationMessage) => void): void {
    // TODO(ex4.group-invalidation): call listener for every message on the channel, except this instance's own.
    throw new Error('TODO(ex4.group-invalidation): RedisInvalidator.subscribe');
  }

  close(): Promise<void> {
    // TODO(ex4.group-invalidation): stop listening and close the duplicate connection, even one still connecting;
    // a second close() does nothing. When the subscriber reconnects after a lost connection, read the version and
    // hand listeners a { scope: 'version' } message: a bump announced meanwhile was missed.
    throw new Error('TODO(ex4.group-invalidation): RedisInvalidator.close');
  }
}
