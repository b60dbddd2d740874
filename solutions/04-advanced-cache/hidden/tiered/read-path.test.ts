import { afterEach, describe, expect, it, vi } from 'vitest';
import { TieredCache } from '@impl';
import { memoryKeyv } from '../helpers/stores.js';

afterEach(() => {
  vi.useRealTimers();
});

/** Two app instances: their own L1s, one shared L2. */
function twoInstances(options: { ttlMs?: number; l1TtlMs?: number } = {}) {
  const l2 = memoryKeyv<string>();
  return { l2, a: new TieredCache<string>({ l2, ...options }), b: new TieredCache<string>({ l2, ...options }) };
}

describe('TieredCache read path: L1 → L2 → compute', () => {
  it('set() writes both tiers', async () => {
    const { l2, a } = twoInstances();
    await a.set('k', 'v');
    expect(await l2.get('k'), 'L2 must hold what set() wrote').toBe('v');
    expect(await a.get('k')).toBe('v');
    expect(a.stats().l1Hits, 'the read after set() is answered by L1').toBe(1);
  });

  it('a value another instance wrote is read from L2, then promoted to L1', async () => {
    const { l2, a, b } = twoInstances();
    await a.set('k', 'v');
    expect(await b.get('k')).toBe('v');
    await l2.delete('k'); // behind b's back: only its L1 can answer now
    expect(await b.get('k'), 'after an L2 hit, the value must be in L1').toBe('v');
    expect(b.stats()).toMatchObject({ l2Hits: 1, l1Hits: 1, misses: 0 });
  });

  it('get() of a key in neither tier is a miss', async () => {
    const { a } = twoInstances();
    expect(await a.get('nope')).toBeUndefined();
    expect(a.stats()).toMatchObject({ l1Hits: 0, l2Hits: 0, misses: 1 });
  });

  it('getOrCompute() computes a key in neither tier and writes both', async () => {
    const { l2, a } = twoInstances();
    const compute = vi.fn(async () => 'computed');
    expect(await a.getOrCompute('k', compute)).toBe('computed');
    expect(await l2.get('k')).toBe('computed');
    expect(await a.getOrCompute('k', compute)).toBe('computed');
    expect(compute).toHaveBeenCalledTimes(1);
    expect(a.stats()).toMatchObject({ misses: 1, l1Hits: 1 });
  });

  it('getOrCompute() uses another instance\'s value from L2 instead of computing', async () => {
    const { a, b } = twoInstances();
    await a.getOrCompute('k', async () => 'from a');
    const compute = vi.fn(async () => 'from b');
    expect(await b.getOrCompute('k', compute)).toBe('from a');
    expect(compute).not.toHaveBeenCalled();
    expect(b.stats().l2Hits).toBe(1);
  });

  it('concurrent getOrCompute() callers in one instance share one compute', async () => {
    const { a } = twoInstances();
    const compute = vi.fn(async () => 'v');
    await Promise.all(Array.from({ length: 5 }, () => a.getOrCompute('k', compute)));
    expect(compute).toHaveBeenCalledTimes(1);
    expect(a.stats().misses, 'each caller is counted once: five misses served by one compute').toBe(5);
  });

  it('a promoted entry keeps only its remaining time to live in L1', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 1_000_000 });
    const { l2, a, b } = twoInstances();
    await a.set('k', 'v', 1000);
    vi.setSystemTime(1_000_600);
    expect(await b.get('k')).toBe('v');
    await l2.delete('k'); // from now on only b's L1 copy answers
    vi.setSystemTime(1_000_999);
    expect(await b.get('k'), 'written with ttlMs=1000 at t0, promoted at t0+600: still there at t0+999').toBe('v');
    vi.setSystemTime(1_001_000);
    expect(await b.get('k'), 'and gone at t0+1000, not at t0+1600').toBeUndefined();
  });

  it('an entry expires from both tiers with its ttlMs', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 0 });
    const { a, b } = twoInstances();
    await a.set('k', 'v', 500);
    vi.setSystemTime(499);
    expect(await a.get('k')).toBe('v');
    vi.setSystemTime(500);
    expect(await a.get('k')).toBeUndefined();
    expect(await b.get('k')).toBeUndefined();
  });

  it('entries without a ttl never expire in L2', async () => {
    const { l2, a } = twoInstances();
    await a.set('k', 'v');
    const raw = await l2.getRaw('k');
    expect(raw?.expires ?? undefined, 'ttlMs Infinity must reach Keyv as "no expiry"').toBeUndefined();
  });

  it('l1TtlMs caps how long L1 keeps an entry, so other instances\' changes show up', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 0 });
    const { a, b } = twoInstances({ l1TtlMs: 100 });
    await a.set('k', 'v1');
    expect(await b.get('k')).toBe('v1');
    await a.set('k', 'v2');
    vi.setSystemTime(99);
    expect(await b.get('k'), 'within l1TtlMs, b still answers from its L1 copy').toBe('v1');
    vi.setSystemTime(100);
    expect(await b.get('k'), 'after l1TtlMs, b reads L2 again').toBe('v2');
  });

  it('has() and delete() cover both tiers', async () => {
    const { l2, a, b } = twoInstances();
    await a.set('k', 'v');
    expect(await b.has('k'), 'b sees the key in L2').toBe(true);
    expect(await b.delete('k')).toBe(true);
    expect(await l2.has('k')).toBe(false);
    expect(await b.delete('k')).toBe(false);
  });

  it('clear() empties both tiers', async () => {
    const { l2, a } = twoInstances();
    await a.set('x', '1');
    await a.set('y', '2');
    await a.clear();
    expect(await a.get('x')).toBeUndefined();
    expect(await l2.get('y')).toBeUndefined();
  });

  it('works on L1 alone when no L2 is given', async () => {
    const cache = new TieredCache<string>();
    expect(cache.l2Status).toBe('none');
    expect(await cache.getOrCompute('k', async () => 'v')).toBe('v');
    expect(await cache.get('k')).toBe('v');
  });

  it('L1 is bounded by its own options', async () => {
    const { l2 } = twoInstances();
    const cache = new TieredCache<string>({ l2, l1: { maxEntries: 1 } });
    await cache.set('a', 'A');
    await cache.set('b', 'B');
    expect(await cache.get('a'), 'a left L1 (maxEntries 1) but L2 still has it').toBe('A');
    expect(cache.stats()).toMatchObject({ l2Hits: 1 });
  });
});
