import { TTLCache as IsaacsTTLCache } from '@isaacs/ttlcache';
import { compileLoop, hexKeys, type BenchSuite } from '@workbook/cli/bench';
import { LRUCache } from 'lru-cache';
import { TTLCache, cacheKey } from '../src/index.js';

const ENTRIES = 10_000;
const TTL_MS = 60 * 60 * 1000;
const BATCH = 1_000;
const keys = hexKeys(ENTRIES);
// Five times the capacity: by the time a key comes round again it was evicted long ago, so every set evicts.
const fresh = hexKeys(5 * ENTRIES, 'fresh');

interface Peer {
  set(key: string, value: number): unknown;
}

/** The three caches under the same contract: 10k entries, one-hour TTL. */
const peers: Record<string, () => Peer> = {
  reference: () => new TTLCache<number>({ ttlMs: TTL_MS, maxEntries: ENTRIES }),
  'lru-cache': () => new LRUCache<string, number>({ max: ENTRIES, ttl: TTL_MS }),
  '@isaacs/ttlcache': () => new IsaacsTTLCache<string, number>({ max: ENTRIES, ttl: TTL_MS }),
};

/** One contender per peer: a cache filled with the 10k keys, measured by `statement` over `pool` in batches. */
function task(name: string, statement: string, pool: readonly string[]) {
  const contenders = Object.fromEntries(
    Object.entries(peers).map(([peer, make]) => [
      peer,
      () => {
        const cache = make();
        keys.forEach((key, i) => cache.set(key, i));
        return compileLoop(statement, BATCH)(cache, pool);
      },
    ]),
  );
  return { name, opsPerCall: BATCH, contenders };
}

const request = {
  model: 'openai/gpt-4o-mini',
  temperature: 0.2,
  messages: [
    { role: 'system' as const, content: 'You are a concise assistant.' },
    { role: 'user' as const, content: 'Explain cache stampedes in two sentences.' },
  ],
};

export default {
  suite: 'ttl-cache',
  baseline: 'lru-cache',
  tasks: [
    task('get-hit', 'cache.get(keys[i % size]);', keys),
    task('set-refresh', 'cache.set(keys[i % size], i);', keys),
    task('set-at-capacity', 'cache.set(keys[i % size], i);', fresh),
    {
      name: 'cache-key',
      baseline: 'JSON.stringify',
      contenders: {
        cacheKey: () => () => cacheKey(request),
        'JSON.stringify': () => () => JSON.stringify(request),
      },
    },
  ],
  targets: [
    { task: 'get-hit', contender: 'reference', minRatio: 1 },
    { task: 'set-refresh', contender: 'reference', minRatio: 1 },
    { task: 'set-at-capacity', contender: 'reference', minRatio: 1 },
  ],
} satisfies BenchSuite;
