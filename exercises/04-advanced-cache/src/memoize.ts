import type { Cache } from '@workbook/cache';

export interface MemoizeOptions<A extends unknown[], R> {
  /**
   * The cache key of a call. @default JSON.stringify(args), for arguments that are plain data — a BigInt, a
   * non-finite number, a function, a symbol, a `Date`, `Map`, `Set` or class instance, or a cycle throws a TypeError
   * naming the argument (`args[1].when`). Give your own when arguments are objects whose key order may vary.
   */
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
  // TODO(ex4.single-flight): build it on SingleFlightCache.getOrCompute: add(1, 2) twice calls fn once (with the
  // same arguments and `this`); three concurrent ask('q') share one call; a rejection is not remembered; results go
  // to options.cache, else to an LRUCache of maxEntries (default 1000). A fn that is not a function → TypeError naming
  // `fn`. The default key is JSON.stringify(args) for plain data only: an argument JSON cannot write (a BigInt, a
  // cycle) or would write as another call's key (NaN as null, a function as nothing, every Map and Set as {}, a Date
  // as a string, a class instance as its fields) throws a TypeError naming its place — args[0], args[1].when — when
  // the memoized function is called. TODO(ex4.invalidation): delete(...args) and clear() forget (delete resolves to
  // whether there was a result).
  throw new Error('TODO(ex4.single-flight): memoize');
}
