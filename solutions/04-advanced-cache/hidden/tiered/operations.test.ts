import { afterEach, describe, expect, it, vi } from 'vitest';
import { TieredCache } from '@impl';
import { manualClock } from '@workbook/testkit';
import { fakeKeyv, memoryKeyv } from '../helpers/stores.js';

afterEach(() => {
  vi.useRealTimers();
});

/** The operation named by the first `error` event of `cache`. */
function firstErrorOperation(cache: TieredCache<string>): () => string | undefined {
  let operation: string | undefined;
  cache.on('error', (_error, op) => void (operation ??= op));
  return () => operation;
}

describe('an error event names the L2 operation that failed [ex4.tiered.outage-events]', () => {
  it.each([
    ['has', (cache: TieredCache<string>) => cache.has('k')],
    ['clear', (cache: TieredCache<string>) => cache.clear()],
    ['delete', (cache: TieredCache<string>) => cache.delete('k')],
  ])('a failed %s() reports %s', async (name, call) => {
    const { keyv, store } = fakeKeyv<string>();
    const cache = new TieredCache<string>({ l2: keyv });
    const operation = firstErrorOperation(cache);
    store.mode = 'fail';
    await call(cache);
    expect(operation(), `the error event's second argument names the operation: '${name}'`).toBe(name);
  });

  it("a computed value whose L2 write fails reports 'set'", async () => {
    const { keyv, store } = fakeKeyv<string>();
    const cache = new TieredCache<string>({ l2: keyv });
    const operation = firstErrorOperation(cache);
    store.set = async () => {
      throw new Error('L2 write refused');
    };
    await cache.getOrCompute('k', () => 'computed');
    expect(operation()).toBe('set');
  });

});

describe('a timed-out L2 operation fails with a TimeoutError [ex4.tiered.timeout]', () => {
  it("the error is named 'TimeoutError' and its message names the operation", async () => {
    vi.useFakeTimers();
    const { keyv, store } = fakeKeyv<string>();
    const cache = new TieredCache<string>({ l2: keyv, l2TimeoutMs: 100 });
    const errors: Error[] = [];
    cache.on('error', (error) => void errors.push(error));
    store.mode = 'hang';
    const read = cache.get('k');
    await vi.advanceTimersByTimeAsync(100);
    await read;
    expect(errors[0]?.name, 'a timeout is an Error named TimeoutError').toBe('TimeoutError');
    expect(errors[0]?.message).toMatch(/get/);
    expect(errors[0]?.message).toMatch(/timed out/);
  });
});

describe('a write Keyv answers with false is an L2 failure [ex4.tiered.fail-open]', () => {
  it("a set that Keyv reports as failed (false) counts as an L2 error with operation 'set'", async () => {
    const l2 = memoryKeyv<string>();
    l2.set = (async () => false) as typeof l2.set;
    const cache = new TieredCache<string>({ l2 });
    const operation = firstErrorOperation(cache);
    await cache.set('k', 'v');
    expect(cache.stats().l2Errors, 'Keyv answers false when its store failed the write').toBe(1);
    expect(operation()).toBe('set');
  });

  it('a delete that Keyv answers with false is not an error: the key was not there', async () => {
    const cache = new TieredCache<string>({ l2: memoryKeyv() });
    expect(await cache.delete('absent')).toBe(false);
    expect(cache.stats().l2Errors).toBe(0);
  });
});

describe('without l2, L1 does all the work [ex4.tiered.read-path]', () => {
  it('calls never count an L2 error nor change l2Status', async () => {
    const cache = new TieredCache<string>({});
    await cache.set('k', 'v');
    await cache.get('absent');
    await cache.has('absent');
    await cache.getOrCompute('c', () => 'computed');
    await cache.delete('k');
    await cache.clear();
    expect(cache.stats().l2Errors, 'there is no L2 to fail').toBe(0);
    expect(cache.l2Status).toBe('none');
  });

  it('close() resolves, even with throwOnL2Errors', async () => {
    await expect(new TieredCache<string>({ throwOnL2Errors: true }).close()).resolves.toBeUndefined();
  });

  it('set(key, undefined) deletes the key from both tiers', async () => {
    const l2 = memoryKeyv<string>();
    const cache = new TieredCache<string>({ l2 });
    await cache.set('k', 'v');
    await cache.set('k', undefined as unknown as string);
    expect(await cache.has('k')).toBe(false);
    expect(await l2.get('k')).toBeUndefined();
    expect(cache.stats().l2Errors, 'deleting is no L2 error').toBe(0);
  });
});

describe('getOrCompute stores only defined results [ex4.tiered.get-or-compute]', () => {
  it('a compute result of undefined is returned but written to neither tier', async () => {
    const { keyv, store } = fakeKeyv<string>();
    const cache = new TieredCache<string>({ l2: keyv });
    expect(await cache.getOrCompute('k', () => undefined as unknown as string)).toBeUndefined();
    expect(store.calls.set, 'undefined is not a value to store').toBe(0);
    expect(cache.stats().l2Errors).toBe(0);
  });

});

describe('an invalidation during the l2RetryMs rest is still sent [ex4.tiered.late-write]', () => {
  it('a clear() during the rest reaches L2 without being awaited', async () => {
    const clock = manualClock(1_000_000);
    const { keyv, store } = fakeKeyv<string>();
    const cache = new TieredCache<string>({ l2: keyv, now: clock.now, l2RetryMs: 1000 });
    store.mode = 'fail';
    await cache.get('unrelated');
    store.mode = 'up';
    await store.set('k', 'old');
    await cache.clear();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.data.size, 'L2 is resting after the failure, but a clear must still go out').toBe(0);
  });
});
