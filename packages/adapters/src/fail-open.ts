import type { Cache } from '@workbook/cache';

/** What both adapters share: where entries live, for how long, and what happens when the cache fails. */
export interface CacheAdapterOptions<V> {
  /** Where entries are kept: any cache with the workbook's interface (TTL, disk, tiered, a Keyv), sync or async. */
  cache: Cache<V>;
  /** Time to live for stored entries, in ms: positive, or `Infinity`. @default undefined (the cache's own default) */
  ttlMs?: number;
  /** Told about every cache failure; the call itself goes on as a miss. @default undefined (ignored) */
  onCacheError?: (error: unknown, operation: 'get' | 'set') => void;
  /** Rethrow cache failures instead of falling back to the model. @default false */
  throwOnCacheError?: boolean;
}

/** Checks the options every adapter takes; misconfiguration throws at construction, never on a call. */
export function validateAdapterOptions<V>(options: CacheAdapterOptions<V>): void {
  const cache = options?.cache as Partial<Cache<V>> | undefined;
  if (typeof cache?.get !== 'function' || typeof cache.set !== 'function') {
    throw new TypeError('`cache` must be a cache with get() and set() (a workbook cache or a Keyv)');
  }
  const { ttlMs } = options;
  if (ttlMs !== undefined && !(typeof ttlMs === 'number' && ttlMs > 0)) {
    throw new RangeError(`\`ttlMs\` must be a positive number or Infinity, got ${String(ttlMs)}`);
  }
}

/**
 * Reads and writes the cache so that a failing cache never fails the call (fail open): the error goes to
 * `onCacheError` and the read counts as a miss, the write as skipped — unless `throwOnCacheError` asks otherwise.
 * Values are copied both ways, so an in-memory cache never shares an object with a caller who might change it.
 */
export class FailOpenStore<V> {
  readonly #options: CacheAdapterOptions<V>;

  constructor(options: CacheAdapterOptions<V>) {
    validateAdapterOptions(options);
    this.#options = options;
  }

  get(key: string): Promise<V | undefined> {
    return this.#attempt('get', async () => structuredClone(await this.#options.cache.get(key)));
  }

  async set(key: string, value: V): Promise<void> {
    await this.#attempt('set', () => this.#options.cache.set(key, structuredClone(value), this.#options.ttlMs));
  }

  async #attempt<T>(operation: 'get' | 'set', run: () => T | Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (error) {
      if (this.#options.throwOnCacheError) throw error;
      this.#options.onCacheError?.(error, operation);
      return undefined;
    }
  }
}
