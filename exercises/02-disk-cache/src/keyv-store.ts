import { EventEmitter } from 'node:events';
import type { KeyvStoreAdapter, StoredData } from 'keyv';
import { DiskCache, type DiskCacheOptions } from './disk-cache.js';

/**
 * A Keyv storage adapter over a {@link DiskCache}: `new Keyv({ store: new KeyvDiskStore({ dir }) })`.
 *
 * Keyv does the serializing: it hands the store a string (`{"value":…,"expires":…}`) under a prefixed key
 * (`keyv:user:42`) and expects the same string back; it also checks `expires` itself on every read. The store
 * keeps what it is given (any JSON data, should Keyv's `serialize` be turned off) and passes Keyv's relative
 * `ttl` on, so that expired entries also leave the disk.
 * `clear()` removes only this namespace's keys, as Keyv's adapters do.
 */
export class KeyvDiskStore extends EventEmitter implements KeyvStoreAdapter {
  /** The disk cache holding Keyv's strings. */
  readonly cache: DiskCache<unknown>;
  /** What Keyv reads as the adapter's options. */
  readonly opts: { dialect: 'disk'; dir: string };
  /** Set by Keyv (default `'keyv'`); keys arrive as `${namespace}:${key}`. */
  namespace?: string | undefined;

  /** Wraps an open or unopened cache, or makes one from its options. */
  constructor(cacheOrOptions: DiskCache<unknown> | DiskCacheOptions) {
    super();
    this.cache = cacheOrOptions instanceof DiskCache ? cacheOrOptions : new DiskCache<unknown>(cacheOrOptions);
    this.opts = { dialect: 'disk', dir: this.cache.dir };
    // TODO(ex2.keyv-store): Keyv listens to its store's 'error' events: forward the cache's 'error' events (only
    // when someone listens here — an unheard 'error' event throws) and its 'warning' events.
  }

  /** What Keyv stored under `key` (its serialized string), or `undefined`. */
  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    // TODO(ex2.keyv-store): Return exactly the string set() was given for `key` (Keyv deserializes it), or undefined.
    throw new Error(`TODO(ex2.keyv-store): get ${key}`);
  }

  /** Stores Keyv's string; `ttl` is relative, in ms, and `undefined` (or 0) keeps it until Keyv deletes it. */
  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    // TODO(ex2.keyv-store): Store the string as it is, for `ttl` ms when ttl is a positive number, else without
    // expiry; resolve to what the cache's set() resolves to.
    throw new Error(`TODO(ex2.keyv-store): set ${key} ${typeof value} ${String(ttl)}`);
  }

  async delete(key: string): Promise<boolean> {
    // TODO(ex2.keyv-store): true when an entry was removed.
    throw new Error(`TODO(ex2.keyv-store): delete ${key}`);
  }

  async has(key: string): Promise<boolean> {
    // TODO(ex2.keyv-store): Whether a live entry exists.
    throw new Error(`TODO(ex2.keyv-store): has ${key}`);
  }

  /** Removes this namespace's keys (every key when there is no namespace). Reads every entry to learn its key. */
  async clear(): Promise<void> {
    // TODO(ex2.keyv-store): With a namespace, delete only the keys that start with `${namespace}:` (the cache's
    // keys() lists them); two Keyv instances with different namespaces may share one directory.
    throw new Error(`TODO(ex2.keyv-store): clear ${String(this.namespace)}`);
  }

  /** Saves the cache's index; Keyv calls this from `keyv.disconnect()`. */
  async disconnect(): Promise<void> {
    // TODO(ex2.keyv-store): Close the cache.
    throw new Error('TODO(ex2.keyv-store): disconnect');
  }
}
