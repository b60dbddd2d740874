import { NO_ANSWER } from './l2-tier.js';
import type { InvalidationMessage } from './redis-invalidator.js';
import { assertTags } from './tiered-options.js';
import type { Tiers } from './tiers.js';

/** Every entry tagged `tag` out of L1, L2 and (through the invalidator) every other process's L1; → the count. */
export async function invalidateTag<V>(tiers: Tiers<V>, tag: string): Promise<number> {
  assertTags([tag]);
  const { local, l2, settings } = tiers;
  const held = local.dropTag(tag);
  // This process's writes to those keys, and their tags, must land before the tag is read.
  await l2.settled(held);
  const invalidator = settings.invalidator;
  const removed = invalidator === undefined ? NO_ANSWER : await l2.call('delete', () => invalidator.invalidateTag(tag));
  // Keys this process promoted from L2 carry no tag here: the L2 answer names them.
  if (removed !== NO_ANSWER) local.drop(removed.map((key) => tiers.version.cacheKey(key)));
  else if (invalidator !== undefined) l2.unsettle(held);
  const count = removed === NO_ANSWER ? held.length : removed.length;
  tiers.events.emit('invalidate', { scope: 'tag', target: tag, count });
  return count;
}

/** Every key under `prefix` out of L1, L2 (`SCAN` + `UNLINK`) and every other process's L1; → the count. */
export async function invalidatePrefix<V>(tiers: Tiers<V>, prefix: string): Promise<number> {
  if (typeof prefix !== 'string' || prefix === '') throw new TypeError('`prefix` must be a non-empty string (use clear() for everything)');
  const { local, l2, settings } = tiers;
  const held = local.dropPrefix(prefix);
  await l2.settled(held);
  const invalidator = settings.invalidator;
  const removed = invalidator === undefined ? NO_ANSWER : await l2.call('delete', (store) => invalidator.invalidatePrefix(store.key(prefix)));
  if (removed === NO_ANSWER && invalidator !== undefined) l2.unsettle(held);
  const count = removed === NO_ANSWER ? held.length : removed;
  tiers.events.emit('invalidate', { scope: 'prefix', target: prefix, count });
  return count;
}

/** A new namespace version: every old key unreachable at once, this process's L1 emptied; → the new version. */
export async function bumpVersion<V>(tiers: Tiers<V>): Promise<number> {
  const { local, version } = tiers;
  const count = local.size;
  // Nothing started under the old version may write into L1 or L2 any more.
  local.clear();
  version.bump();
  // The bump reaches Redis before any other L2 operation of this process; if L2 does not take it now, it is sent
  // again before L2 serves this process (every L2 call waits for it).
  await tiers.l2.call('delete', async () => undefined);
  const current = version.current;
  tiers.events.emit('invalidate', { scope: 'version', target: String(current), count });
  return current;
}

/** Everything out of L1 and L2 (in L2: every key of its namespace); nothing in flight writes back. */
export async function clear<V>(tiers: Tiers<V>): Promise<void> {
  tiers.local.clear();
  await tiers.l2.clear();
}

/** Another process invalidated a tag, a prefix or the version: drop this process's L1 copies and detach its computes. */
export function dropRemote<V>(tiers: Tiers<V>, message: InvalidationMessage): void {
  const { local, version } = tiers;
  if (message.scope === 'version') {
    if (version.advance(Number(message.target))) local.clear();
    return;
  }
  if (message.scope === 'prefix') {
    local.dropPrefix(version.cacheKey(message.target));
    return;
  }
  local.dropTag(message.target);
  local.drop(message.keys.map((key) => version.cacheKey(key)));
}
