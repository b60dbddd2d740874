import { describe, expect, it, vi } from 'vitest';
import { SingleFlightCache } from '@impl';
import { deferred, handled, settle } from '../helpers/deferred.js';

describe('a failed compute reaches every caller and is not stored [ex4.single-flight.errors]', () => {
  it('reaches every waiting caller', async () => {
    const cache = new SingleFlightCache<string>();
    const gate = deferred<string>();
    const callers = Array.from({ length: 5 }, () => handled(cache.getOrCompute('k', () => gate.promise)));
    await settle();
    gate.reject(new Error('upstream 503'));
    const outcomes = await Promise.allSettled(callers);
    expect(outcomes.map((o) => o.status)).toEqual(Array(5).fill('rejected'));
    expect((outcomes[0] as PromiseRejectedResult).reason.message).toBe('upstream 503');
  });

  it('stores nothing', async () => {
    const cache = new SingleFlightCache<string>();
    await cache.getOrCompute('k', async () => Promise.reject(new Error('boom'))).catch(() => {});
    expect(await cache.has('k')).toBe(false);
  });

  it('is not remembered: the next call computes again', async () => {
    const cache = new SingleFlightCache<string>();
    await cache.getOrCompute('k', async () => Promise.reject(new Error('boom'))).catch(() => {});
    const retry = vi.fn(async () => 'ok');
    expect(await cache.getOrCompute('k', retry)).toBe('ok');
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('a compute that throws synchronously rejects like one that rejects', async () => {
    const cache = new SingleFlightCache<string>();
    const compute = (): Promise<string> => {
      throw new Error('sync');
    };
    await expect(cache.getOrCompute('k', compute)).rejects.toThrow('sync');
    expect(cache.inFlight).toBe(0);
  });
});
