import { afterEach, describe, expect, it, vi } from 'vitest';
import { IdleTimer } from '../src/transport.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('IdleTimer: a stream times out after timeoutMs of silence, not of total time', () => {
  it('aborts exactly when ms pass without a touch', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const timer = new IdleTimer(100, controller);
    await vi.advanceTimersByTimeAsync(99);
    expect(controller.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(controller.signal.aborted).toBe(true);
    expect(timer.fired).toBe(true);
    expect(controller.signal.reason).toMatchObject({ name: 'TimeoutError' });
  });

  it('starts counting again at every touch, so data that keeps arriving never times out', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const timer = new IdleTimer(100, controller);
    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(99);
      timer.touch();
    }
    expect(controller.signal.aborted, '990 ms in total, never 100 ms of silence').toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(controller.signal.aborted).toBe(true);
  });

  it('never fires once stopped, and never at all for Infinity', async () => {
    vi.useFakeTimers();
    const stopped = new AbortController();
    new IdleTimer(100, stopped).stop();
    const endless = new AbortController();
    new IdleTimer(Infinity, endless);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(stopped.signal.aborted || endless.signal.aborted).toBe(false);
  });
});
