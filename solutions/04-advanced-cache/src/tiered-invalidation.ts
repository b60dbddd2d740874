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
  if (removed !== NO_ANSWER) local.drop(removed);
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
  const removed = invalidator === undefined ? NO_ANSWER : await l2.call('delete', () => invalidator.invalidatePrefix(prefix));
  if (removed === NO_ANSWER && invalidator !== undefined) l2.unsettle(held);
  const count = removed === NO_ANSWER ? held.length : removed;
  tiers.events.emit('invalidate', { scope: 'prefix', target: prefix, count });
  return count;
}

/** Everything out of L1 and L2 (in L2: every key of its namespace); nothing in flight writes back. */
export async function clear<V>(tiers: Tiers<V>): Promise<void> {
  tiers.local.clear();
  await tiers.l2.clear();
}

/** Another process invalidated a tag or a prefix: drop this process's L1 copies and detach its computes. */
export function dropRemote<V>(tiers: Tiers<V>, message: InvalidationMessage): void {
  if (message.scope === 'prefix') {
    tiers.local.dropPrefix(message.target);
    return;
  }
  tiers.local.dropTag(message.target);
  tiers.local.drop(message.keys);
}
