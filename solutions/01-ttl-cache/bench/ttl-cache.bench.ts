import { TTLCache as TTLCacheIsaacs } from '@isaacs/ttlcache';
import type { BenchSuite } from '@workbook/cli/bench';
import { LRUCache } from 'lru-cache';
import { TTLCache, cacheKey } from '../src/index.js';
import { hexKeys } from './keys.js';

const ENTRIES = 10_000;
const TTL_MS = 60 * 60 * 1000;
const BATCH = 1_000;
const keys = hexKeys(ENTRIES);
// Five times the capacity: by the time a key comes round again it was evicted long ago, so every set evicts.
const POOL = 5 * ENTRIES;
const fresh = hexKeys(POOL, 'fresh');

/** The three caches under the same contract: 10k entries, one-hour TTL, a set and a get. */
const peers: Record<string, () => Peer> = {
  reference: () => {
    const cache = new TTLCache<number>({ ttlMs: TTL_MS, maxEntries: ENTRIES });
    return { get: (k: string) => cache.get(k), set: (k: string, v: number) => cache.set(k, v) };
  },
  'lru-cache': () => {
    const cache = new LRUCache<string, number>({ max: ENTRIES, ttl: TTL_MS });
    return { get: (k: string) => cache.get(k), set: (k: string, v: number) => cache.set(k, v) };
  },
  '@isaacs/ttlcache': () => {
    const cache = new TTLCacheIsaacs<string, number>({ max: ENTRIES, ttl: TTL_MS });
    return { get: (k: string) => cache.get(k), set: (k: string, v: number) => cache.set(k, v) };
  },
};

/** What every contender offers the measuring loops. */
interface Peer {
  get(key: string): unknown;
  set(key: string, value: number): unknown;
}

function filled(make: () => Peer): Peer {
  const cache = make();
  keys.forEach((key, i) => cache.set(key, i));
  return cache;
}

/** One contender per peer, each measuring `op` in batches of BATCH over a filled cache. */
function task(name: string, op: (cache: Peer, i: number) => unknown) {
  const contenders = Object.fromEntries(
    Object.entries(peers).map(([peer, make]) => [
      peer,
      () => {
        const cache = filled(make);
        let i = 0;
        return () => {
          for (let n = 0; n < BATCH; n++) op(cache, i++);
        };
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
    task('get-hit', (cache, i) => cache.get(keys[i % ENTRIES]!)),
    task('set-refresh', (cache, i) => cache.set(keys[i % ENTRIES]!, i)),
    task('set-at-capacity', (cache, i) => cache.set(fresh[i % POOL]!, i)),
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
