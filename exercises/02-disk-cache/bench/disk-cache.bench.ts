import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hexKeys, type BenchContender, type BenchSuiteFactory } from '@workbook/cli/bench';
import * as cacache from 'cacache';
import { FlatCache } from 'flat-cache';

/** The exercise's module under test. */
type Impl = typeof import('../src/index.js');

const ENTRIES = 2_000;
const OPEN_ENTRIES = 10_000;
/** Reads in flight at once when a contender reads many entries: what a loader that reads them all would do. */
const PARALLEL_READS = 32;

/** A chat response of about 1 KB of JSON, different for every `i`. */
function response(i: number) {
  return {
    id: `gen-${i}`,
    object: 'chat.completion',
    created: 1_767_225_600 + i,
    model: 'openai/gpt-4o-mini',
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: `Answer ${i}: ${'A cached answer costs nothing to serve again. '.repeat(17)}` } }],
    usage: { prompt_tokens: 24, completion_tokens: 180, total_tokens: 204, cost: 0.000112 },
  };
}

const keys = hexKeys(ENTRIES, 'bench');
const openKeys = hexKeys(OPEN_ENTRIES, 'open');

async function tempDir(name: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `workbook-bench-${name}-`));
}

/** Runs `op` for 0..count-1, PARALLEL_READS at a time. */
async function inParallel(count: number, op: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: PARALLEL_READS }, async () => {
    while (next < count) await op(next++);
  }));
}

/** The stores under one contract: put a JSON value under a key, get it back. */
interface Store {
  /** Writes the first `count` entries, as fast as the store allows (setup, not measured). */
  fill(count: number): Promise<void>;
  put(key: string, value: object): Promise<unknown>;
  get(key: string): Promise<unknown>;
  close(): Promise<void>;
}

/** The well-known stores; the code under test joins them in the factory below. */
const libraries: Record<string, () => Promise<Store>> = {
  cacache: async () => {
    const dir = await tempDir('cacache');
    const put = (key: string, value: object) => cacache.put(dir, key, JSON.stringify(value));
    return {
      fill: (count) => inParallel(count, (i) => put(keys[i]!, response(i))),
      put,
      get: async (key) => JSON.parse((await cacache.get(dir, key)).data.toString('utf8')),
      close: () => rm(dir, { recursive: true, force: true }),
    };
  },
  'flat-cache': async () => {
    const dir = await tempDir('flat');
    const cache = new FlatCache({ cacheDir: dir, cacheId: 'bench' });
    return {
      fill: async (count) => {
        for (let i = 0; i < count; i++) cache.setKey(keys[i]!, response(i));
        cache.save();
      },
      // flat-cache keeps everything in memory and rewrites its one file on save(): a put must save to persist.
      put: async (key, value) => {
        cache.setKey(key, value);
        cache.save();
      },
      // …and answers gets from memory: the whole file was loaded at startup.
      get: async (key) => cache.getKey(key),
      close: () => rm(dir, { recursive: true, force: true }),
    };
  },
};

/** The DiskCache under test as a store, in a fresh directory; `durable` as its option. */
async function underTest({ DiskCache }: Impl, durable: boolean): Promise<Store> {
  const dir = await tempDir('subject');
  const cache = await DiskCache.open<object>({ dir, durable }).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    // Setup need not be durable: fill through a second, plain instance on the same directory.
    fill: async (count) => {
      const filler = await DiskCache.open<object>({ dir });
      await inParallel(count, (i) => filler.set(keys[i]!, response(i)));
      await filler.close();
    },
    put: (key, value) => cache.set(key, value),
    get: (key) => cache.get(key),
    close: async () => {
      try {
        await cache.close();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** One contender per store in `names`: `op` once per call, over a store already holding ENTRIES entries. */
function task(stores: Record<string, () => Promise<Store>>, name: string, names: string[], op: (store: Store, i: number) => Promise<unknown>) {
  const contenders = Object.fromEntries(
    names.map((peer) => [
      peer,
      async (): Promise<BenchContender> => {
        const store = await stores[peer]!();
        try {
          await store.fill(ENTRIES);
        } catch (error) {
          await store.close().catch(() => {});
          throw error;
        }
        let i = 0;
        return { fn: () => op(store, i++), teardown: () => store.close() };
      },
    ]),
  );
  return { name, contenders };
}

const READ_ALL_SLICES = 10;

/** Exercise 2's DiskCache (`impl`) against cacache and flat-cache, and its restart against reading every entry. */
export default ((impl, subject) => {
  const durable = `${subject} durable`;
  const stores: Record<string, () => Promise<Store>> = { [subject]: () => underTest(impl, false), [durable]: () => underTest(impl, true), ...libraries };

  /** A directory of OPEN_ENTRIES entries, written by the code under test and closed, shared by the open-10k contenders. */
  let openDir: Promise<string> | undefined;
  function filledOpenDir(): Promise<string> {
    openDir ??= (async () => {
      const dir = await tempDir('open');
      try {
        const cache = await impl.DiskCache.open<object>({ dir });
        await inParallel(OPEN_ENTRIES, (i) => cache.set(openKeys[i]!, response(i)));
        await cache.close();
        return dir;
      } catch (error) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    })();
    return openDir;
  }

  return {
    suite: 'disk-cache',
    baseline: 'cacache',
    tasks: [
      task(stores, 'put', [subject, durable, 'cacache', 'flat-cache'], (store, i) => store.put(keys[i % ENTRIES]!, response(ENTRIES + i))),
      task(stores, 'get', [subject, 'cacache', 'flat-cache'], (store, i) => store.get(keys[(i * 7) % ENTRIES]!)),
      {
        // What a restart costs: opening a directory of 10,000 entries (readdir, a stat each, the saved use order)
        // against reading every entry, as a cache that learned sizes and recency from the files themselves would have to.
        name: 'open-10k',
        baseline: 'read-all',
        contenders: {
          [`${subject} open`]: async () => {
            const dir = await filledOpenDir();
            return async () => {
              const cache = await impl.DiskCache.open<object>({ dir });
              await cache.close();
            };
          },
          'read-all': async (): Promise<BenchContender> => {
            const dir = await filledOpenDir();
            const names = await readdir(dir);
            const slice = Math.ceil(names.length / READ_ALL_SLICES);
            let next = 0;
            return {
              // The cheapest way to learn every entry's size and age from the entries themselves: read each file.
              // Each call reads one tenth of them (and counts as a tenth of a read-all), so tinybench's minimum
              // number of calls costs seconds, not half a minute; leaving the one readdir out favours read-all.
              fn: async () => {
                const start = (next++ % READ_ALL_SLICES) * slice;
                const part = names.slice(start, start + slice);
                await inParallel(part.length, (i) => readFile(join(dir, part[i]!)));
              },
              opsPerCall: 1 / READ_ALL_SLICES,
              teardown: async () => {
                openDir = undefined;
                await rm(dir, { recursive: true, force: true });
              },
            };
          },
        },
      },
    ],
    targets: [
      { task: 'put', contender: subject, minRatio: 4 },
      { task: 'put', contender: durable, minRatio: 1 },
      { task: 'get', contender: subject, minRatio: 2 },
      // A stat per entry (theory/disk-internals.md § Eviction on disk: several times faster than reading all) — not the
      // 20× a trusted index of sizes gave, which a crash could leave wrong. Not yet re-measured on a quiet machine.
      { task: 'open-10k', contender: `${subject} open`, minRatio: 3 },
    ],
  };
}) satisfies BenchSuiteFactory<Impl>;
