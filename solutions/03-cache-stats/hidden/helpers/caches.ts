import type { Cache } from '@workbook/cache';

export type Removal = 'expire' | 'evict';

export interface MapCacheOptions {
  /** Most entries; at capacity the oldest inserted goes (reported as 'evict'). @default Infinity */
  maxEntries?: number;
  /** Default time to live, in ms. @default Infinity */
  ttlMs?: number;
  now?: () => number;
  /** Told about every entry the cache drops on its own. */
  onRemove?: (key: string, reason: Removal) => void;
}

/** A tiny synchronous Map-backed cache with the workbook's interface, a capacity, a ttl and a removal callback. */
export class MapCache<V> implements Cache<V> {
  readonly map = new Map<string, { value: V; expiresAt: number }>();
  readonly #options: Required<Omit<MapCacheOptions, 'onRemove'>> & Pick<MapCacheOptions, 'onRemove'>;

  constructor(options: MapCacheOptions = {}) {
    this.#options = { maxEntries: Infinity, ttlMs: Infinity, now: () => 0, ...options };
  }

  get(key: string): V | undefined {
    const entry = this.map.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.#options.now()) {
      this.map.delete(key);
      this.#options.onRemove?.(key, 'expire');
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, ttlMs = this.#options.ttlMs): this {
    if (!this.map.has(key) && this.map.size >= this.#options.maxEntries) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
      this.#options.onRemove?.(oldest, 'evict');
    }
    this.map.set(key, { value, expiresAt: this.#options.now() + ttlMs });
    return this;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  delete(key: string): boolean {
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }
}

/** The same cache behind promises, like a disk or network cache. */
export function asyncCache<V>(inner: Cache<V> = new MapCache<V>()): Cache<V> {
  return {
    get: async (key) => inner.get(key),
    set: async (key, value, ttlMs) => inner.set(key, value, ttlMs),
    has: async (key) => inner.has(key),
    delete: async (key) => inner.delete(key),
    clear: async () => inner.clear(),
  };
}

/** A cache whose every operation throws `error` synchronously. */
export function throwingCache<V>(error: Error): Cache<V> {
  const fail = (): never => {
    throw error;
  };
  return { get: fail, set: fail, has: fail, delete: fail, clear: fail };
}

/** A cache whose every operation rejects with `error`. */
export function rejectingCache<V>(error: Error): Cache<V> {
  const fail = () => Promise.reject(error);
  return { get: fail, set: fail, has: fail, delete: fail, clear: fail };
}

/** A cache that records the arguments of every call and answers from a Map. */
export function spyCache<V>() {
  const calls: [string, ...unknown[]][] = [];
  const inner = new MapCache<V>();
  const cache: Cache<V> = {
    get: (key) => (calls.push(['get', key]), inner.get(key)),
    set: (key, value, ttlMs) => (calls.push(['set', key, value, ttlMs]), inner.set(key, value, ttlMs)),
    has: (key) => (calls.push(['has', key]), inner.has(key)),
    delete: (key) => (calls.push(['delete', key]), inner.delete(key)),
    clear: () => (calls.push(['clear']), inner.clear()),
  };
  return { cache, calls, inner };
}
