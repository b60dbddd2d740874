import { createHash } from 'node:crypto';
import type { BenchSuite } from '@workbook/cli/bench';
import { LRUCache as IsaacsLRU } from 'lru-cache';
import { LRUMap } from 'mnemonist';
import QuickLRU from 'quick-lru';
import { LRUCache } from '../src/index.js';

const ENTRIES = 10_000;
const BATCH = 1_000;

/** `count` distinct 64-hex keys, the shape cacheKey (exercise 1) produces. */
function hexKeys(count: number, salt: string): string[] {
  return Array.from({ length: count }, (_, i) => createHash('sha256').update(`${salt}:${i}`).digest('hex'));
}

const keys = hexKeys(ENTRIES, 'held');
const absent = hexKeys(ENTRIES, 'absent');
// Five times the capacity: by the time a key comes round again it was evicted long ago, so every set evicts.
const fresh = hexKeys(5 * ENTRIES, 'fresh');

/**
 * A skewed workload, like real traffic: 90% gets and 10% sets over 50,000 keys whose popularity follows Zipf's law
 * (the k-th most popular key is asked for in proportion to 1/k). The cache holds 10,000 of them, so the popular
 * keys hit, the long tail misses, and the sets evict. Precomputed, so the random draws are not measured.
 */
const zipf = (() => {
  const universe = hexKeys(5 * ENTRIES, 'zipf');
  const weights = universe.map((_, k) => 1 / (k + 1));
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) cumulative.push((total += w));
  let seed = 42;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = (): string => {
    const target = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return universe[lo]!;
  };
  const ops = 100_000;
  return { keys: Array.from({ length: ops }, pick), isSet: Array.from({ length: ops }, () => random() < 0.1), warm: universe.slice(0, ENTRIES) };
})();

interface Peer {
  get(key: string): unknown;
  set(key: string, value: number): unknown;
}

/**
 * Every contender under the same contract: 10,000 entries, no TTL, get and set. Each is wrapped in its own small
 * object, so each library's methods are called from a call site of its own: one shared call site would turn
 * polymorphic as contenders take turns and slow down whoever runs later.
 */
const peers: Record<string, () => Peer> = {
  reference: () => {
    const cache = new LRUCache<number>({ maxEntries: ENTRIES });
    return { get: (k) => cache.get(k), set: (k, v) => cache.set(k, v) };
  },
  'lru-cache': () => {
    const cache = new IsaacsLRU<string, number>({ max: ENTRIES });
    return { get: (k) => cache.get(k), set: (k, v) => cache.set(k, v) };
  },
  'quick-lru': () => {
    const cache = new QuickLRU<string, number>({ maxSize: ENTRIES });
    return { get: (k) => cache.get(k), set: (k, v) => cache.set(k, v) };
  },
  'mnemonist LRUMap': () => {
    const cache = new LRUMap<string, number>(ENTRIES);
    return { get: (k) => cache.get(k), set: (k, v) => cache.set(k, v) };
  },
  // The textbook shortcut, for theory.md § 8.1: a Map's insertion order as the recency order.
  'Map delete+set': () => {
    const map = new Map<string, number>();
    return {
      get: (k) => {
        const value = map.get(k);
        if (value !== undefined) {
          map.delete(k);
          map.set(k, value);
        }
        return value;
      },
      set: (k, v) => {
        map.delete(k);
        map.set(k, v);
        if (map.size > ENTRIES) map.delete(map.keys().next().value!);
      },
    };
  },
};

function filled(make: () => Peer, fill: string[]): Peer {
  const cache = make();
  fill.forEach((key, i) => cache.set(key, i));
  return cache;
}

/** One contender per peer, each running `op` BATCH times per measured call over a freshly filled cache. */
function task(name: string, op: (cache: Peer, i: number) => unknown, fill = keys) {
  const contenders = Object.fromEntries(
    Object.entries(peers).map(([peer, make]) => [
      peer,
      () => {
        const cache = filled(make, fill);
        let i = 0;
        return () => {
          for (let n = 0; n < BATCH; n++) op(cache, i++);
        };
      },
    ]),
  );
  return { name, opsPerCall: BATCH, contenders };
}

export default {
  suite: 'lru',
  baseline: 'lru-cache',
  tasks: [
    task('get-hit', (cache, i) => cache.get(keys[i % ENTRIES]!)),
    task('get-miss', (cache, i) => cache.get(absent[i % ENTRIES]!)),
    task('set-at-capacity', (cache, i) => cache.set(fresh[i % fresh.length]!, i)),
    task(
      'zipf-90-10',
      (cache, i) => {
        const n = i % zipf.keys.length;
        return zipf.isSet[n] ? cache.set(zipf.keys[n]!, n) : cache.get(zipf.keys[n]!);
      },
      zipf.warm,
    ),
  ],
  targets: [
    { task: 'get-hit', contender: 'reference', minRatio: 1 },
    { task: 'get-miss', contender: 'reference', minRatio: 1 },
    { task: 'set-at-capacity', contender: 'reference', minRatio: 1 },
    { task: 'zipf-90-10', contender: 'reference', minRatio: 1 },
  ],
} satisfies BenchSuite;
