import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { expect, it } from 'vitest';
import { RedisInvalidator, TieredCache } from '@impl';
import { describeRedis, implPath, nextMessage, spawnTs } from '@workbook/testkit';
import { patient } from '../helpers/patience.js';
import { privateRedis, redisKeyv, type PrivateRedis } from '../helpers/redis.js';

const app = fileURLToPath(new URL('../helpers/child-invalidation.ts', import.meta.url));

type Message = { type: 'ready'; before: (string | undefined)[] } | { type: 'result'; held: boolean[] };
const isType =
  <T extends Message['type']>(type: T) =>
  (message: unknown): message is Extract<Message, { type: T }> =>
    (message as { type?: string }).type === type;

/**
 * One app process here (a cache on `namespace` holding answer-1, tagged model:old, and user:7:history) and one child
 * process that copied both into its L1. `invalidate` runs here; resolves to which of the two the child still holds.
 */
async function twoProcesses(redis: PrivateRedis, children: ChildProcess[], namespace: string, invalidate: (cache: TieredCache<string>) => Promise<unknown>): Promise<boolean[]> {
  const { keyv, client, close } = await redisKeyv<string>(redis.server.url, namespace);
  const invalidator = new RedisInvalidator(client, { namespace });
  await invalidator.ready();
  redis.onClose(async () => {
    await invalidator.close();
    await close();
  });
  const cache = new TieredCache<string>({ l2: keyv, invalidator, l2TimeoutMs: patient.l2TimeoutMs });
  await cache.set('answer-1', 'A', { tags: ['model:old'] });
  await cache.set('user:7:history', 'H');
  const child = spawnTs(app, [implPath(), redis.server.url, namespace, 'answer-1', 'user:7:history']);
  children.push(child);
  const ready = await nextMessage(child, isType('ready'));
  expect(ready.before, 'the other process holds both values in its L1 (promoted from L2)').toEqual(['A', 'H']);
  await invalidate(cache);
  const result = nextMessage(child, isType('result'));
  child.send('check');
  return (await result).held;
}

/** A private redis-server for the describe, and the child processes to kill when it stops. */
function serverAndChildren(): { redis: PrivateRedis; children: ChildProcess[] } {
  const redis = privateRedis();
  const children: ChildProcess[] = [];
  redis.onClose(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });
  return { redis, children };
}

describeRedis("two real processes: a tag or prefix invalidated in one leaves the other's L1 [ex4.group-invalidation.processes]", () => {
  const { redis, children } = serverAndChildren();

  // A tsx process starting on a busy 2-core machine can take most of a minute: the limit only stops a hang.
  it('the other process drops the tagged keys and the keys under the prefix from its L1', { timeout: 120_000 }, async () => {
    const held = await twoProcesses(redis, children, 'procs', async (cache) => {
      await cache.invalidateTag('model:old');
      await cache.invalidatePrefix('user:7:');
    });
    expect(held, 'after a tag and a prefix invalidation, the other process must hold neither in its L1').toEqual([false, false]);
  });
});

describeRedis('two real processes: a version bumped in one leaves nothing of the old version in the other [ex4.group-invalidation.version-processes]', () => {
  const { redis, children } = serverAndChildren();

  it('the other process drops its L1 copies and no longer reads the old keys', { timeout: 120_000 }, async () => {
    const held = await twoProcesses(redis, children, 'vprocs', (cache) => cache.bumpVersion());
    expect(held, 'after a bump, the other process must serve neither value: not from its L1, not from the old keys').toEqual([false, false]);
  });
});
