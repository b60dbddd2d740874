/**
 * A child process for the hidden tests: it loads the implementation from the path given as its first argument
 * and runs the operations its parent sends over IPC, answering each with `{ id, ok, value | error }`. Run it
 * through `startChild()` (processes.ts), never directly.
 */
import { pathToFileURL } from 'node:url';
import Keyv from 'keyv';

type Impl = typeof import('@impl');
interface Request {
  id: number;
  op: string;
  args: unknown[];
}

const impl = (await import(pathToFileURL(process.argv[2]!).href)) as Impl;
let clock: number | undefined;
let cache: InstanceType<Impl['DiskCache']> | undefined;
let keyv: Keyv | undefined;
const warnings: unknown[] = [];
const errors: string[] = [];

function theCache(): InstanceType<Impl['DiskCache']> {
  if (!cache) throw new Error('the child has no cache: send open first');
  return cache;
}

function theKeyv(): Keyv {
  if (!keyv) throw new Error('the child has no Keyv: send keyvOpen first');
  return keyv;
}

/** One value of a burst or a race: checkable after the fact, of a size that varies with `round`. */
function burstValue(key: string, round: number, writer: string): { key: string; round: number; writer: string; body: string } {
  return { key, round, writer, body: `${key}:${round}:`.repeat(1 + ((round * 37) % 400)) };
}

const ops: Record<string, (...args: any[]) => unknown> = {
  open: async (options: Record<string, unknown> & { clock?: number }) => {
    const { clock: start, ...rest } = options;
    clock = start;
    cache = new impl.DiskCache({ ...rest, ...(start === undefined ? {} : { now: () => clock! }) } as never);
    cache.on('warning', (w: unknown) => warnings.push(w));
    cache.on('error', (e: Error) => errors.push(e.message));
    await cache.open();
    return true;
  },
  setClock: (ms: number) => {
    clock = ms;
    return true;
  },
  set: (key: string, value: unknown, ttlMs?: number) => (ttlMs === undefined ? theCache().set(key, value) : theCache().set(key, value, ttlMs)),
  get: (key: string) => theCache().get(key),
  has: (key: string) => theCache().has(key),
  delete: (key: string) => theCache().delete(key),
  clear: () => theCache().clear(),
  close: () => theCache().close(),
  stats: () => ({ size: theCache().size, bytes: theCache().bytes, warnings, errors }),
  keyvOpen: (options: { dir: string; namespace?: string }) => {
    const store = new impl.KeyvDiskStore({ dir: options.dir });
    keyv = new Keyv({ store, ...(options.namespace ? { namespace: options.namespace } : {}) });
    keyv.on('error', (e: unknown) => errors.push(String(e)));
    return true;
  },
  keyvSet: (key: string, value: unknown, ttl?: number) => theKeyv().set(key, value, ttl),
  keyvGet: (key: string) => theKeyv().get(key),
  keyvDelete: (key: string) => theKeyv().delete(key),
  /** Writes `keys` keys round after round, `concurrency` at a time, reporting every completed set, until killed. */
  burst: (options: { keys: number; concurrency: number; writer: string }) => {
    let next = 0;
    const lane = async (): Promise<void> => {
      for (;;) {
        const n = next++;
        const key = `k${n % options.keys}`;
        const round = Math.floor(n / options.keys);
        await theCache().set(key, burstValue(key, round, options.writer));
        process.send?.({ type: 'progress', key, round });
      }
    };
    for (let i = 0; i < options.concurrency; i++) void lane();
    return true;
  },
  /** `count` random sets and gets over `keys` keys; counts reads that were neither a miss nor a whole value. */
  race: async (options: { keys: number; count: number; writer: string; seed: number }) => {
    let seed = options.seed;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let badReads = 0;
    let hits = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = 0; i < options.count / 4; i++) {
          const key = `k${Math.floor(random() * options.keys)}`;
          if (random() < 0.5) {
            await theCache().set(key, burstValue(key, Math.floor(random() * 1000), options.writer));
          } else {
            const value = (await theCache().get(key)) as ReturnType<typeof burstValue> | undefined;
            if (value === undefined) continue;
            hits++;
            const expected = burstValue(key, value.round, value.writer);
            if (value.key !== key || value.body !== expected.body) badReads++;
          }
        }
      }),
    );
    return { badReads, hits, warnings: warnings.length, errors: errors.length };
  },
  /** Leaves at once, without closing the cache: like a crash, minus the signal. */
  exit: () => {
    setImmediate(() => process.exit(0));
    return true;
  },
};

process.on('message', (request: Request) => {
  void (async () => {
    try {
      const op = ops[request.op];
      if (!op) throw new Error(`unknown op ${request.op}`);
      const value = await op(...request.args);
      process.send?.({ id: request.id, ok: true, value: value === undefined ? { undefined: true } : { value } });
    } catch (error) {
      process.send?.({ id: request.id, ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  })();
});
process.send?.({ type: 'ready' });
