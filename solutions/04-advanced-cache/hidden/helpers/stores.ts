import { Keyv } from 'keyv';

/** How the fake L2 behaves: answers, throws on every operation, or never answers (a hung server). */
export type StoreMode = 'up' | 'fail' | 'hang';

/**
 * A Keyv storage adapter over a Map whose health the test switches: `up`, `fail` (every call throws), `hang`
 * (every call returns a promise that never settles). It counts calls per operation, can hold `set`s until
 * released, to stage races, and can be paused like a SIGSTOPped Redis: calls wait, then run in arrival order.
 */
export class FakeStore {
  readonly data = new Map<string, unknown>();
  readonly calls = { get: 0, set: 0, delete: 0, clear: 0, has: 0, getMany: 0, deleteMany: 0 };
  mode: StoreMode = 'up';
  /** When set, each `set` waits for this promise before landing. */
  holdSets: Promise<void> | undefined;
  namespace: string | undefined;
  opts = {};
  #paused: Promise<void> | undefined;
  #resume: (() => void) | undefined;

  /** Freezes the store: every call from now on waits, as on a hung Redis, until {@link resume}. */
  pause(): void {
    this.#paused ??= new Promise<void>((resolve) => (this.#resume = resolve));
  }

  /** Lets a paused store run again: the calls it received meanwhile land, in the order they arrived. */
  resume(): void {
    this.#resume?.();
    this.#paused = undefined;
  }

  async get(key: string): Promise<unknown> {
    this.calls.get++;
    await this.#health();
    return this.data.get(key);
  }

  async set(key: string, value: unknown): Promise<void> {
    this.calls.set++;
    await this.#health();
    if (this.holdSets) await this.holdSets;
    this.data.set(key, value);
  }

  async delete(key: string): Promise<boolean> {
    this.calls.delete++;
    await this.#health();
    return this.data.delete(key);
  }

  /** One call for many keys, like Redis's MGET; with it, Keyv's getManyRaw makes one store call, not one per key. */
  async getMany(keys: string[]): Promise<unknown[]> {
    this.calls.getMany++;
    await this.#health();
    return keys.map((key) => this.data.get(key));
  }

  async deleteMany(keys: string[]): Promise<boolean> {
    this.calls.deleteMany++;
    await this.#health();
    return keys.map((key) => this.data.delete(key)).includes(true);
  }

  async clear(): Promise<void> {
    this.calls.clear++;
    await this.#health();
    this.data.clear();
  }

  async has(key: string): Promise<boolean> {
    this.calls.has++;
    await this.#health();
    return this.data.has(key);
  }

  // Keyv subscribes to its store's errors when the store can emit them.
  on(): this {
    return this;
  }

  async #health(): Promise<void> {
    if (this.#paused) await this.#paused;
    if (this.mode === 'fail') throw new Error('L2 is down (FakeStore)');
    if (this.mode === 'hang') await new Promise(() => {});
  }
}

/** An in-memory Keyv, configured as the tiered cache needs (`throwOnErrors: true`). */
export function memoryKeyv<V>(): Keyv<V> {
  return new Keyv<V>({ throwOnErrors: true });
}

/** A Keyv over a {@link FakeStore} the test controls. */
export function fakeKeyv<V>(): { keyv: Keyv<V>; store: FakeStore } {
  const store = new FakeStore();
  const keyv = new Keyv<V>({ store, throwOnErrors: true });
  return { keyv, store };
}
