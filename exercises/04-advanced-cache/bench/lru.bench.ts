import { hexKeys, loopTask, type BenchSuiteFactory, type FillableCache } from '@workbook/cli/bench';
import { LRUCache as IsaacsLRU } from 'lru-cache';
import { LRUMap } from 'mnemonist';
import QuickLRU from 'quick-lru';

const ENTRIES = 10_000;
const BATCH = 1_000;

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

interface Peer extends FillableCache {
  get(key: string): unknown;
}

/** The well-known LRUs under the code under test's contract: 10,000 entries, no TTL, get and set. */
const libraries: Record<string, () => Peer> = {
  'lru-cache': () => new IsaacsLRU<string, number>({ max: ENTRIES }),
  'quick-lru': () => new QuickLRU<string, number>({ maxSize: ENTRIES }),
  'mnemonist LRUMap': () => new LRUMap<string, number>(ENTRIES),
  // The textbook shortcut, for theory/index-lru.md: a Map's insertion order as the recency order.
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

/** Exercise 4's LRUCache (`impl`) against lru-cache, quick-lru, mnemonist and a Map used as a recency list. */
export default ((impl, subject) => {
  const peers = { [subject]: () => new impl.LRUCache<number>({ maxEntries: ENTRIES }), ...libraries };
  return {
    suite: 'lru',
    baseline: 'lru-cache',
    tasks: [
      loopTask(peers, 'get-hit', 'cache.get(keys[i % size]);', keys, { batch: BATCH, fill: keys }),
      loopTask(peers, 'get-miss', 'cache.get(keys[i % size]);', absent, { batch: BATCH, fill: keys }),
      loopTask(peers, 'set-at-capacity', 'cache.set(keys[i % size], i);', fresh, { batch: BATCH, fill: keys }),
      loopTask(peers, 'zipf-90-10', 'const k = i % size; if (data[k]) cache.set(keys[k], k); else cache.get(keys[k]);', zipf.keys, { batch: BATCH, fill: zipf.warm, data: zipf.isSet }),
    ],
    targets: ['get-hit', 'get-miss', 'set-at-capacity', 'zipf-90-10'].map((name) => ({ task: name, contender: subject, minRatio: 1 })),
  };
}) satisfies BenchSuiteFactory<typeof import('../src/index.js')>;
