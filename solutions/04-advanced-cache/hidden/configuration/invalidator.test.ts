import { expect, it } from 'vitest';
import { createTieredCache, type TieredCache } from '@impl';
import { describeRedis, waitFor } from '@workbook/testkit';
import { patient } from '../helpers/patience.js';
import { privateRedis, type PrivateRedis } from '../helpers/redis.js';

/** A cache from the student's factory on `redis`, closed before the server stops. */
async function connect(redis: PrivateRedis, namespace: string): Promise<TieredCache<string>> {
  const cache = await createTieredCache<string>({ env: { USE_REDIS: 'true', REDIS_URL: redis.server.url }, logger: { warn: () => {} }, namespace, ...patient });
  redis.onClose(() => cache.close());
  return cache;
}

describeRedis('a cache from the factory invalidates across processes without more wiring [ex4.configuration.invalidator]', () => {
  const redis = privateRedis();

  it('a tag invalidated through one factory cache leaves the L1 of another and Redis', async () => {
    const a = await connect(redis, 'inv1');
    const b = await connect(redis, 'inv1');
    await a.set('k', 'V', { tags: ['user:1'] });
    expect(await redis.raw.sMembers('inv1:tag:user:1'), 'the factory wires a RedisInvalidator: tags are Redis sets').toEqual(['k']);
    expect(await b.get('k')).toBe('V');
    expect(await a.invalidateTag('user:1')).toBe(1);
    await waitFor(async () => (await b.get('k')) === undefined, "b's L1 copy to go (pub/sub)", { timeoutMs: 5000 });
  });

  it('a version bumped through one factory cache reaches another', async () => {
    const a = await connect(redis, 'inv2');
    const b = await connect(redis, 'inv2');
    await a.set('k', 'old');
    expect(await b.get('k')).toBe('old');
    await a.bumpVersion();
    expect(await redis.raw.get('inv2:version')).toBe('1');
    await waitFor(async () => (await b.get('k')) === undefined, 'b to switch to the new version', { timeoutMs: 5000 });
  });
});
