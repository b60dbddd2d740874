import { afterEach, describe, expect, it, vi } from 'vitest';
import { TieredCache } from '@impl';
import { manualClock } from '@workbook/testkit';
import { expectAnswerAtL2Timeout } from '../helpers/fake-time.js';
import { fakeKeyv } from '../helpers/stores.js';

afterEach(() => {
  vi.useRealTimers();
});

function setup(options: { throwOnL2Errors?: boolean; l2TimeoutMs?: number } = {}) {
  const clock = manualClock(1_000_000);
  const { keyv, store } = fakeKeyv<string>();
  const cache = new TieredCache<string>({ l2: keyv, now: clock.now, l2RetryMs: 1000, ...options });
  const errors: [Error, string][] = [];
  const recoveries: number[] = [];
  cache.on('error', (error, operation) => void errors.push([error, operation]));
  cache.on('recover', () => void recoveries.push(clock.now()));
  return { clock, store, cache, errors, recoveries };
}

describe('an L2 failure never reaches the caller [ex4.tiered.fail-open]', () => {
  it('an L2 error becomes a miss: getOrCompute() computes and answers', async () => {
    const { store, cache } = setup();
    store.mode = 'fail';
    expect(await cache.getOrCompute('k', async () => 'computed')).toBe('computed');
  });

  it('no operation rejects while L2 fails', async () => {
    const { store, cache } = setup();
    store.mode = 'fail';
    await expect(cache.set('k', 'v')).resolves.toBeUndefined();
    await expect(cache.get('k'), 'L1 still answers what set() put there').resolves.toBe('v');
    await expect(cache.get('other')).resolves.toBeUndefined();
    await expect(cache.has('other')).resolves.toBe(false);
    await expect(cache.delete('k')).resolves.toBe(true);
    await expect(cache.clear()).resolves.toBeUndefined();
  });

  it('does not crash when nobody listens for error events', async () => {
    const { keyv, store } = fakeKeyv<string>();
    const cache = new TieredCache<string>({ l2: keyv });
    store.mode = 'fail';
    await expect(cache.getOrCompute('k', async () => 'v')).resolves.toBe('v');
  });

  it('an L2 read error is a miss: get() answers undefined', async () => {
    const { store, cache } = setup();
    await store.set('k', 'in L2');
    store.mode = 'fail';
    expect(await cache.get('k'), 'L2 fails: get() answers "not found" instead of rejecting').toBeUndefined();
    expect(cache.stats().misses).toBe(1);
  });

  it('an L2 write error is skipped: set() still fills L1', async () => {
    const { store, cache } = setup();
    store.mode = 'fail';
    await cache.set('k', 'v');
    expect(store.data.size, 'the failed write did not reach L2').toBe(0);
    expect(await cache.get('k'), 'L1 holds the value').toBe('v');
  });
});

describe('an L2 without an answer times out after l2TimeoutMs [ex4.tiered.timeout]', () => {
  it('a hung L2 times out after l2TimeoutMs and the call goes on without it', async () => {
    vi.useFakeTimers();
    const { store, cache, errors } = setup({ l2TimeoutMs: 100 });
    store.mode = 'hang';
    await expectAnswerAtL2Timeout(cache.getOrCompute('k', async () => 'computed'), 100, 'computed');
    expect(errors).toHaveLength(1);
    expect(errors[0]![0].message).toMatch(/timed out/);
  });

  it('a hung L2 write does not hold up set() beyond l2TimeoutMs', async () => {
    vi.useFakeTimers();
    const { store, cache } = setup({ l2TimeoutMs: 50 });
    store.mode = 'hang';
    let done = false;
    cache.set('k', 'v').then(() => (done = true), () => {});
    await vi.advanceTimersByTimeAsync(50);
    expect(done).toBe(true);
  });
});

describe('one error event per outage, recover when it ends [ex4.tiered.outage-events]', () => {
  it('emits one error event per outage, not one per request', async () => {
    const { store, cache, errors, clock } = setup();
    store.mode = 'fail';
    for (let i = 0; i < 20; i++) {
      await cache.getOrCompute(`k${i}`, async () => 'v');
      clock.advance(250); // the outage spans several retry windows
    }
    expect(errors, '20 requests during one outage: exactly one error event').toHaveLength(1);
    expect(errors[0]![0]).toBeInstanceOf(Error);
    expect(errors[0]![1]).toBe('get');
    expect(cache.l2Status).toBe('down');
  });

  it('recovers: once L2 answers again, a recover event, status up, and L2 in use', async () => {
    const { store, cache, clock, errors, recoveries } = setup();
    store.mode = 'fail';
    await cache.get('a');
    store.mode = 'up';
    clock.advance(1000);
    await cache.set('k', 'v');
    expect(recoveries).toHaveLength(1);
    expect(cache.l2Status).toBe('up');
    expect(store.data.size, 'after recovery, writes reach L2 again').toBe(1);
    store.mode = 'fail';
    await cache.get('b');
    expect(errors, 'a second outage is reported again, once').toHaveLength(2);
  });

  it('reports the operation that failed', async () => {
    const { store, cache, errors } = setup();
    store.mode = 'fail';
    await cache.set('k', 'v');
    expect(errors.map(([, operation]) => operation)).toEqual(['set']);
  });

  it('l2Status is up while L2 answers, down during an outage', async () => {
    const { store, cache } = setup();
    expect(cache.l2Status, 'a fresh cache with an l2').toBe('up');
    await cache.get('k');
    expect(cache.l2Status).toBe('up');
    store.mode = 'fail';
    await cache.get('k');
    expect(cache.l2Status).toBe('down');
  });

  it('no recover event while L2 keeps answering', async () => {
    const { cache, recoveries } = setup();
    await cache.set('k', 'v');
    await cache.get('other');
    expect(recoveries, 'there was no outage to recover from').toEqual([]);
  });
});

describe('after a failure, L2 rests for l2RetryMs [ex4.tiered.retry]', () => {
  it('leaves L2 alone for l2RetryMs after a failure', async () => {
    const { store, cache, clock } = setup();
    store.mode = 'fail';
    await cache.get('a');
    const calls = store.calls.get;
    clock.advance(999);
    await cache.get('b');
    expect(store.calls.get, 'within l2RetryMs of a failure, L2 must not be asked').toBe(calls);
    clock.advance(1);
    await cache.get('c');
    expect(store.calls.get, 'after l2RetryMs, L2 is tried again').toBe(calls + 1);
  });

  it('is not held back by an earlier outage once L2 has recovered', async () => {
    const { store, cache, clock } = setup();
    store.mode = 'fail';
    await cache.get('a');
    store.mode = 'up';
    clock.advance(1000);
    await cache.get('b');
    const calls = store.calls.get;
    store.mode = 'fail';
    await cache.get('c');
    expect(store.calls.get, 'L2 had recovered: the next read asks it again').toBe(calls + 1);
  });
});

describe('stats().l2Errors counts failed L2 operations [ex4.tiered.stats]', () => {
  it('counts every failed L2 operation in stats().l2Errors', async () => {
    const { store, cache, clock } = setup();
    store.mode = 'fail';
    await cache.get('a');
    clock.advance(1000);
    await cache.get('b');
    expect(cache.stats().l2Errors).toBe(2);
  });
});

describe('throwOnL2Errors lets L2 errors through [ex4.tiered.throw-on-l2-errors]', () => {
  it('with throwOnL2Errors, the caller sees the L2 error', async () => {
    const { store, cache } = setup({ throwOnL2Errors: true });
    store.mode = 'fail';
    await expect(cache.get('k')).rejects.toThrow('L2 is down');
  });

  it('with throwOnL2Errors, a failed write rejects too', async () => {
    const { store, cache } = setup({ throwOnL2Errors: true });
    store.mode = 'fail';
    await expect(cache.set('k', 'v')).rejects.toThrow('L2 is down');
  });

  it('with throwOnL2Errors, L2 is asked every time, even right after a failure', async () => {
    const { store, cache } = setup({ throwOnL2Errors: true });
    store.mode = 'fail';
    await cache.get('a').catch(() => {});
    await expect(cache.get('b'), 'the second call must not be answered as a miss').rejects.toThrow('L2 is down');
  });
});

describe('compute errors always reach the caller [ex4.tiered.compute-errors]', () => {
  it('a compute error still reaches the caller (only L2 errors are hidden)', async () => {
    const { store, cache } = setup();
    store.mode = 'fail';
    await expect(cache.getOrCompute('k', async () => Promise.reject(new Error('upstream')))).rejects.toThrow('upstream');
  });
});
