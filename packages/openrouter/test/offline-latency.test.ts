import { afterEach, describe, expect, it, vi } from 'vitest';
import { OfflineClient } from '../src/offline.js';
import type { ChatRequest } from '../src/types.js';

const request: ChatRequest = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello?' }] };

afterEach(() => {
  vi.useRealTimers();
});

function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

describe('OfflineClient latency', () => {
  it('by default waits 250 ms plus 6 ms per completion token', async () => {
    const { sleep, delays } = recordingSleep();
    const response = await new OfflineClient({ sleep }).chat(request);
    expect(delays).toEqual([250 + 6 * (response.usage?.completion_tokens ?? 0)]);
    expect(delays[0]).toBeGreaterThanOrEqual(300);
    expect(delays[0]).toBeLessThanOrEqual(1000);
  });

  it('waits a fixed latencyMs when given a number', async () => {
    const { sleep, delays } = recordingSleep();
    await new OfflineClient({ latencyMs: 123, sleep }).chat(request);
    expect(delays).toEqual([123]);
  });

  it('waits what a latencyMs function returns for the request', async () => {
    const { sleep, delays } = recordingSleep();
    const latencyMs = (r: ChatRequest): number => r.messages.length * 10;
    await new OfflineClient({ latencyMs, sleep }).chat(request);
    expect(delays).toEqual([10]);
  });

  it('answers with latencyMs 0 without creating any timer', async () => {
    vi.useFakeTimers();
    const sleep = vi.fn(async () => {});
    const response = await new OfflineClient({ latencyMs: 0, sleep }).chat(request);
    expect(response.choices).toHaveLength(1);
    expect(sleep).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits out the latency on a real (fake-clocked) timer by default', async () => {
    vi.useFakeTimers();
    let settled = false;
    const pending = new OfflineClient({ latencyMs: 500 }).chat(request).then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(499);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await pending;
    expect(settled).toBe(true);
  });

  it.each([-1, Number.NaN, Infinity])('rejects latencyMs = %s with a RangeError naming it', (latencyMs) => {
    expect(() => new OfflineClient({ latencyMs })).toThrow(RangeError);
    expect(() => new OfflineClient({ latencyMs })).toThrow(/`latencyMs`/);
  });

  it('rejects a call when a latencyMs function returns a negative number', async () => {
    const offline = new OfflineClient({ latencyMs: () => -5 });
    await expect(offline.chat(request)).rejects.toThrow(/`latencyMs`/);
  });

  it('rejects non-function sleep and now options with a TypeError naming them', () => {
    expect(() => new OfflineClient({ sleep: 5 as never })).toThrow(/`sleep`/);
    expect(() => new OfflineClient({ now: 'today' as never })).toThrow(/`now`/);
  });
});

describe('OfflineClient abort', () => {
  it('rejects with code aborted, without counting a call, when the signal is already aborted', async () => {
    const offline = new OfflineClient({ latencyMs: 0 });
    await expect(offline.chat(request, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'OpenRouterError',
      code: 'aborted',
    });
    expect(offline.calls).toBe(0);
  });

  it('rejects at once when aborted during the latency, without waiting it out', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const pending = new OfflineClient({ latencyMs: 60_000 }).chat(request, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'aborted', retryable: false });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once even when an injected sleep ignores the signal', async () => {
    const controller = new AbortController();
    const sleep = (): Promise<void> => new Promise(() => {});
    const pending = new OfflineClient({ sleep }).chat(request, { signal: controller.signal });
    controller.abort(new Error('user left'));
    const error = await pending.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'aborted', cause: new Error('user left') });
  });
});
