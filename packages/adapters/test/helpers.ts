import type { Cache } from '@workbook/cache';

/**
 * A cache that keeps values as JSON text, as the disk and Redis caches do, so the tests see what an adapter gets back
 * from a persistent cache (a `Date` comes back as a string). `failing` makes every call reject, as a Redis that went
 * away would; `ttls` records the ttl each write asked for.
 */
export class JsonCache<V> implements Cache<V> {
  readonly entries = new Map<string, string>();
  readonly ttls: (number | undefined)[] = [];
  failing = false;

  async get(key: string): Promise<V | undefined> {
    this.#check();
    const text = this.entries.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as V);
  }
  async set(key: string, value: V, ttlMs?: number): Promise<void> {
    this.#check();
    this.ttls.push(ttlMs);
    this.entries.set(key, JSON.stringify(value));
  }
  async has(key: string): Promise<boolean> {
    this.#check();
    return this.entries.has(key);
  }
  async delete(key: string): Promise<boolean> {
    this.#check();
    return this.entries.delete(key);
  }
  async clear(): Promise<void> {
    this.entries.clear();
  }
  #check(): void {
    if (this.failing) throw new Error('cache unavailable');
  }
}

/** A synchronous cache that keeps the very objects it is given, as the in-memory TTL and LRU caches do. */
export class ObjectCache<V> implements Cache<V> {
  readonly entries = new Map<string, V>();
  get(key: string): V | undefined {
    return this.entries.get(key);
  }
  set(key: string, value: V): void {
    this.entries.set(key, value);
  }
  has(key: string): boolean {
    return this.entries.has(key);
  }
  delete(key: string): boolean {
    return this.entries.delete(key);
  }
  clear(): void {
    this.entries.clear();
  }
}
