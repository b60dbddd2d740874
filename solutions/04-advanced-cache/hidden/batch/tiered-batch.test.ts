import { afterEach, describe, expect, it, vi } from 'vitest';
import { TieredCache } from '@impl';
import { deferred, settle } from '../helpers/deferred.js';
import { fakeKeyv } from '../helpers/stores.js';

afterEach(() => {
  vi.useRealTimers();
});

/** Two instances over one fake L2 whose calls the test counts, on a fake `Date` (Keyv stamps expiries with it). */
function setup() {
  vi.useFakeTimers({ toFake: ['Date'], now: 1_000_000 });
  const { keyv, store } = fakeKeyv<string>();
  const clock = { advance: (ms: number) => vi.setSystemTime(Date.now() + ms) };
  const make = () => new TieredCache<string>({ l2: keyv });
  return { store, clock, a: make(), b: make() };
}

describe('TieredCache.getMany reads L1 first, then every miss from L2 in one round trip [ex4.batch.tiered-get-many]', () => {
  it('asks L2 once for all the keys L1 does not hold, and answers in the order of the keys', async () => {
    const { store, a, b } = setup();
    await a.setMany([['x', 'X'], ['y', 'Y'], ['z', 'Z']]);
    await b.set('x', 'X');
    store.calls.get = 0;
    expect(await b.getMany(['z', 'x', 'nope', 'y'])).toEqual(['Z', 'X', undefined, 'Y']);
    expect(store.calls.getMany, 'one batch read for the three keys L1 did not have').toBe(1);
    expect(store.calls.get, 'never one read per key').toBe(0);
  });

  it('does not ask L2 at all when L1 holds every key', async () => {
    const { store, a } = setup();
    await a.setMany([['x', 'X'], ['y', 'Y']]);
    expect(await a.getMany(['x', 'y'])).toEqual(['X', 'Y']);
    expect(store.calls.getMany + store.calls.get).toBe(0);
  });

  it('copies each L2 hit into L1 with its remaining time to live', async () => {
    const { store, clock, a, b } = setup();
    await a.setMany([['x', 'X']], { ttlMs: 10_000 });
    clock.advance(4_000);
    await b.getMany(['x']);
    store.mode = 'fail';
    clock.advance(5_999);
    expect(await b.get('x'), 'promoted into L1, still live 9,999 ms after it was written').toBe('X');
    clock.advance(1);
    expect(await b.get('x'), 'gone from L1 when the L2 entry would have expired, not 10 s after promotion').toBeUndefined();
  });

  it('counts each key as an L1 hit, an L2 hit or a miss', async () => {
    const { a, b } = setup();
    await a.set('x', 'X');
    await b.set('y', 'Y');
    await b.getMany(['x', 'y', 'nope']);
    expect(b.stats()).toMatchObject({ l1Hits: 1, l2Hits: 1, misses: 1 });
  });

  it('treats a failing L2 as misses, without throwing', async () => {
    const { store, a, b } = setup();
    await a.set('x', 'X');
    store.mode = 'fail';
    expect(await b.getMany(['x', 'y']), 'fail open: the batch answers undefined for what only L2 had').toEqual([undefined, undefined]);
    expect(b.stats().l2Errors).toBe(1);
  });

  it('does not copy into L1 a key deleted while the batch read was out', async () => {
    const { store, a, b } = setup();
    await a.set('x', 'old');
    store.pause();
    const read = b.getMany(['x']);
    await settle();
    const deleting = b.delete('x');
    store.resume();
    await read;
    await deleting;
    await a.set('x', 'new');
    expect(await b.get('x'), 'the stale read must not land in L1 after the delete').toBe('new');
  });
});

describe('TieredCache.setMany and deleteMany write L2 in one batch [ex4.batch.tiered-writes]', () => {
  it('setMany writes every pair to L1 and to L2 in one batch', async () => {
    const { store, a, b } = setup();
    await a.setMany([['x', 'X'], ['y', 'Y']]);
    expect(store.calls.setMany, 'one batch write').toBe(1);
    expect(store.calls.set).toBe(0);
    expect(await a.getMany(['x', 'y'])).toEqual(['X', 'Y']);
    expect(a.stats().l1Hits, 'both answered by L1').toBe(2);
    expect(await b.getMany(['x', 'y']), 'and another instance reads them from L2').toEqual(['X', 'Y']);
  });

  it('setMany gives L2 the TTL', async () => {
    const { clock, a, b } = setup();
    await a.setMany([['x', 'X']], { ttlMs: 1_000 });
    clock.advance(1_000);
    expect(await b.get('x'), 'the L2 entry expires with ttlMs').toBeUndefined();
  });

  it('setMany of undefined deletes that key, as set does', async () => {
    const { a, b } = setup();
    await a.set('x', 'X');
    await a.setMany([['x', undefined as unknown as string], ['y', 'Y']]);
    expect(await b.getMany(['x', 'y'])).toEqual([undefined, 'Y']);
  });

  it('setMany checks every pair before storing any', async () => {
    const { store, a } = setup();
    await expect(a.setMany([['x', 'X'], [7, 'Y']] as never)).rejects.toThrow(TypeError);
    expect(store.data.size + (await a.getMany(['x'])).filter(Boolean).length, 'nothing stored from a bad batch').toBe(0);
  });

  it('deleteMany removes every key from both tiers in one batch and says whether any was held', async () => {
    const { store, a, b } = setup();
    await a.setMany([['x', 'X'], ['y', 'Y']]);
    expect(await a.deleteMany(['x', 'y', 'nope'])).toBe(true);
    expect(store.calls.deleteMany, 'one batch delete').toBe(1);
    expect(await a.getMany(['x', 'y'])).toEqual([undefined, undefined]);
    expect(await b.getMany(['x', 'y'])).toEqual([undefined, undefined]);
    expect(await a.deleteMany(['x'])).toBe(false);
  });

  it('a deleteMany lands after a set to the same key that was issued before it', async () => {
    const { store, a, b } = setup();
    const hold = deferred<void>();
    store.holdSets = hold.promise;
    const writing = a.set('x', 'X');
    const deleting = a.deleteMany(['x']);
    hold.resolve();
    await Promise.all([writing, deleting]);
    expect(await b.get('x'), 'the delete was issued last, so it must win in L2').toBeUndefined();
  });
});
