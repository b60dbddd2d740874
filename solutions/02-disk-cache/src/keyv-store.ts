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
    // Keyv listens for 'error' on its store; forward only when someone listens, as the cache itself does.
    this.cache.on('error', (error) => {
      if (this.listenerCount('error') > 0) this.emit('error', error);
    });
    this.cache.on('warning', (warning) => this.emit('warning', warning));
  }

  /** What Keyv stored under `key` (its serialized string), or `undefined`. */
  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    return (await this.cache.get(key)) as StoredData<Value> | undefined;
  }

  /** Stores Keyv's string; `ttl` is relative, in ms, and `undefined` (or 0) keeps it until Keyv deletes it. */
  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    return this.cache.set(key, value, typeof ttl === 'number' && ttl > 0 ? ttl : Infinity);
  }

  async delete(key: string): Promise<boolean> {
    return this.cache.delete(key);
  }

  async has(key: string): Promise<boolean> {
    return this.cache.has(key);
  }

  /** Removes this namespace's keys (every key when there is no namespace). Reads every entry to learn its key. */
  async clear(): Promise<void> {
    if (this.namespace === undefined) return this.cache.clear();
    const prefix = `${this.namespace}:`;
    const mine: string[] = [];
    for await (const key of this.cache.keys()) if (key.startsWith(prefix)) mine.push(key);
    await Promise.all(mine.map((key) => this.cache.delete(key)));
  }

  /** Saves the cache's index; Keyv calls this from `keyv.disconnect()`. */
  async disconnect(): Promise<void> {
    await this.cache.close();
  }
}
