import { afterEach, describe, expect, it, vi } from 'vitest';
import { TieredCache } from '@impl';
import { fakeKeyv } from '../helpers/stores.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('close() disconnects L2, within l2TimeoutMs [ex4.configuration.close]', () => {
  it('close() disconnects L2', async () => {
    const { keyv } = fakeKeyv<string>();
    const disconnect = vi.spyOn(keyv, 'disconnect').mockResolvedValue(undefined);
    const cache = new TieredCache<string>({ l2: keyv });
    await cache.close();
    expect(disconnect, 'close() must call l2.disconnect()').toHaveBeenCalledTimes(1);
  });

  it('close() gives up on a disconnect that hangs after l2TimeoutMs', async () => {
    vi.useFakeTimers();
    const { keyv } = fakeKeyv<string>();
    vi.spyOn(keyv, 'disconnect').mockReturnValue(new Promise<void>(() => {}));
    const cache = new TieredCache<string>({ l2: keyv, l2TimeoutMs: 100 });
    let closed = false;
    cache.close().then(() => (closed = true), () => {});
    await vi.advanceTimersByTimeAsync(99);
    expect(closed, 'before l2TimeoutMs, close() still waits for the disconnect').toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(closed, 'at l2TimeoutMs, close() gives up and resolves').toBe(true);
  });

  it('close() does not change l2Status, and a failed disconnect does not reject', async () => {
    const { keyv } = fakeKeyv<string>();
    vi.spyOn(keyv, 'disconnect').mockRejectedValue(new Error('already closed'));
    const cache = new TieredCache<string>({ l2: keyv });
    const errors: Error[] = [];
    cache.on('error', (error) => void errors.push(error));
    await expect(cache.close()).resolves.toBeUndefined();
    expect(cache.l2Status, 'closing is not an outage').toBe('up');
    expect(errors).toEqual([]);
  });

  it('with throwOnL2Errors, a failed disconnect rejects', async () => {
    const { keyv } = fakeKeyv<string>();
    vi.spyOn(keyv, 'disconnect').mockRejectedValue(new Error('already closed'));
    const cache = new TieredCache<string>({ l2: keyv, throwOnL2Errors: true });
    await expect(cache.close()).rejects.toThrow('already closed');
  });

  it('without l2, close() does nothing and resolves', async () => {
    await expect(new TieredCache<string>().close()).resolves.toBeUndefined();
  });
});
