/** A value, or a promise of it: in-memory caches answer at once, disk and network caches asynchronously. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * The workbook's cache interface. Every exercise's cache satisfies it, and so does a `Keyv` instance, so the
 * caching client (exercise 1), the stats layer (exercise 3) and the tiered cache (exercise 4) compose with any of
 * them. Callers should `await` every result: a synchronous cache simply returns a value that `await` passes through.
 */
export interface Cache<V = unknown> {
  /** The value stored under `key`, or `undefined` when absent or expired. */
  get(key: string): MaybePromise<V | undefined>;
  /**
   * Stores `value` under `key`.
   * @param ttlMs time to live in milliseconds, relative to now; `undefined` uses the cache's default and
   *   `Infinity` never expires.
   */
  set(key: string, value: V, ttlMs?: number): MaybePromise<unknown>;
  /** Whether a live (unexpired) entry exists for `key`. */
  has(key: string): MaybePromise<boolean>;
  /** Removes `key`; resolves to whether an entry was removed. */
  delete(key: string): MaybePromise<boolean>;
  /** Removes every entry. */
  clear(): MaybePromise<void>;
}
