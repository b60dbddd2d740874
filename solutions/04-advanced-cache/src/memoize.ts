import type { Cache } from '@workbook/cache';
import { LRUCache } from './lru-cache.js';
import { SingleFlightCache } from './single-flight-cache.js';
import { assertCapacity, assertFunction } from './validate.js';

export interface MemoizeOptions<A extends unknown[], R> {
  /** The cache key of a call. @default JSON.stringify(args) — give your own when arguments are objects whose key order may vary */
  key?: (...args: A) => string;
  /** Where results are kept. @default new LRUCache({ maxEntries }) */
  cache?: Cache<R>;
  /** Capacity of the default cache. @default 1000 */
  maxEntries?: number;
  /** Time to live of a result, in ms. @default Infinity */
  ttlMs?: number;
}

/** A memoized function, with the means to forget what it remembers. */
export interface Memoized<A extends unknown[], R> {
  (...args: A): Promise<R>;
  /** Forgets the result for these arguments; a call in flight for them will not store its result. */
  delete(...args: A): Promise<boolean>;
  /** Forgets every result. */
  clear(): Promise<void>;
}

/**
 * Wraps an async function so that a call with the same arguments as an earlier one is answered from a cache, and
 * concurrent calls with the same arguments share one call of `fn`. A rejection is shared by the callers that were
 * waiting for it and is not remembered: the next call tries again.
 */
export function memoize<A extends unknown[], R>(fn: (...args: A) => Promise<R> | R, options: MemoizeOptions<A, R> = {}): Memoized<A, R> {
  assertFunction('fn', fn);
  const { key = (...args: A) => JSON.stringify(args), maxEntries = 1000, ttlMs } = options;
  assertFunction('key', key);
  assertCapacity('maxEntries', maxEntries);
  const cache = new SingleFlightCache<R>({ cache: options.cache ?? new LRUCache<R>({ maxEntries }), ttlMs });
  const memoized = function (this: unknown, ...args: A): Promise<R> {
    return cache.getOrCompute(key(...args), () => fn.apply(this, args));
  };
  return Object.assign(memoized, {
    delete: async (...args: A) => cache.delete(key(...args)),
    clear: async () => cache.clear(),
  });
}
