import { afterEach, describe, expect, it, vi } from 'vitest';
import { TieredCache } from '@impl';
import { deferred, settle } from '../helpers/deferred.js';
import { expectAnswerAtL2Timeout } from '../helpers/fake-time.js';
import { fakeKeyv } from '../helpers/stores.js';

afterEach(() => {
  vi.useRealTimers();
});

function setup(options: { ttlMs?: number; l2TimeoutMs?: number } = {}) {
  // Keyv stamps expiries from Date.now(): the cache's clock and Keyv's must be one fake clock.
  if (!vi.isFakeTimers()) vi.useFakeTimers({ toFake: ['Date'], now: 1_000_000 });
  const clock = { now: () => Date.now(), advance: (ms: number) => vi.setSystemTime(Date.now() + ms) };
  const { keyv, store } = fakeKeyv<string>();
  const cache = new TieredCache<string>({ l2: keyv, now: clock.now, ...options });
  const errors: string[] = [];
  cache.on('error', (_error, operation) => void errors.push(operation));
  return { clock, keyv, store, cache, errors };
}

describe('TieredCache.getMany: L1 first, then one L2 round trip for every miss [ex4.batch.get-many]', () => {
  it('answers in the order asked, from L1, L2 or neither', async () => {
    const { cache, keyv } = setup();
    await cache.set('a', 'A');
    await keyv.set('b', 'B');
    expect(await cache.getMany(['b', 'x', 'a'])).toEqual(['B', undefined, 'A']);
  });

  it('asks L2 once for all the L1 misses, and not at all when L1 has every key', async () => {
    const { cache, keyv, store } = setup();
    await keyv.set('b', 'B');
    await keyv.set('c', 'C');
    await cache.set('a', 'A');
    store.calls.get = 0;
    await cache.getMany(['a', 'b', 'c', 'd']);
    expect(store.calls.getMany, 'one batched L2 read (l2.getManyRaw) for b, c and d').toBe(1);
    expect(store.calls.get, 'no per-key L2 reads: a batch is one round trip').toBe(0);
    await cache.getMany(['a', 'b', 'c']);
    expect(store.calls.getMany, 'a, b and c are all in L1 now: L2 is not asked').toBe(1);
  });

  it('copies L2 hits into L1 for their remaining ttl', async () => {
    const { cache, keyv, clock } = setup();
    await keyv.set('b', 'B', 1000);
    clock.advance(400);
    await cache.getMany(['b']);
    await keyv.delete('b');
    clock.advance(599);
    expect(await cache.get('b'), 'promoted: L1 answers while the L2 entry would still live').toBe('B');
    clock.advance(1);
    expect(await cache.get('b'), 'promoted for the remaining 600 ms, not for a full ttl').toBeUndefined();
  });

  it('counts each key once in stats', async () => {
    const { cache, keyv } = setup();
    await cache.set('a', 'A');
    await keyv.set('b', 'B');
    await cache.getMany(['a', 'b', 'x']);
    expect(cache.stats()).toMatchObject({ l1Hits: 1, l2Hits: 1, misses: 1 });
  });
});

describe('TieredCache.getMany never copies a stale value into L1 [ex4.batch.stale]', () => {
  it('a delete during the batched L2 read keeps the old value out of L1', async () => {
    const { cache, keyv, store } = setup();
    await keyv.set('b', 'old');
    store.pause();
    const read = cache.getMany(['b']);
    await settle();
    const removed = cache.delete('b');
    store.resume();
    await read;
    await removed;
    expect(await cache.get('b'), 'the read was overtaken by a delete: it must not promote what it read').toBeUndefined();
  });

  it('a set during the batched L2 read wins over the value read', async () => {
    const { cache, keyv, store } = setup();
    await keyv.set('b', 'old');
    store.pause();
    const read = cache.getMany(['b']);
    await settle();
    const written = cache.set('b', 'new');
    store.resume();
    await Promise.all([read, written]);
    expect(await cache.get('b')).toBe('new');
  });

  it('a clear during the batched L2 read keeps every old value out of L1', async () => {
    const { cache, keyv } = setup();
    await keyv.set('b', 'old');
    await keyv.set('c', 'old');
    // The rows are read, then held back until the clear has landed in both tiers.
    const gate = deferred<void>();
    const getManyRaw = keyv.getManyRaw.bind(keyv);
    keyv.getManyRaw = (async (keys: string[]) => {
      const rows = await getManyRaw(keys);
      await gate.promise;
      return rows;
    }) as typeof keyv.getManyRaw;
    const read = cache.getMany(['b', 'c']);
    await settle();
    await cache.clear();
    gate.resolve();
    expect(await read, 'the callers of the overtaken read still get what it read').toEqual(['old', 'old']);
    expect(await cache.getMany(['b', 'c']), 'but it must not copy it into L1 after the clear').toEqual([undefined, undefined]);
  });
});

describe('TieredCache.setMany: both tiers, one L2 write for the batch [ex4.batch.set-many]', () => {
  it('stores every pair in both tiers with the batch ttl', async () => {
    const { cache, keyv, clock } = setup();
    await cache.setMany([['a', 'A'], ['b', 'B']], { ttlMs: 1000 });
    expect(await keyv.get('a'), 'written to L2').toBe('A');
    expect(await keyv.getRaw('b').then((raw) => raw?.expires), 'L2 keeps the batch ttl').toBeGreaterThan(Date.now());
    // From here on only L1 can answer.
    await keyv.delete('a');
    await keyv.delete('b');
    clock.advance(999);
    expect(await cache.getMany(['a', 'b']), 'L1 keeps them until the batch ttl elapses').toEqual(['A', 'B']);
    clock.advance(1);
    expect(await cache.getMany(['a', 'b']), 'L1 expires them with the batch ttl').toEqual([undefined, undefined]);
  });

  it('a pair whose value is undefined deletes its key from both tiers', async () => {
    const { cache, keyv } = setup();
    await cache.set('gone', 'G');
    await cache.setMany([['gone', undefined as unknown as string], ['kept', 'K']]);
    expect(await keyv.get('gone')).toBeUndefined();
    expect(await cache.get('gone')).toBeUndefined();
    expect(await cache.get('kept')).toBe('K');
  });

  it('a compute in flight for a key of the batch does not overwrite it', async () => {
    const { cache } = setup();
    const gate = deferred<string>();
    const computing = cache.getOrCompute('a', () => gate.promise);
    await settle();
    await cache.setMany([['a', 'from setMany']]);
    gate.resolve('stale');
    await computing;
    expect(await cache.get('a'), 'setMany wins over the compute it overtook').toBe('from setMany');
  });

  it('lands after the earlier writes to its keys', async () => {
    const { cache, keyv, store } = setup();
    const hold = deferred<void>();
    store.holdSets = hold.promise;
    const first = cache.set('a', 'first');
    await settle();
    store.holdSets = undefined;
    const batch = cache.setMany([['a', 'second']]);
    await settle();
    hold.resolve();
    await Promise.all([first, batch]);
    expect(await keyv.get('a'), 'the slow set issued first must not overwrite the batch').toBe('second');
  });

  it('checks the whole batch before writing anything', async () => {
    const { cache, keyv } = setup();
    await expect(cache.setMany([['a', 'A'], [7 as unknown as string, 'B']]), 'a non-string key → TypeError').rejects.toThrow(TypeError);
    await expect(cache.setMany([['a', 'A']], { ttlMs: -1 })).rejects.toThrow(/`ttlMs`/);
    expect(await cache.get('a')).toBeUndefined();
    expect(await keyv.get('a')).toBeUndefined();
  });
});

describe('TieredCache.deleteMany: both tiers, one L2 call [ex4.batch.delete-many]', () => {
  it('removes every key from both tiers and says whether any was held', async () => {
    const { cache, keyv, store } = setup();
    await cache.setMany([['a', 'A'], ['b', 'B']]);
    expect(await cache.deleteMany(['a', 'b', 'x'])).toBe(true);
    expect(store.calls.deleteMany, 'one batched L2 delete (l2.deleteMany)').toBe(1);
    expect(await keyv.get('a')).toBeUndefined();
    expect(await cache.getMany(['a', 'b'])).toEqual([undefined, undefined]);
    expect(await cache.deleteMany(['a', 'b']), 'nothing left to remove').toBe(false);
  });

  it('a key held only in L2 counts as removed', async () => {
    const { cache, keyv } = setup();
    await keyv.set('only-l2', 'V');
    expect(await cache.deleteMany(['only-l2']), 'L2 held it: deleteMany answers true').toBe(true);
  });

  it('a compute in flight for a deleted key does not write back', async () => {
    const { cache, keyv } = setup();
    const gate = deferred<string>();
    const computing = cache.getOrCompute('a', () => gate.promise);
    await settle();
    await cache.deleteMany(['a']);
    gate.resolve('stale');
    expect(await computing, 'its callers still get the result').toBe('stale');
    expect(await keyv.get('a'), 'but it is not stored').toBeUndefined();
    expect(await cache.get('a')).toBeUndefined();
  });

  it('a batch delete that failed is replayed before L2 serves reads again', async () => {
    const { cache, keyv, store, clock } = setup();
    await cache.setMany([['a', 'A'], ['b', 'B']]);
    store.mode = 'fail';
    await cache.deleteMany(['a', 'b']);
    store.mode = 'up';
    clock.advance(1000);
    expect(await cache.getMany(['a', 'b']), 'the missed delete lands before L2 answers').toEqual([undefined, undefined]);
    expect(await keyv.get('a')).toBeUndefined();
  });
});

describe('batch operations fail open [ex4.batch.fail-open]', () => {
  it('an L2 error turns the misses into undefined; no batch call rejects', async () => {
    const { cache, store, errors } = setup();
    await cache.set('a', 'A');
    store.mode = 'fail';
    await expect(cache.getMany(['a', 'b'])).resolves.toEqual(['A', undefined]);
    expect(cache.stats().l2Errors, 'the failed batched read counts as an L2 error').toBe(1);
    expect(errors, "one 'error' event, operation 'get'").toEqual(['get']);
    await expect(cache.setMany([['c', 'C']])).resolves.toBeUndefined();
    await expect(cache.deleteMany(['a'])).resolves.toBe(true);
    expect(await cache.get('c'), 'L1 still holds what setMany wrote').toBe('C');
  });

  it('a hung L2 costs getMany exactly one l2TimeoutMs', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const { cache, store } = setup({ l2TimeoutMs: 300 });
    await cache.set('a', 'A');
    store.mode = 'hang';
    await expectAnswerAtL2Timeout(cache.getMany(['a', 'b']), 300, ['A', undefined]);
  });
});
