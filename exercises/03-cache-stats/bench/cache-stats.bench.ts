import type { Cache } from '@workbook/cache';
import { hexKeys, type BenchSuiteFactory } from '@workbook/cli/bench';

const ENTRIES = 10_000;
const BATCH = 1_000;
const keys = hexKeys(ENTRIES);

/** The cache under measurement: a plain Map behind the workbook's interface, as cheap as a cache gets. */
class MapCache<V> implements Cache<V> {
  readonly #map = new Map<string, V>();
  get(key: string): V | undefined {
    return this.#map.get(key);
  }
  set(key: string, value: V): this {
    this.#map.set(key, value);
    return this;
  }
  has(key: string): boolean {
    return this.#map.has(key);
  }
  delete(key: string): boolean {
    return this.#map.delete(key);
  }
  clear(): void {
    this.#map.clear();
  }
}

function filled(): MapCache<number> {
  const cache = new MapCache<number>();
  keys.forEach((key, i) => cache.set(key, i));
  return cache;
}

/**
 * Exercise 3's InstrumentedCache (`impl`) over a bare Map: what counting costs on the hottest path.
 *
 * Each contender runs its own copy of the loop. One shared loop would share its type feedback too: after the first
 * contender, V8 sees a second cache class at `cache.get` and the call turns polymorphic, so whoever runs later pays
 * for whoever ran first.
 */
export default (({ InstrumentedCache }, subject) => ({
  suite: 'cache-stats',
  baseline: 'bare',
  tasks: [
    {
      name: 'get-hit',
      opsPerCall: BATCH,
      contenders: {
        bare: () => {
          const cache = filled();
          let i = 0;
          let sink = 0;
          return () => {
            for (let n = 0; n < BATCH; n++) sink += cache.get(keys[i++ % ENTRIES]!)!;
            return sink;
          };
        },
        // The defaults: every get counted, one in 64 timed.
        [subject]: () => {
          const cache = new InstrumentedCache(filled());
          let i = 0;
          let sink = 0;
          return () => {
            for (let n = 0; n < BATCH; n++) sink += cache.get(keys[i++ % ENTRIES]!) as number;
            return sink;
          };
        },
        // What timing every operation would cost: two performance.now() readings per get.
        [`${subject}, timed every op`]: () => {
          const cache = new InstrumentedCache(filled(), { sampleEvery: 1 });
          let i = 0;
          let sink = 0;
          return () => {
            for (let n = 0; n < BATCH; n++) sink += cache.get(keys[i++ % ENTRIES]!) as number;
            return sink;
          };
        },
      },
    },
  ],
  targets: [{ task: 'get-hit', contender: subject, minRatio: 0.67 }],
})) satisfies BenchSuiteFactory<typeof import('../src/index.js')>;
