import { Keyv } from 'keyv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TieredCache } from '@impl';

afterEach(() => {
  vi.useRealTimers();
});

/** A Keyv store that fails every call, or never answers. */
function brokenStore(mode: 'fail' | 'hang') {
  const broken = async (): Promise<never> => (mode === 'fail' ? Promise.reject(new Error('L2 down')) : new Promise<never>(() => {}));
  return { get: broken, set: broken, delete: broken, clear: broken, has: broken, on: () => undefined, opts: {} };
}

describe('Task 4 — tiered cache (public examples)', () => {
  it('writes both tiers, and another instance reads L2', async () => {
    const l2 = new Keyv<string>({ throwOnErrors: true });
    const a = new TieredCache<string>({ l2 });
    const b = new TieredCache<string>({ l2 });
    await a.set('k', 'v');
    expect(await l2.get('k')).toBe('v');
    expect(await b.get('k')).toBe('v');
    expect(b.stats()).toMatchObject({ l1Hits: 0, l2Hits: 1, misses: 0 });
  });

  it('a failing L2: the call computes, and one error event reports the outage', async () => {
    const cache = new TieredCache<string>({ l2: new Keyv<string>({ store: brokenStore('fail'), throwOnErrors: true }) });
    const errors: Error[] = [];
    cache.on('error', (error) => void errors.push(error));
    for (let i = 0; i < 5; i++) expect(await cache.getOrCompute(`k${i}`, async () => 'computed')).toBe('computed');
    expect(errors).toHaveLength(1);
    expect(cache.l2Status).toBe('down');
  });

  it('a hung L2 costs at most l2TimeoutMs', async () => {
    vi.useFakeTimers();
    const cache = new TieredCache<string>({ l2: new Keyv<string>({ store: brokenStore('hang'), throwOnErrors: true }), l2TimeoutMs: 100 });
    let answer: string | undefined;
    cache.getOrCompute('k', async () => 'computed').then((value) => (answer = value), () => {});
    await vi.advanceTimersByTimeAsync(100);
    expect(answer).toBe('computed');
  });
});
