import { afterEach, describe, expect, it, vi } from 'vitest';
import { TTLCache } from '@impl';
import { manualClock } from '@workbook/testkit';

describe('purging expired entries', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('removes every expired entry and returns how many', () => {
    const clock = manualClock();
    const cache = new TTLCache<number>({ now: clock.now });
    cache.set('a', 1, 10);
    cache.set('b', 2, 20);
    cache.set('c', 3, 30);
    cache.set('d', 4);
    clock.set(20);
    expect(cache.purgeExpired(), 'at t=20, "a" (ttl 10) and "b" (ttl 20) have expired').toBe(2);
    expect(cache.size).toBe(2);
    expect(cache.get('c')).toBe(3);
  });

  it('returns 0 when nothing has expired', () => {
    const clock = manualClock();
    const cache = new TTLCache<number>({ ttlMs: 100, now: clock.now });
    cache.set('a', 1);
    clock.set(99);
    expect(cache.purgeExpired()).toBe(0);
    expect(cache.size).toBe(1);
  });

  it('sweeps expired entries in the background when sweepIntervalMs is set', () => {
    vi.useFakeTimers({ now: 0 });
    const cache = new TTLCache<number>({ ttlMs: 100, sweepIntervalMs: 1000, now: () => Date.now() });
    cache.set('a', 1);
    vi.advanceTimersByTime(999);
    expect(cache.size, 'no sweep has run yet at t=999').toBe(1);
    vi.advanceTimersByTime(1);
    expect(cache.size, 'the sweep at t=1000 must remove the entry that expired at t=100, without any get()').toBe(0);
    cache.close();
  });

  it('stops sweeping after close()', () => {
    vi.useFakeTimers({ now: 0 });
    const cache = new TTLCache<number>({ ttlMs: 100, sweepIntervalMs: 1000, now: () => Date.now() });
    cache.set('a', 1);
    cache.close();
    vi.advanceTimersByTime(5000);
    expect(cache.size, 'after close() no sweep may run; the expired entry stays until seen').toBe(1);
    expect(vi.getTimerCount(), 'close() must clear the sweep timer').toBe(0);
  });

  it('starts no timer without sweepIntervalMs', () => {
    vi.useFakeTimers({ now: 0 });
    const cache = new TTLCache<number>({ ttlMs: 100, now: () => 0 });
    cache.set('a', 1);
    expect(vi.getTimerCount(), 'a cache without sweepIntervalMs must not start a timer').toBe(0);
  });

  it('unrefs its sweep timer so it never keeps the process alive', () => {
    const created: { unref: () => unknown; unrefCalled?: boolean }[] = [];
    const real = globalThis.setInterval;
    const spy = vi.spyOn(globalThis, 'setInterval').mockImplementation(((fn: () => void, ms?: number) => {
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
    spy.mockRestore();
    cache.close();
    expect(created.length, 'the sweep uses setInterval').toBe(1);
    expect(created[0]?.unrefCalled, 'call .unref() on the sweep timer').toBe(true);
  });
});
