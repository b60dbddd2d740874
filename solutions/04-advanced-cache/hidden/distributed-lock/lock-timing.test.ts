import { afterEach, describe, expect, it, vi } from 'vitest';
import { TieredCache, type Lock } from '@impl';
import { memoryKeyv } from '../helpers/stores.js';

afterEach(() => {
  vi.useRealTimers();
});

/**
 * An in-memory lock on fake time, as Redis keeps one: held by a dead process until `freeAt` (ms of `Date.now()`),
 * then free for the first taker. Each acquire takes `acquireMs` of fake time, like a round trip to a busy Redis.
 */
function deadHoldersLock(freeAt: number, acquireMs = 0): Lock & { tokens: string[] } {
  const tokens: string[] = [];
  return {
    tokens,
    async acquire() {
      if (acquireMs > 0) await new Promise((resolve) => setTimeout(resolve, acquireMs));
      if (Date.now() < freeAt) return undefined;
      const token = `token-${tokens.length}`;
      tokens.push(token);
      return token;
    },
    async release() {
      return true;
    },
  };
}

/** Resolves to the fake time at which `call` settled, advancing fake time in small steps until it does. */
async function answeredAt(call: Promise<unknown>, limitMs: number): Promise<number | undefined> {
  let at: number | undefined;
  call.then(() => (at = Date.now()), () => (at = Date.now()));
  const start = Date.now();
  while (at === undefined && Date.now() - start < limitMs) await vi.advanceTimersByTimeAsync(5);
  return at === undefined ? undefined : at - start;
}

describe('the lock wait is measured in time, not in polls [ex4.distributed-lock.wait-limit]', () => {
  it('a waiter is still waiting 1 ms before lockWaitMs, and computes once it has passed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const cache = new TieredCache<string>({ l2: memoryKeyv(), lock: deadHoldersLock(Infinity), lockWaitMs: 1000, lockPollMs: 25 });
    let answer: string | undefined;
    cache.getOrCompute('k', async () => 'computed').then((value) => (answer = value), () => {});
    await vi.advanceTimersByTimeAsync(999);
    expect(answer, 'the holder still holds the lock, and lockWaitMs (1000 ms) has not passed: keep waiting').toBeUndefined();
    await vi.advanceTimersByTimeAsync(26);
    expect(answer, 'lockWaitMs has passed (and one more poll): the waiter computes without the lock').toBe('computed');
  });

  it('a waiter gives up after lockWaitMs of time even when every poll is slow', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    // Each lock attempt takes 100 ms: 40 polls of 25 ms would take 5 s, not 1 s.
    const cache = new TieredCache<string>({ l2: memoryKeyv(), lock: deadHoldersLock(Infinity, 100), lockWaitMs: 1000, lockPollMs: 25 });
    const at = await answeredAt(cache.getOrCompute('k', async () => 'computed'), 10_000);
    expect(at, 'the waiter never gave up').toBeDefined();
    expect(
      at!,
      `gave up after ${at} ms: lockWaitMs (1000) counts time on the clock, so the wait ends by lockWaitMs + one poll + one lock attempt (1125 ms), however slow each attempt is`,
    ).toBeLessThanOrEqual(1125);
    expect(at!).toBeGreaterThanOrEqual(1000);
  });
});

describe('waiters outlast a crashed holder\'s lock by default [ex4.distributed-lock.wait-margin]', () => {
  it.each([
    ['the defaults (lockTtlMs 10000)', {}, 10_000],
    ['lockTtlMs 3000 and no lockWaitMs', { lockTtlMs: 3000 }, 3000],
  ])('with %s, a lock freed 1 s after lockTtlMs is taken by the waiter, who computes holding it', async (_, options, lockTtlMs) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    // The dead holder's lock outlives lockTtlMs by 1 s (it was taken a moment before, on a clock running ahead).
    const lock = deadHoldersLock(Date.now() + lockTtlMs + 1000);
    const cache = new TieredCache<string>({ l2: memoryKeyv(), lock, lockPollMs: 25, ...options });
    let tokensWhenComputing = -1;
    const call = cache.getOrCompute('k', async () => {
      tokensWhenComputing = lock.tokens.length;
      return 'computed';
    });
    const at = await answeredAt(call, lockTtlMs + 10_000);
    expect(at, 'the waiter never answered').toBeDefined();
    expect(
      tokensWhenComputing,
      'by default lockWaitMs must be longer than lockTtlMs (with a margin), so the waiter takes the expired lock and computes holding it instead of giving up just before',
    ).toBe(1);
  });
});
