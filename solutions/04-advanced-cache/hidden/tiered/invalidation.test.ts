import { describe, expect, it } from 'vitest';
import { TieredCache } from '@impl';
import { deferred, handled, settle } from '../helpers/deferred.js';
import { fakeKeyv, memoryKeyv } from '../helpers/stores.js';

async function inFlight(cache: TieredCache<string>, key = 'k') {
  const gate = deferred<string>();
  const call = handled(cache.getOrCompute(key, () => gate.promise));
  await settle();
  return { call, finish: (value: string) => gate.resolve(value) };
}

describe('TieredCache: a delete, clear or set during a compute wins in both tiers [ex4.tiered.invalidation]', () => {
  it('delete() during a compute: neither L1 nor L2 receives the stale result', async () => {
    const l2 = memoryKeyv<string>();
    const cache = new TieredCache<string>({ l2 });
    const { call, finish } = await inFlight(cache);
    await cache.delete('k');
    finish('stale');
    expect(await call, 'the waiting caller still gets the result').toBe('stale');
    expect(await l2.get('k'), 'L2 must not hold the stale result').toBeUndefined();
    expect(await cache.get('k'), 'L1 must not hold it either').toBeUndefined();
  });

  it('clear() during a compute: nothing is written back', async () => {
    const l2 = memoryKeyv<string>();
    const cache = new TieredCache<string>({ l2 });
    const { call, finish } = await inFlight(cache);
    await cache.clear();
    finish('stale');
    await call;
    expect(await l2.get('k')).toBeUndefined();
    expect(await cache.get('k')).toBeUndefined();
  });

  it('set() during a compute wins in both tiers', async () => {
    const l2 = memoryKeyv<string>();
    const cache = new TieredCache<string>({ l2 });
    const { call, finish } = await inFlight(cache);
    await cache.set('k', 'written by set');
    finish('computed');
    await call;
    expect(await l2.get('k')).toBe('written by set');
    expect(await cache.get('k')).toBe('written by set');
  });
});

describe('TieredCache: a read overtaken by a delete is not promoted [ex4.tiered.stale-read]', () => {
  it.each([
    ['get', (cache: TieredCache<string>) => cache.get('k')],
    ['getOrCompute', (cache: TieredCache<string>) => cache.getOrCompute('k', async () => 'computed')],
  ])('a %s() whose L2 read is overtaken by delete() does not copy the old value into L1', async (_name, read) => {
    const { keyv, store } = fakeKeyv<string>();
    await keyv.set('k', 'old');
    const cache = new TieredCache<string>({ l2: keyv });
    const release = deferred<void>();
    const get = store.get.bind(store);
    store.get = async (key: string) => {
      const value = await get(key);
      await release.promise;
      return value;
    };
    const reading = handled(read(cache));
    await settle();
    store.get = get;
    await cache.delete('k');
    release.resolve();
    expect(await reading, 'the caller that was waiting still gets what L2 answered').toBe('old');
    expect(await cache.get('k'), 'the key was deleted during the read: it must not come back from L1').toBeUndefined();
  });
});

describe('TieredCache: L2 writes to one key land in the order issued [ex4.tiered.write-order]', () => {
  it('clear() lands after the writes issued before it', async () => {
    const { keyv, store } = fakeKeyv<string>();
    const cache = new TieredCache<string>({ l2: keyv, l2TimeoutMs: 5000 });
    const slow = deferred<void>();
    store.holdSets = slow.promise;
    const set = handled(cache.set('k', 'first'));
    await settle();
    const clear = handled(cache.clear());
    await settle();
    slow.resolve();
    await Promise.all([set, clear]);
    expect(store.data.size, 'set then clear: L2 must end empty').toBe(0);
  });

  it('writes to one key reach L2 in the order they were issued, even when the first is slower', async () => {
    const { keyv, store } = fakeKeyv<string>();
    const cache = new TieredCache<string>({ l2: keyv, l2TimeoutMs: 5000 });
    const slow = deferred<void>();
    store.holdSets = slow.promise;
    const set = handled(cache.set('k', 'first'));
    await settle();
    store.holdSets = undefined;
    const del = handled(cache.delete('k'));
    await settle();
    slow.resolve();
    await Promise.all([set, del]);
    expect(store.data.size, 'set then delete: L2 must end without the key').toBe(0);
  });
});
