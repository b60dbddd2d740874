import { describe, expect, it, vi } from 'vitest';
import { TieredCache } from '@impl';
import { deferred, handled, settle } from '../helpers/deferred.js';
import { fakeKeyv } from '../helpers/stores.js';

function setup() {
  const { keyv, store } = fakeKeyv<string>();
  const cache = new TieredCache<string>({ l2: keyv });
  return { keyv, store, cache };
}

/** A computeMany that answers `<key>!` for each key and records the batches it was asked for. */
function upstream() {
  const batches: string[][] = [];
  const computeMany = vi.fn(async (keys: string[]) => {
    batches.push([...keys]);
    return keys.map((key) => `${key}!`);
  });
  return { computeMany, batches };
}

describe('getOrComputeMany: L1, then L2 in one round trip, then one compute for the rest [ex4.batch.compute-many]', () => {
  it('answers in the order asked, computing only what neither tier holds, in one call', async () => {
    const { cache, keyv, store } = setup();
    await cache.set('a', 'A');
    await keyv.set('b', 'B');
    const { computeMany, batches } = upstream();
    store.calls.get = 0;
    expect(await cache.getOrComputeMany(['c', 'a', 'b', 'd', 'c'], computeMany)).toEqual(['c!', 'A', 'B', 'd!', 'c!']);
    expect(batches, 'one call for the keys missing from both tiers, each once').toEqual([['c', 'd']]);
    expect(store.calls.getMany, 'the L1 misses are asked of L2 in one round trip').toBe(1);
    expect(store.calls.get, 'never one L2 read per key').toBe(0);
    expect(cache.stats(), 'each key counts once: a from L1, b from L2, c (twice asked) and d computed').toMatchObject({ l1Hits: 1, l2Hits: 1, misses: 3 });
  });

  it('stores what it computed in both tiers', async () => {
    const { cache, keyv } = setup();
    const { computeMany } = upstream();
    await cache.getOrComputeMany(['x', 'y'], computeMany, { ttlMs: 60_000 });
    expect(await keyv.get('x'), 'written to L2').toBe('x!');
    expect(await keyv.get('y')).toBe('y!');
    expect(await cache.getOrComputeMany(['x', 'y'], computeMany), 'the next call is answered from L1').toEqual(['x!', 'y!']);
    expect(computeMany).toHaveBeenCalledTimes(1);
  });

  it('calls nothing when L1 holds every key', async () => {
    const { cache, store } = setup();
    await cache.setMany([['a', 'A'], ['b', 'B']]);
    const { computeMany } = upstream();
    store.calls.getMany = 0;
    expect(await cache.getOrComputeMany(['a', 'b'], computeMany)).toEqual(['A', 'B']);
    expect(computeMany).not.toHaveBeenCalled();
    expect(store.calls.getMany).toBe(0);
  });

  it('a computeMany that does not answer one value per key → TypeError naming `computeMany`; bad arguments throw', async () => {
    const { cache } = setup();
    await expect(cache.getOrComputeMany(['a', 'b'], async () => ['A'])).rejects.toThrow(/`computeMany`/);
    await expect(cache.getOrComputeMany(['a'], 'nope' as never)).rejects.toThrow(/`computeMany`/);
    await expect(cache.getOrComputeMany([1] as never, async () => [])).rejects.toThrow(/`key`/);
  });

  it('a rejected computeMany reaches the caller and stores nothing', async () => {
    const { cache } = setup();
    await expect(cache.getOrComputeMany(['a'], async () => Promise.reject(new Error('upstream down')))).rejects.toThrow('upstream down');
    const { computeMany } = upstream();
    expect(await cache.getOrComputeMany(['a'], computeMany), 'the next call computes again').toEqual(['a!']);
  });
});

describe('getOrComputeMany shares one flight per key with getOrCompute and other batches [ex4.batch.compute-many-flight]', () => {
  it('a key getOrCompute is computing joins that compute instead of computing again', async () => {
    const { cache } = setup();
    const gate = deferred<string>();
    const single = vi.fn(() => gate.promise);
    const pending = cache.getOrCompute('a', single);
    await settle();
    const { computeMany, batches } = upstream();
    const batch = cache.getOrComputeMany(['a', 'b'], computeMany);
    await settle();
    gate.resolve('A');
    expect(await batch).toEqual(['A', 'b!']);
    expect(await pending).toBe('A');
    expect(batches, "a was in flight: only b is computed by the batch").toEqual([['b']]);
  });

  it('a getOrCompute of a key the batch is computing waits for the batch', async () => {
    const { cache } = setup();
    const gate = deferred<string[]>();
    const batch = cache.getOrComputeMany(['a', 'b'], () => gate.promise);
    await settle();
    const single = vi.fn(async () => 'single');
    const pending = cache.getOrCompute('b', single);
    gate.resolve(['A', 'B']);
    expect(await pending, "b joins the batch's compute").toBe('B');
    expect(single).not.toHaveBeenCalled();
    expect(await batch).toEqual(['A', 'B']);
  });

  it('two overlapping batches compute each key once', async () => {
    const { cache } = setup();
    const { computeMany, batches } = upstream();
    const [first, second] = await Promise.all([cache.getOrComputeMany(['a', 'b'], computeMany), cache.getOrComputeMany(['b', 'c'], computeMany)]);
    expect(first).toEqual(['a!', 'b!']);
    expect(second).toEqual(['b!', 'c!']);
    expect(batches.flat().sort(), 'b was computed by the first batch only').toEqual(['a', 'b', 'c']);
  });
});

describe('getOrComputeMany fails open and keeps the stale-write rule [ex4.batch.compute-many-fail-open]', () => {
  it('an L2 failure reads as a miss: every key is computed and the call resolves', async () => {
    const { cache, store } = setup();
    store.mode = 'fail';
    const { computeMany, batches } = upstream();
    expect(await cache.getOrComputeMany(['a', 'b'], computeMany)).toEqual(['a!', 'b!']);
    expect(batches).toEqual([['a', 'b']]);
    expect(await cache.getMany(['a', 'b']), 'the computed values are still in L1').toEqual(['a!', 'b!']);
  });

  it('a delete or a tag invalidation during the batch keeps that key out of both tiers', async () => {
    const { cache, keyv } = setup();
    const gate = deferred<string[]>();
    const batch = handled(cache.getOrComputeMany(['a', 'b', 'c'], () => gate.promise, { tags: ['t'] }));
    await settle();
    await cache.delete('a');
    await cache.invalidateTag('t');
    gate.resolve(['A', 'B', 'C']);
    expect(await batch, 'the callers still get the results').toEqual(['A', 'B', 'C']);
    expect(await cache.getMany(['a', 'b', 'c']), 'none of them may be stored: each was invalidated during the compute').toEqual([undefined, undefined, undefined]);
    expect(await keyv.get('b')).toBeUndefined();
  });

  it('a delete during the batch keeps only that key out', async () => {
    const { cache } = setup();
    const gate = deferred<string[]>();
    const batch = cache.getOrComputeMany(['a', 'b'], () => gate.promise);
    await settle();
    await cache.delete('a');
    gate.resolve(['A', 'B']);
    await batch;
    expect(await cache.getMany(['a', 'b'])).toEqual([undefined, 'B']);
  });
});
