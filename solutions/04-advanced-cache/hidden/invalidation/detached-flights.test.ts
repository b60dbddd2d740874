import { describe, expect, it } from 'vitest';
import { SingleFlightCache } from '@impl';

/** A compute the test finishes by hand, counting how many were started. */
function manualComputes() {
  const finish: ((value: string) => void)[] = [];
  const compute = () => new Promise<string>((resolve) => finish.push(resolve));
  return { compute, finish, started: () => finish.length };
}

describe('a detached compute never detaches the fresh one [ex4.invalidation.fresh-compute]', () => {
  it('when the stale compute ends, later callers still join the fresh compute', async () => {
    const cache = new SingleFlightCache<string>();
    const { compute, finish, started } = manualComputes();
    const stale = cache.getOrCompute('k', compute);
    await Promise.resolve();
    await cache.delete('k');
    const fresh = cache.getOrCompute('k', compute);
    await Promise.resolve();
    finish[0]!('stale');
    await stale;
    const late = cache.getOrCompute('k', compute);
    await Promise.resolve();
    expect(started(), 'the caller after the stale compute ended must join the fresh compute, not start a third').toBe(2);
    finish[1]!('fresh');
    expect(await fresh).toBe('fresh');
    expect(await late).toBe('fresh');
  });
});

describe('leaving a detached compute leaves the fresh one alone [ex4.invalidation.fresh-compute]', () => {
  it('when every caller of a stale compute aborts, later callers still join the fresh compute', async () => {
    const cache = new SingleFlightCache<string>();
    const { compute, finish, started } = manualComputes();
    const controller = new AbortController();
    const stale = cache.getOrCompute('k', compute, { signal: controller.signal });
    stale.catch(() => {});
    await Promise.resolve();
    await cache.delete('k');
    const fresh = cache.getOrCompute('k', compute);
    await Promise.resolve();
    controller.abort();
    const late = cache.getOrCompute('k', compute);
    await Promise.resolve();
    expect(started(), 'the stale compute\'s last caller left; the fresh compute is still the one to join').toBe(2);
    finish[1]!('fresh');
    expect(await fresh).toBe('fresh');
    expect(await late).toBe('fresh');
  });
});
