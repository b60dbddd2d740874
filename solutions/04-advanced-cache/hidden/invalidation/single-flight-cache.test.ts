import { describe, expect, it, vi } from 'vitest';
import { memoize, SingleFlightCache } from '@impl';
import { deferred, handled, settle } from '../helpers/deferred.js';

/** Starts a compute for `key` that finishes only when the test says so. */
async function inFlight(cache: SingleFlightCache<string>, key = 'k') {
  const gate = deferred<string>();
  const call = handled(cache.getOrCompute(key, () => gate.promise));
  await settle();
  return { call, finish: (value: string) => gate.resolve(value) };
}

describe('delete() during a compute: its callers get the result, the cache does not [ex4.invalidation.delete]', () => {
  it('delete() during a compute: the stale result is not written back', async () => {
    const cache = new SingleFlightCache<string>();
    const { call, finish } = await inFlight(cache);
    await cache.delete('k');
    finish('stale');
    await call;
    expect(await cache.get('k'), 'the key was deleted while the compute ran: its result must not be stored').toBeUndefined();
  });

  it('delete() during a compute: the callers already waiting still get the result', async () => {
    const cache = new SingleFlightCache<string>();
    const { call, finish } = await inFlight(cache);
    await cache.delete('k');
    finish('answer');
    expect(await call).toBe('answer');
  });
});

describe('after a delete(), the next caller computes afresh [ex4.invalidation.fresh-compute]', () => {
  it('after delete(), a new caller starts a fresh compute instead of joining the stale one', async () => {
    const cache = new SingleFlightCache<string>();
    const { call, finish } = await inFlight(cache);
    await cache.delete('k');
    const fresh = vi.fn(async () => 'fresh');
    const next = handled(cache.getOrCompute('k', fresh));
    finish('stale');
    await call;
    expect(await next).toBe('fresh');
    expect(fresh).toHaveBeenCalledTimes(1);
    expect(await cache.get('k'), 'the fresh compute is current and is stored').toBe('fresh');
  });
});

describe('clear() during computes: none of their results is stored [ex4.invalidation.clear]', () => {
  it('clear() during a compute: the stale result is not written back', async () => {
    const cache = new SingleFlightCache<string>();
    const a = await inFlight(cache, 'a');
    const b = await inFlight(cache, 'b');
    await cache.clear();
    a.finish('A');
    b.finish('B');
    await Promise.all([a.call, b.call]);
    expect([await cache.get('a'), await cache.get('b')]).toEqual([undefined, undefined]);
  });
});

describe('set() during a compute wins [ex4.invalidation.set]', () => {
  it('set() during a compute wins over the compute\'s result', async () => {
    const cache = new SingleFlightCache<string>();
    const { call, finish } = await inFlight(cache);
    await cache.set('k', 'written by set');
    finish('computed');
    await call;
    expect(await cache.get('k'), 'a set() while the compute ran must not be overwritten by it').toBe('written by set');
  });
});

describe("invalidating one key leaves other keys' computes alone [ex4.invalidation.other-keys]", () => {
  it('delete() of another key does not stop a compute from being stored', async () => {
    const cache = new SingleFlightCache<string>();
    const { call, finish } = await inFlight(cache);
    await cache.delete('other');
    finish('v');
    await call;
    expect(await cache.get('k')).toBe('v');
  });
});

describe('memoize: delete(...args) and clear() forget, even during a call [ex4.invalidation.memoize]', () => {
  it('memoize: delete(...args) during a call keeps its result from being remembered', async () => {
    const gate = deferred<string>();
    const fn = vi.fn((_q: string) => (fn.mock.calls.length === 1 ? gate.promise : Promise.resolve('new')));
    const ask = memoize(fn);
    const first = handled(ask('q'));
    await settle();
    await ask.delete('q');
    gate.resolve('old');
    await first;
    expect(await ask('q'), 'deleted during the first call: the second call must compute again').toBe('new');
  });

  it('forgets one result with delete(...args) and all with clear()', async () => {
    const fn = vi.fn(async (a: number) => a);
    const id = memoize(fn);
    await id(1);
    await id(2);
    await id.delete(1);
    await id(1);
    await id(2);
    expect(fn).toHaveBeenCalledTimes(3);
    await id.clear();
    await id(2);
    expect(fn).toHaveBeenCalledTimes(4);
  });

  it('delete() and clear() resolve once the cache has forgotten', async () => {
    const id = memoize(async (a: number) => a);
    await id(1);
    expect(await id.delete(1), 'delete(1) removed a remembered result').toBe(true);
    expect(await id.delete(1), 'nothing left to delete').toBe(false);
    await expect(id.clear()).resolves.toBeUndefined();
  });
});
