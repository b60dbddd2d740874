import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The clock keeps its reading in module state: each test loads a fresh copy, under its own fake timers.
let coarseNow: () => number;

describe('coarseNow reads the system clock at most about once a millisecond', () => {
  beforeEach(async () => {
    vi.resetModules();
    ({ coarseNow } = await import('../src/clock.js'));
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('returns the current time', () => {
    vi.useFakeTimers({ now: 1_000 });
    vi.advanceTimersByTime(5);
    expect(coarseNow()).toBe(1_005);
  });

  it('reuses one reading within the same millisecond', () => {
    vi.useFakeTimers({ now: 0 });
    vi.advanceTimersByTime(10);
    const spy = vi.spyOn(Date, 'now');
    coarseNow();
    coarseNow();
    coarseNow();
    expect(spy.mock.calls.length, 'three reads, at most one clock reading').toBeLessThanOrEqual(1);
  });

  it('reads the clock again once its timer has fired', () => {
    vi.useFakeTimers({ now: 50_000 });
    const before = coarseNow();
    vi.advanceTimersByTime(3);
    expect(coarseNow()).toBe(before + 3);
  });

  it('reads the clock again after 1,024 uses, even if no timer could fire', () => {
    vi.useFakeTimers({ now: 90_000, toFake: ['Date'] });
    coarseNow();
    vi.setSystemTime(90_500);
    let last = 0;
    for (let i = 0; i < 1_100; i++) last = coarseNow();
    expect(last, 'a long synchronous loop must not see time stand still').toBe(90_500);
  });
});
