import type { Cache } from '@workbook/cache';
import { LRUCache } from './lru-cache.js';
import { SingleFlightCache } from './single-flight-cache.js';
import { assertCapacity, assertFunction } from './validate.js';

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
  assertFunction('fn', fn);
  const { key = (...args: A) => argumentsKey(args), maxEntries = 1000, ttlMs } = options;
  assertFunction('key', key);
  assertCapacity('maxEntries', maxEntries);
  const cache = new SingleFlightCache<R>({ cache: options.cache ?? new LRUCache<R>({ maxEntries }), ttlMs });
  const memoized = function (this: unknown, ...args: A): Promise<R> {
    let id: string;
    try {
      id = key(...args);
    } catch (error) {
      // The memoized function is async: a bad argument is a rejection, like every other failure of the call.
      return Promise.reject(error);
    }
    return cache.getOrCompute(id, () => fn.apply(this, args));
  };
  return Object.assign(memoized, {
    delete: async (...args: A) => cache.delete(key(...args)),
    clear: async () => cache.clear(),
  });
}

/** The default key: `JSON.stringify(args)`, once every argument is known to be data JSON writes faithfully. */
function argumentsKey(args: unknown[]): string {
  assertPlainData(args, 'args', new Set());
  return JSON.stringify(args);
}

/**
 * Throws a TypeError naming the place (`args[0]`, `args[1].when`) of a value JSON cannot write (a BigInt, a cycle)
 * or would write as some other call's key: NaN as `null`, a function as nothing, every `Map` and `Set` as `{}`, a
 * `Date` as a string. `ancestors` holds the objects on the way down, so only an object inside itself is a cycle.
 */
function assertPlainData(value: unknown, path: string, ancestors: Set<object>): void {
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return;
    throw new TypeError(`\`${path}\` must be a finite number to be part of a memoize key, got ${value}; give memoize a \`key\` option`);
  }
  if (typeof value !== 'object') {
    throw new TypeError(`\`${path}\` cannot be part of a memoize key: JSON has no ${typeof value}; give memoize a \`key\` option`);
  }
  if (ancestors.has(value)) throw new TypeError(`\`${path}\` contains itself: a cycle cannot be part of a memoize key`);
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    throw new TypeError(`\`${path}\` cannot be part of a memoize key: ${String(name ?? 'an object with a custom prototype')} is not plain data; give memoize a \`key\` option`);
  }
  ancestors.add(value);
  const isArray = Array.isArray(value);
  for (const [name, item] of Object.entries(value)) assertPlainData(item, isArray ? `${path}[${name}]` : `${path}.${name}`, ancestors);
  ancestors.delete(value);
}
