import { describe, expect, it, vi } from 'vitest';
import { memoize, SingleFlightCache } from '@impl';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Lets a promise reject before the test awaits it without being reported as unhandled. */
const handled = <T>(promise: Promise<T>): Promise<T> => (promise.catch(() => {}), promise);

describe('Task 2 — single flight (public examples)', () => {
  it('10 concurrent callers, one compute', async () => {
    const cache = new SingleFlightCache<string>();
    let release!: (value: string) => void;
    const compute = vi.fn(() => new Promise<string>((resolve) => (release = resolve)));
    const callers = Array.from({ length: 10 }, () => handled(cache.getOrCompute('k', compute)));
    await tick();
    release('answer');
    expect(await Promise.all(callers)).toEqual(Array(10).fill('answer'));
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('a rejection reaches the callers and is not stored', async () => {
    const cache = new SingleFlightCache<string>();
    await expect(cache.getOrCompute('k', async () => Promise.reject(new Error('503')))).rejects.toThrow('503');
    expect(await cache.getOrCompute('k', async () => 'ok'), 'the next call computes again').toBe('ok');
  });

  it('an aborted caller leaves; the others still get the result', async () => {
    const cache = new SingleFlightCache<string>();
    let release!: (value: string) => void;
    const compute = () => new Promise<string>((resolve) => (release = resolve));
    const controller = new AbortController();
    const leaving = handled(cache.getOrCompute('k', compute, { signal: controller.signal }));
    const staying = handled(cache.getOrCompute('k', compute));
    await tick();
    controller.abort(new Error('gone'));
    await expect(leaving).rejects.toThrow('gone');
    release('v');
    expect(await staying).toBe('v');
  });

  it('memoize calls the function once per arguments', async () => {
    const fn = vi.fn(async (n: number) => n * 2);
    const double = memoize(fn);
    expect(await Promise.all([double(2), double(2), double(3)])).toEqual([4, 4, 6]);
    expect(fn).toHaveBeenCalledTimes(2);
  });
});
