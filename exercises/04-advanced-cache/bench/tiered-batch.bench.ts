import KeyvRedis, { createClient, type RedisClientType } from '@keyv/redis';
import { hasRedisServer, startRedis, type RedisServer } from '@workbook/testkit/redis-server';
import type { BenchContender, BenchSuiteFactory } from '@workbook/cli/bench';
import { Keyv } from 'keyv';
import type { TieredCache } from '../src/index.js';

/** The exercise's module under test. */
type Impl = typeof import('../src/index.js');

/** Keys per call: a page of cached answers. */
const BATCH = 100;

/**
 * A tiered cache on a private redis-server holding two sets of BATCH keys. L1 holds a single entry, and each call
 * reads the other set, so every key of every call misses L1 and the measure is the L2 round trips alone.
 */
async function setup({ TieredCache }: Impl, read: (cache: TieredCache<string>, keys: readonly string[]) => Promise<unknown>): Promise<BenchContender> {
  const server: RedisServer = await startRedis();
  const client = createClient({ url: server.url, disableOfflineQueue: true }) as unknown as RedisClientType;
  const teardown = async () => {
    if (client.isOpen) client.destroy();
    await server.stop();
  };
  try {
    client.on('error', () => {});
    await client.connect();
    const keyv = new Keyv<string>({ store: new KeyvRedis<string>(client, { namespace: 'bench', throwOnErrors: true }), namespace: 'bench', useKeyPrefix: false, throwOnErrors: true });
    const cache = new TieredCache<string>({ l1: { maxEntries: 1 }, l2: keyv, l2TimeoutMs: 10_000 });
    const sets = ['a', 'b'].map((set) => Array.from({ length: BATCH }, (_, i) => `${set}${i}`));
    for (const keys of sets) await cache.setMany(keys.map((key) => [key, `answer for ${key} `.repeat(20)] as const));
    let turn = 0;
    return { fn: () => read(cache, sets[turn++ % 2]!), teardown };
  } catch (error) {
    // Unfinished code under test must not leave a redis-server running for the rest of the run.
    await teardown();
    throw error;
  }
}

async function sequentialGets(cache: TieredCache<string>, keys: readonly string[]): Promise<void> {
  for (const key of keys) await cache.get(key);
}

/** Exercise 4's TieredCache (`impl`): one getMany against as many gets. Without a redis-server binary, skipped. */
export default ((impl) => ({
  suite: 'tiered-batch',
  baseline: `${BATCH} sequential get`,
  tasks: [
    {
      name: `get-${BATCH}-l1-misses`,
      opsPerCall: BATCH,
      contenders: {
        [`${BATCH} sequential get`]: () => setup(impl, sequentialGets),
        getMany: () => setup(impl, (cache, keys) => cache.getMany(keys)),
      },
    },
  ],
  targets: [{ task: `get-${BATCH}-l1-misses`, contender: 'getMany', minRatio: 10 }],
  ...(hasRedisServer() ? {} : { skip: 'no redis-server binary found; install Redis (apt install redis-server, brew install redis) or set REDIS_SERVER to its path' }),
})) satisfies BenchSuiteFactory<Impl>;
