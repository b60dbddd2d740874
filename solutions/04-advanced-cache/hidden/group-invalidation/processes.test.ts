import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { expect, it } from 'vitest';
import { RedisInvalidator, TieredCache } from '@impl';
import { describeRedis, implPath, nextMessage, spawnTs } from '@workbook/testkit';
import { patient } from '../helpers/patience.js';
import { privateRedis, redisKeyv } from '../helpers/redis.js';

const app = fileURLToPath(new URL('../helpers/child-invalidation.ts', import.meta.url));

type Message = { type: 'ready'; before: (string | undefined)[] } | { type: 'result'; held: boolean[] };
const isType =
  <T extends Message['type']>(type: T) =>
  (message: unknown): message is Extract<Message, { type: T }> =>
    (message as { type?: string }).type === type;

describeRedis("two real processes: a tag or prefix invalidated in one leaves the other's L1 [ex4.group-invalidation.processes]", () => {
  const redis = privateRedis();
  const children: ChildProcess[] = [];
  redis.onClose(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  // A tsx process starting on a busy 2-core machine can take most of a minute: the limit only stops a hang.
  it('the other process drops the tagged keys and the keys under the prefix from its L1', { timeout: 120_000 }, async () => {
    const { keyv, client, close } = await redisKeyv<string>(redis.server.url, 'procs');
    const invalidator = new RedisInvalidator(client, { namespace: 'procs' });
    await invalidator.ready();
    redis.onClose(async () => {
      await invalidator.close();
      await close();
    });
    const cache = new TieredCache<string>({ l2: keyv, invalidator, l2TimeoutMs: patient.l2TimeoutMs });
    await cache.set('answer-1', 'A', { tags: ['model:old'] });
    await cache.set('user:7:history', 'H');
    const child = spawnTs(app, [implPath(), redis.server.url, 'procs', 'answer-1', 'user:7:history']);
    children.push(child);
    const ready = await nextMessage(child, isType('ready'));
    expect(ready.before, 'the other process holds both values in its L1 (promoted from L2)').toEqual(['A', 'H']);
    await cache.invalidateTag('model:old');
    await cache.invalidatePrefix('user:7:');
    const result = nextMessage(child, isType('result'));
    child.send('check');
    expect((await result).held, 'after a tag and a prefix invalidation, the other process must hold neither in its L1').toEqual([false, false]);
  });
});
