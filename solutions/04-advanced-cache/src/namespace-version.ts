import type { Invalidator } from './redis-invalidator.js';

/** An L2 key of version n ≥ 1 starts with `@v<n>:`. */
const VERSIONED = /^@v\d+:/;

/**
 * The version of the cache's namespace, part of every L2 key: `key` at version 0 (a cache that never bumps keeps
 * the plain layout), `@v<n>:key` from version 1 on. Bumping it makes every old key unreachable at once — O(1), nothing
 * is scanned; the old keys are left to expire with their TTL. With an invalidator the version is shared: it lives in
 * Redis (`<namespace>:version`), read before this process's first L2 operation, and a bump is announced to the other
 * processes. Without one, it is this process's own.
 *
 * Every L2 operation first awaits {@link ready}: the version is known, and a bump asked for has landed in Redis. The
 * epoch counts the bumps this process has seen (its own and others'): an L2 write issued under an older epoch must
 * not land under the new version.
 */
export class NamespaceVersion {
  readonly #invalidator: Invalidator | undefined;
  /** The version in use; `undefined` until read from Redis. */
  #version: number | undefined;
  /** The highest version heard from another process while ours was unknown. */
  #floor = 0;
  #epoch = 0;
  /** A bump asked for that Redis has not taken yet: sent before L2 serves this process again. */
  #wanted = false;
  /** The read or bump in flight, shared by every operation that waits for it. */
  #pending: Promise<void> | undefined;

  constructor(invalidator: Invalidator | undefined) {
    this.#invalidator = invalidator;
    if (invalidator === undefined) this.#version = 0;
  }

  /** Changes with every bump seen, so that work started under an older version can tell. */
  get epoch(): number {
    return this.#epoch;
  }

  /** The version in use (while a bump is on its way: the one it expects); 0 until read. */
  get current(): number {
    return this.#version ?? this.#floor;
  }

  /** Resolves once the version is known and no bump is waiting to be sent; rejects if Redis does not answer. */
  async ready(): Promise<void> {
    while (this.#version === undefined || this.#wanted) {
      this.#pending ??= this.#settle().finally(() => (this.#pending = undefined));
      await this.#pending;
    }
  }

  /** The L2 key of `key` under the current version (call after {@link ready}). */
  key(key: string): string {
    const version = this.current;
    return version === 0 ? key : `@v${version}:${key}`;
  }

  /** The cache key of an L2 key of any version. */
  cacheKey(l2Key: string): string {
    return l2Key.replace(VERSIONED, '');
  }

  /**
   * Asks for a new version: from now on nothing of the old one is written. Without an invalidator it is taken at
   * once; with one, it is sent by the next {@link ready}.
   */
  bump(): void {
    this.#epoch++;
    if (this.#invalidator === undefined) {
      this.#version! += 1;
      return;
    }
    // What it expects until Redis answers; every L2 operation waits for that answer.
    this.#version = this.current + 1;
    this.#wanted = true;
  }

  /** Another process moved to `version`: true when it is news (this process must then drop its L1). */
  advance(version: number): boolean {
    if (!Number.isInteger(version) || version <= this.#floor || (this.#version !== undefined && version <= this.#version)) return false;
    this.#floor = version;
    if (this.#version !== undefined) this.#version = version;
    this.#epoch++;
    return true;
  }

  async #settle(): Promise<void> {
    const invalidator = this.#invalidator!;
    if (this.#wanted) {
      this.#wanted = false;
      try {
        this.#take(await invalidator.bumpVersion());
      } catch (error) {
        this.#wanted = true;
        throw error;
      }
      return;
    }
    this.#take(await invalidator.version());
  }

  #take(version: number): void {
    this.#version = Math.max(version, this.#floor);
  }
}
