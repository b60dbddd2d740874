import { describe, expect, it } from 'vitest';
import { SingleFlightCache } from '@impl';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

async function inFlight(cache: SingleFlightCache<string>) {
  let finish!: (value: string) => void;
  const call = cache.getOrCompute('k', () => new Promise<string>((resolve) => (finish = resolve)));
  call.catch(() => {}); // awaited later; don't report an early rejection as unhandled
  await tick();
  return { call, finish: (value: string) => finish(value) };
}

describe('Task 3 — invalidation races (public examples)', () => {
  it('a delete() during the compute keeps the stale result out of the cache', async () => {
    const cache = new SingleFlightCache<string>();
    const { call, finish } = await inFlight(cache);
    await cache.delete('k');
    finish('stale');
    expect(await call, 'the caller still gets its answer').toBe('stale');
    expect(await cache.get('k'), 'but the cache does not keep it').toBeUndefined();
  });

  it('a set() during the compute wins', async () => {
    const cache = new SingleFlightCache<string>();
    const { call, finish } = await inFlight(cache);
    await cache.set('k', 'fresh');
    finish('stale');
    await call;
    expect(await cache.get('k')).toBe('fresh');
  });
});
