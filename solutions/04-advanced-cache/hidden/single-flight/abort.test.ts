import { describe, expect, it, vi } from 'vitest';
import { SingleFlightCache } from '@impl';
import { deferred, handled, settle } from '../helpers/deferred.js';

describe('a caller can leave with an AbortSignal [ex4.single-flight.abort]', () => {
  it('an aborted caller rejects with the signal\'s reason while the others get the shared result', async () => {
    const cache = new SingleFlightCache<string>();
    const gate = deferred<string>();
    const controller = new AbortController();
    const leaving = handled(cache.getOrCompute('k', () => gate.promise, { signal: controller.signal }));
    const staying = handled(cache.getOrCompute('k', () => gate.promise));
    await settle();
    controller.abort(new Error('user left'));
    await expect(leaving).rejects.toThrow('user left');
    gate.resolve('v');
    expect(await staying).toBe('v');
  });

  it('does not abort the shared compute while someone still waits for it', async () => {
    const cache = new SingleFlightCache<string>();
    const gate = deferred<string>();
    let computeSignal: AbortSignal | undefined;
    const controller = new AbortController();
    const first = handled(cache.getOrCompute('k', (signal) => ((computeSignal = signal), gate.promise), { signal: controller.signal }));
    const second = handled(cache.getOrCompute('k', () => gate.promise));
    await settle();
    controller.abort();
    await first.catch(() => {});
    expect(computeSignal?.aborted, 'one of two callers left: the compute must go on').toBe(false);
    gate.resolve('v');
    await second;
    expect(await cache.get('k'), 'the result is stored for later callers').toBe('v');
  });

  it('aborts the compute when every caller has left', async () => {
    const cache = new SingleFlightCache<string>();
    let computeSignal: AbortSignal | undefined;
    const a = new AbortController();
    const b = new AbortController();
    const compute = (signal: AbortSignal): Promise<string> => {
      computeSignal = signal;
      return new Promise(() => {});
    };
    const calls = [handled(cache.getOrCompute('k', compute, { signal: a.signal })), handled(cache.getOrCompute('k', compute, { signal: b.signal }))];
    await settle();
    a.abort();
    b.abort();
    await Promise.allSettled(calls);
    expect(computeSignal?.aborted, 'nobody waits any more: the compute signal must abort').toBe(true);
  });

  it('a caller whose signal is already aborted rejects without computing', async () => {
    const cache = new SingleFlightCache<string>();
    const compute = vi.fn(async () => 'v');
    await expect(cache.getOrCompute('k', compute, { signal: AbortSignal.abort(new Error('too late')) })).rejects.toThrow('too late');
    expect(compute).not.toHaveBeenCalled();
  });

  it('a signal that aborts while the cache is being read rejects without computing', async () => {
    const read = deferred<string | undefined>();
    const slowCache = { get: () => read.promise, set: () => undefined, has: () => false, delete: () => false, clear: () => undefined };
    const cache = new SingleFlightCache<string>({ cache: slowCache });
    const compute = vi.fn(async () => 'v');
    const controller = new AbortController();
    const call = handled(cache.getOrCompute('k', compute, { signal: controller.signal }));
    await settle();
    controller.abort(new Error('left during the read'));
    read.resolve(undefined);
    await expect(call).rejects.toThrow('left during the read');
    expect(compute, 'the caller had left before the compute would start').not.toHaveBeenCalled();
  });

  it.each([
    ['result', (gate: { resolve(v: string): void; reject(e: unknown): void }) => gate.resolve('v')],
    ['rejection', (gate: { resolve(v: string): void; reject(e: unknown): void }) => gate.reject(new Error('boom'))],
  ])('aborting after the %s arrived changes nothing for the compute', async (_name, settleGate) => {
    const cache = new SingleFlightCache<string>();
    const gate = deferred<string>();
    let computeSignal: AbortSignal | undefined;
    const controller = new AbortController();
    const call = handled(cache.getOrCompute('k', (signal) => ((computeSignal = signal), gate.promise), { signal: controller.signal }));
    await settle();
    settleGate(gate);
    await call.catch(() => {});
    controller.abort();
    await settle();
    expect(computeSignal?.aborted, 'the caller got its answer: a later abort of its signal is not leaving').toBe(false);
  });



  it('after everyone left, the next caller starts a fresh compute', async () => {
    const cache = new SingleFlightCache<string>();
    const controller = new AbortController();
    const abandoned = handled(cache.getOrCompute('k', () => new Promise<string>(() => {}), { signal: controller.signal }));
    await settle();
    controller.abort();
    await abandoned.catch(() => {});
    expect(await cache.getOrCompute('k', async () => 'fresh')).toBe('fresh');
  });
});
