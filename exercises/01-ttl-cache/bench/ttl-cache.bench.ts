import { TTLCache as IsaacsTTLCache } from '@isaacs/ttlcache';
import { hexKeys, loopTask, type BenchSuiteFactory, type FillableCache } from '@workbook/cli/bench';
import { LRUCache } from 'lru-cache';

const ENTRIES = 10_000;
const TTL_MS = 60 * 60 * 1000;
const BATCH = 1_000;
const keys = hexKeys(ENTRIES);
// Five times the capacity: by the time a key comes round again it was evicted long ago, so every set evicts.
const fresh = hexKeys(5 * ENTRIES, 'fresh');

/** The well-known caches under the same contract as the code under test: 10k entries, one-hour TTL. */
const libraries: Record<string, () => FillableCache> = {
  'lru-cache': () => new LRUCache<string, number>({ max: ENTRIES, ttl: TTL_MS }),
  '@isaacs/ttlcache': () => new IsaacsTTLCache<string, number>({ max: ENTRIES, ttl: TTL_MS }),
};

const request = {
  model: 'openai/gpt-4o-mini',
  temperature: 0.2,
  messages: [
    { role: 'system' as const, content: 'You are a concise assistant.' },
    { role: 'user' as const, content: 'Explain cache stampedes in two sentences.' },
  ],
};

/** Exercise 1's TTLCache and cacheKey (`impl`) against lru-cache, @isaacs/ttlcache and JSON.stringify. */
export default ((impl, subject) => {
  const peers = { [subject]: () => new impl.TTLCache<number>({ ttlMs: TTL_MS, maxEntries: ENTRIES }), ...libraries };
  return {
    suite: 'ttl-cache',
    baseline: 'lru-cache',
    tasks: [
      loopTask(peers, 'get-hit', 'cache.get(keys[i % size]);', keys, { batch: BATCH, fill: keys }),
      loopTask(peers, 'set-refresh', 'cache.set(keys[i % size], i);', keys, { batch: BATCH, fill: keys }),
      loopTask(peers, 'set-at-capacity', 'cache.set(keys[i % size], i);', fresh, { batch: BATCH, fill: keys }),
      {
        name: 'cache-key',
        baseline: 'JSON.stringify',
        contenders: {
          [`${subject} cacheKey`]: () => () => impl.cacheKey(request),
          'JSON.stringify': () => () => JSON.stringify(request),
        },
      },
    ],
    targets: [
      { task: 'get-hit', contender: subject, minRatio: 1 },
      { task: 'set-refresh', contender: subject, minRatio: 1 },
      { task: 'set-at-capacity', contender: subject, minRatio: 1 },
    ],
  };
}) satisfies BenchSuiteFactory<typeof import('../src/index.js')>;
