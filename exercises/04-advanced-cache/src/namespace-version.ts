import type { Invalidator } from './redis-invalidator.js';

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
  constructor(invalidator: Invalidator | undefined) {
    // TODO(ex4.group-invalidation): keep the invalidator. Without one the version is known at once: 0. Must not throw.
    void invalidator;
  }

  /** Changes with every bump seen, so that work started under an older version can tell. */
  get epoch(): number {
    // TODO(ex4.group-invalidation): +1 on every bump() and every advance() that is news.
    throw new Error('TODO(ex4.group-invalidation): NamespaceVersion.epoch');
  }

  /** The version in use (while a bump is on its way: the one it expects); 0 until read. */
  get current(): number {
    throw new Error('TODO(ex4.group-invalidation): NamespaceVersion.current');
  }

  /** Resolves once the version is known and no bump is waiting to be sent; rejects if Redis does not answer. */
  ready(): Promise<void> {
    // TODO(ex4.group-invalidation): unknown → invalidator.version(); a bump asked for → invalidator.bumpVersion(), the
    // new version (if it fails, the bump is still wanted: the next ready() sends it again). One request in flight at
    // a time, shared by every caller. A version heard from another process meanwhile is never gone back on.
    throw new Error('TODO(ex4.group-invalidation): NamespaceVersion.ready');
  }

  /** The L2 key of `key` under the current version (call after {@link ready}). */
  key(key: string): string {
    // TODO(ex4.group-invalidation): 'k' at version 0, '@v3:k' at version 3.
    throw new Error('TODO(ex4.group-invalidation): NamespaceVersion.key');
  }

  /** The cache key of an L2 key of any version. */
  cacheKey(l2Key: string): string {
    // TODO(ex4.group-invalidation): '@v3:k' → 'k', 'k' → 'k'.
    throw new Error('TODO(ex4.group-invalidation): NamespaceVersion.cacheKey');
  }

  /**
   * Asks for a new version: from now on nothing of the old one is written. Without an invalidator it is taken at
   * once; with one, it is sent by the next {@link ready}.
   */
  bump(): void {
    // TODO(ex4.group-invalidation): with an invalidator, current becomes the version expected (current + 1) until
    // Redis answers with the real one.
    throw new Error('TODO(ex4.group-invalidation): NamespaceVersion.bump');
  }

  /** Another process moved to `version`: true when it is news (this process must then drop its L1). */
  advance(version: number): boolean {
    // TODO(ex4.group-invalidation): a version at or below the one in use (or already heard) → false; a newer one is
    // taken, also while the version is still being read.
    throw new Error('TODO(ex4.group-invalidation): NamespaceVersion.advance');
  }
}
