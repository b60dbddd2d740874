import { afterEach, describe, expect, it, vi } from 'vitest';
import { TTLCache } from '@impl';
import { manualClock } from '@workbook/testkit';

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('purgeExpired() removes every expired entry and counts them [ex1.ttl-cache.purge]', () => {
  it('removes every entry with expiresAt <= now() and returns how many', () => {
    const clock = manualClock();
    const cache = new TTLCache<number>({ now: clock.now });
    cache.set('a', 1, 10);
    cache.set('b', 2, 20);
    cache.set('c', 3, 30);
    cache.set('d', 4);
    clock.set(20);
    expect(cache.purgeExpired(), 'at t=20, "a" (ttl 10) and "b" (ttl 20) have expired').toBe(2);
    expect(cache.size, '"c" and "d" remain').toBe(2);
    expect(cache.get('c')).toBe(3);
  });

  it('returns 0 when nothing has expired', () => {
    const clock = manualClock();
    const cache = new TTLCache<number>({ ttlMs: 100, now: clock.now });
    cache.set('a', 1);
    clock.set(99);
    expect(cache.purgeExpired(), 'at t=99 the entry written at 0 with ttlMs=100 is still live').toBe(0);
    expect(cache.size).toBe(1);
  });
});

describe('sweepIntervalMs purges in the background on one setInterval [ex1.ttl-cache.sweep]', () => {
  it('purges every sweepIntervalMs, without any get()', () => {
    vi.useFakeTimers({ now: 0 });
    const cache = new TTLCache<number>({ ttlMs: 100, sweepIntervalMs: 1000, now: () => Date.now() });
    cache.set('a', 1);
    vi.advanceTimersByTime(999);
    expect(cache.size, 'no sweep has run yet at t=999').toBe(1);
    vi.advanceTimersByTime(1);
    expect(cache.size, 'the sweep at t=1000 must remove the entry that expired at t=100, without any get()').toBe(0);
    cache.set('b', 2);
    vi.advanceTimersByTime(1000);
    expect(cache.size, 'the sweep runs again every 1000 ms: at t=2000 it removes "b", written at t=1000 with ttlMs=100').toBe(0);
    cache.close();
  });

  it('uses one setInterval and unrefs it, so it never keeps the process alive', () => {
    const created: { unrefCalled?: boolean }[] = [];
    const real = globalThis.setInterval;
    vi.spyOn(globalThis, 'setInterval').mockImplementation(((fn: () => void, ms?: number) => {
      const timer = real(fn, ms) as unknown as { unref: () => unknown; unrefCalled?: boolean };
      const unref = timer.unref.bind(timer);
      timer.unref = () => {
        timer.unrefCalled = true;
        return unref();
      };
      created.push(timer);
      return timer;
    }) as typeof setInterval);
    const cache = new TTLCache<number>({ sweepIntervalMs: 60_000 });
    vi.restoreAllMocks();
    cache.close();
    expect(created.length, 'the sweep uses exactly one setInterval').toBe(1);
    expect(created[0]?.unrefCalled, 'call .unref() on the sweep timer').toBe(true);
  });
});

describe('without sweepIntervalMs the cache starts no timer [ex1.ttl-cache.no-timer]', () => {
  it('leaves no timer pending after construction and use', () => {
    vi.useFakeTimers({ now: 0 });
    const cache = new TTLCache<number>({ ttlMs: 100, now: () => 0 });
    cache.set('a', 1);
    cache.get('a');
    expect(vi.getTimerCount(), 'a cache without sweepIntervalMs must not start a timer').toBe(0);
  });
});

describe('close() stops the sweep and leaves the cache usable [ex1.ttl-cache.close]', () => {
  it('runs no purge after close() and leaves no timer', () => {
    vi.useFakeTimers({ now: 0 });
    const cache = new TTLCache<number>({ ttlMs: 100, sweepIntervalMs: 1000, now: () => Date.now() });
    cache.set('a', 1);
    cache.close();
    vi.advanceTimersByTime(5000);
    expect(cache.size, 'after close() no sweep may run; the expired entry stays until seen').toBe(1);
    expect(vi.getTimerCount(), 'close() must clear the sweep timer').toBe(0);
  });

  it('keeps working after close()', () => {
    const clock = manualClock();
    const cache = new TTLCache<number>({ ttlMs: 100, sweepIntervalMs: 1000, now: clock.now });
    cache.close();
    cache.set('a', 1);
    expect(cache.get('a'), 'set() and get() work after close()').toBe(1);
    clock.set(100);
    expect(cache.get('a'), 'and entries still expire').toBeUndefined();
  });

  it('is harmless on a cache without a sweep', () => {
    const cache = new TTLCache<number>();
    expect(() => cache.close(), 'close() with no sweep running does nothing').not.toThrow();
  });
});
