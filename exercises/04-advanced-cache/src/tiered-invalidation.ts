import type { InvalidationMessage } from './redis-invalidator.js';
import type { Tiers } from './tiers.js';

/** Every entry tagged `tag` out of L1, L2 and (through the invalidator) every other process's L1; → the count. */
export async function invalidateTag<V>(tiers: Tiers<V>, tag: string): Promise<number> {
  // TODO(ex4.group-invalidation): drop the tag's keys from L1 and detach computes carrying it (no write-back);
  // let this process's pending writes to those keys land, then invalidator.invalidateTag(tag) (an L2 operation
  // 'delete' under the error policy) and drop the keys it names from L1 too. → the count (L2's, else L1's), and one
  // 'invalidate' event { scope: 'tag', target: tag, count }. A tag that is not a non-empty string → TypeError.
  // If L2 does not take it (failed, timed out, skipped), the keys this process knew under the tag are unsettled.
  throw new Error('TODO(ex4.group-invalidation): invalidateTag');
}

/** Every key under `prefix` out of L1, L2 (`SCAN` + `UNLINK`) and every other process's L1; → the count. */
export async function invalidatePrefix<V>(tiers: Tiers<V>, prefix: string): Promise<number> {
  // TODO(ex4.group-invalidation): like invalidateTag, for every L1 key starting with prefix (and every compute, L2
  // read or batch in flight for one), then invalidator.invalidatePrefix(the prefix under the current version). One 'invalidate' event
  // { scope: 'prefix', target: prefix, count }. An empty or non-string prefix → TypeError naming `prefix`.
  throw new Error('TODO(ex4.group-invalidation): invalidatePrefix');
}

/** A new namespace version: every old key unreachable at once, this process's L1 emptied; → the new version. */
export async function bumpVersion<V>(tiers: Tiers<V>): Promise<number> {
  // TODO(ex4.group-invalidation): empty L1 and detach everything in flight, then tiers.version.bump(); the bump
  // reaches Redis through an L2 call ('delete', under the error policy: every call first awaits version.ready()).
  // Nothing is deleted: the old keys expire with their ttl. → the new version, and one 'invalidate' event
  // { scope: 'version', target: '1', count: the entries L1 held }.
  throw new Error('TODO(ex4.group-invalidation): bumpVersion');
}

/** Everything out of L1 and L2 (in L2: every key of its namespace); nothing in flight writes back. */
export async function clear<V>(tiers: Tiers<V>): Promise<void> {
  // TODO(ex4.tiered): clear L1 (detaching everything in flight), then L2 after the writes issued before it.
  throw new Error('TODO(ex4.tiered): clear');
}

/** Another process invalidated a tag, a prefix or the version: drop this process's L1 copies and detach its computes. */
export function dropRemote<V>(tiers: Tiers<V>, message: InvalidationMessage): void {
  // TODO(ex4.group-invalidation): a prefix → drop the L1 keys under it; a tag → drop the L1 keys under it and the
  // keys the message names (copies this process promoted from L2 carry no tag here). Keys and prefixes in messages
  // are L2 keys: version.cacheKey() turns them back into cache keys. A version → version.advance(); if it is news,
  // empty L1.
  throw new Error('TODO(ex4.group-invalidation): dropRemote');
}
