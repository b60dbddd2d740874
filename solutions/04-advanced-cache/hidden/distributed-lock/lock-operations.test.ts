import { afterEach, describe, expect, it, vi } from 'vitest';
import { TieredCache } from '@impl';
import { manualClock } from '@workbook/testkit';
import { memoryKeyv } from '../helpers/stores.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A lock the test scripts: `acquire` and `release` answer what the test says, and are counted. */
function scriptedLock(behaviour: { acquire?: () => Promise<string | undefined>; release?: () => Promise<boolean> } = {}) {
  const calls = { acquire: 0, release: [] as unknown[] };
  const lock = {
    acquire: async () => {
      calls.acquire++;
      return (behaviour.acquire ?? (async () => 'token'))();
    },
    release: async (_key: string, token: string) => {
      calls.release.push(token);
      return (behaviour.release ?? (async () => true))();
    },
  };
  return { lock, calls };
}

/** The operation named by the first `error` event of `cache`. */
function firstErrorOperation(cache: TieredCache<string>): () => string | undefined {
  let operation: string | undefined;
  cache.on('error', (_error, op) => void (operation ??= op));
  return () => operation;
}

describe('a lock that fails is an L2 failure, reported as \'lock\' or \'unlock\' [ex4.distributed-lock.holder]', () => {
  it("a lock that cannot be taken reports 'lock', and the caller computes without it", async () => {
    const { lock, calls } = scriptedLock({ acquire: async () => Promise.reject(new Error('lock refused')) });
    const cache = new TieredCache<string>({ l2: memoryKeyv(), lock });
    const operation = firstErrorOperation(cache);
    expect(await cache.getOrCompute('k', () => 'computed')).toBe('computed');
    expect(operation()).toBe('lock');
    expect(calls.release, 'no lock was taken, so none is released').toEqual([]);
  });

  it("a lock that cannot be released after the compute reports 'unlock'", async () => {
    const { lock } = scriptedLock({ release: async () => Promise.reject(new Error('release refused')) });
    const cache = new TieredCache<string>({ l2: memoryKeyv(), lock });
    const operation = firstErrorOperation(cache);
    expect(await cache.getOrCompute('k', () => 'computed')).toBe('computed');
    expect(operation()).toBe('unlock');
  });

  it("a lock taken just after another process stored the value is released, and a failed release reports 'unlock'", async () => {
    const l2 = memoryKeyv<string>();
    let reads = 0;
    const getRaw = l2.getRaw.bind(l2);
    l2.getRaw = (async (key: string) => (++reads === 1 ? undefined : getRaw(key))) as typeof l2.getRaw;
    await l2.set('k', 'from the previous holder');
    const { lock, calls } = scriptedLock({ release: async () => Promise.reject(new Error('release refused')) });
    const cache = new TieredCache<string>({ l2, lock });
    const operation = firstErrorOperation(cache);
    expect(await cache.getOrCompute('k', () => 'computed'), 'the second read after taking the lock finds the holder\'s value').toBe('from the previous holder');
    expect(calls.release, 'the lock taken for nothing is given back').toEqual(['token']);
    expect(operation()).toBe('unlock');
  });
});

describe('the lock guards computes only [ex4.distributed-lock.holder]', () => {
  it('an L2 hit takes no lock', async () => {
    const l2 = memoryKeyv<string>();
    await l2.set('k', 'in L2');
    const { lock, calls } = scriptedLock();
    const cache = new TieredCache<string>({ l2, lock });
    expect(await cache.getOrCompute('k', () => 'computed')).toBe('in L2');
    expect(calls.acquire, 'the lock guards computes; a value already in L2 needs none').toBe(0);
  });

  it('a waiter that finds the holder\'s value while polling uses it and stops trying the lock', async () => {
    vi.useFakeTimers();
    const clock = manualClock(0);
    const l2 = memoryKeyv<string>();
    const { lock, calls } = scriptedLock({ acquire: async () => undefined });
    const cache = new TieredCache<string>({ l2, lock, lockPollMs: 25, lockWaitMs: 60_000, now: clock.now });
    let computes = 0;
    const answer = cache.getOrCompute('k', () => String(++computes));
    await vi.advanceTimersByTimeAsync(0);
    await l2.set('k', 'from the holder');
    await vi.advanceTimersByTimeAsync(25);
    expect(await answer).toBe('from the holder');
    expect(computes).toBe(0);
    expect(calls.acquire, 'one attempt before the poll found the value').toBe(1);
  });
});
