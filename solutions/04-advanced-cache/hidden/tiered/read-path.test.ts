import { afterEach, describe, expect, it, vi } from 'vitest';
import { TieredCache } from '@impl';
import { fakeKeyv, memoryKeyv } from '../helpers/stores.js';

afterEach(() => {
  vi.useRealTimers();
});

/** Two app instances: their own L1s, one shared L2. */
function twoInstances(options: { ttlMs?: number; l1TtlMs?: number } = {}) {
  const l2 = memoryKeyv<string>();
  return { l2, a: new TieredCache<string>({ l2, ...options }), b: new TieredCache<string>({ l2, ...options }) };
}

describe('TieredCache read path: L1, then L2 [ex4.tiered.read-path]', () => {
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

  it('L1 keeps to its own l1 bounds', async () => {
    const { l2 } = twoInstances();
    const cache = new TieredCache<string>({ l2, l1: { maxSize: 10, sizeOf: (value) => value.length } });
    await cache.set('a', 'x'.repeat(8));
    await cache.set('b', 'y'.repeat(8));
    expect(await cache.get('a'), 'a left L1 (8 + 8 > maxSize 10) but L2 still has it').toBe('x'.repeat(8));
    expect(cache.stats()).toMatchObject({ l1Hits: 0, l2Hits: 1 });
  });

  it('get() reads L1 first: L2 is not asked for a key L1 holds', async () => {
    const { keyv, store } = fakeKeyv<string>();
    const cache = new TieredCache<string>({ l2: keyv });
    await cache.set('k', 'v');
    const reads = store.calls.get;
    expect(await cache.get('k')).toBe('v');
    expect(await cache.has('k')).toBe(true);
    expect(store.calls.get + store.calls.has, 'an L1 hit must not cost an L2 round trip').toBe(reads);
  });

  it('has() is false for a key in neither tier', async () => {
    const { a } = twoInstances();
    expect(await a.has('nope')).toBe(false);
  });
});

describe('getOrCompute(): L1 → L2 → one compute [ex4.tiered.get-or-compute]', () => {
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

  it('getOrCompute() answers from L1 without computing', async () => {
    const { a } = twoInstances();
    await a.set('k', 'v');
    const compute = vi.fn(async () => 'computed');
    expect(await a.getOrCompute('k', compute)).toBe('v');
    expect(compute).not.toHaveBeenCalled();
  });

  it('getOrCompute() checks its arguments', async () => {
    const { a } = twoInstances();
    await expect(a.getOrCompute(1 as unknown as string, async () => 'v')).rejects.toThrow(TypeError);
    await expect(a.getOrCompute('k', 'v' as never)).rejects.toThrow('`compute`');
  });
});

describe('stats() counts every read once [ex4.tiered.stats]', () => {
  it('get() of a key in neither tier is a miss', async () => {
    const { a } = twoInstances();
    expect(await a.get('nope')).toBeUndefined();
    expect(a.stats()).toMatchObject({ l1Hits: 0, l2Hits: 0, misses: 1 });
  });

  it('counts an L1 hit, an L2 hit and a miss once each', async () => {
    const { a, b } = twoInstances();
    await a.set('k', 'v');
    await b.get('k');
    await b.get('k');
    await b.get('nope');
    expect(b.stats()).toEqual({ l1Hits: 1, l2Hits: 1, misses: 1, l2Errors: 0 });
  });

  it('a getOrCompute() miss with a healthy L2 counts a miss and no L2 error', async () => {
    const { a } = twoInstances();
    await a.getOrCompute('k', async () => 'v');
    expect(a.stats()).toEqual({ l1Hits: 0, l2Hits: 0, misses: 1, l2Errors: 0 });
    expect(a.l2Status).toBe('up');
  });

  it('stats() returns a copy: changing it does not change the counters', async () => {
    const { a } = twoInstances();
    const stats = a.stats();
    stats.misses = 99;
    expect(a.stats().misses).toBe(0);
  });
});

describe('a promoted entry keeps its remaining time to live [ex4.tiered.promotion-ttl]', () => {
  it('a promoted entry is still in L1 one millisecond before its L2 expiry', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 1_000_000 });
    const { l2, a, b } = twoInstances();
    await a.set('k', 'v', 1000);
    vi.setSystemTime(1_000_600);
    expect(await b.get('k')).toBe('v');
    await l2.delete('k'); // from now on only b's L1 copy answers
    vi.setSystemTime(1_000_999);
    expect(await b.get('k'), 'written with ttlMs=1000 at t0, promoted at t0+600: still in L1 at t0+999').toBe('v');
  });

  it('a promoted entry leaves L1 when its L2 expiry passes, not a full ttl after the promotion', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 1_000_000 });
    const { l2, a, b } = twoInstances();
    await a.set('k', 'v', 1000);
    vi.setSystemTime(1_000_600);
    expect(await b.get('k')).toBe('v');
    await l2.delete('k');
    vi.setSystemTime(1_001_000);
    expect(await b.get('k'), 'written with ttlMs=1000 at t0, promoted at t0+600: gone at t0+1000, not at t0+1600').toBeUndefined();
  });

  it('getOrCompute() promotes an L2 value for its remaining time to live too', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 1_000_000 });
    const { l2, a, b } = twoInstances();
    await a.set('k', 'v', 1000);
    vi.setSystemTime(1_000_600);
    expect(await b.getOrCompute('k', async () => 'computed')).toBe('v');
    await l2.delete('k');
    vi.setSystemTime(1_000_999);
    expect(await b.get('k'), 'still in L1 at t0+999').toBe('v');
    vi.setSystemTime(1_001_000);
    expect(await b.get('k'), 'gone at t0+1000').toBeUndefined();
  });

  it('an L2 entry whose expiry has passed by now() is a miss, not a hit', async () => {
    const l2 = memoryKeyv<string>();
    await l2.set('k', 'v', 5000); // Keyv stamps its expiry from Date.now()
    const ahead = new TieredCache<string>({ l2, now: () => Date.now() + 10_000 });
    expect(await ahead.get('k'), 'by this cache\'s clock the entry expired 5 s ago').toBeUndefined();
    expect(ahead.stats().misses).toBe(1);
  });
});

describe('l1TtlMs caps how long L1 keeps an entry [ex4.tiered.l1-ttl]', () => {
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

  it('l1TtlMs caps what set() and getOrCompute() put in L1, while L2 keeps the full ttl', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 0 });
    const { keyv, store } = fakeKeyv<string>();
    const cache = new TieredCache<string>({ l2: keyv, l1TtlMs: 100, ttlMs: 10_000 });
    await cache.set('written', 'w');
    await cache.getOrCompute('computed', async () => 'c');
    vi.setSystemTime(99);
    const reads = store.calls.get;
    expect([await cache.get('written'), await cache.get('computed')]).toEqual(['w', 'c']);
    expect(store.calls.get, 'at t=99 L1 still answers both').toBe(reads);
    vi.setSystemTime(100);
    expect([await cache.get('written'), await cache.get('computed')], 'at t=100 L1 has let go, L2 answers').toEqual(['w', 'c']);
    expect(store.calls.get, 'both reads went to L2').toBe(reads + 2);
  });
});

describe('entries expire from both tiers with their ttlMs [ex4.tiered.l2-ttl]', () => {
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

  it('a ttlMs given to getOrCompute() reaches both tiers', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 0 });
    const { a, b } = twoInstances();
    await a.getOrCompute('k', async () => 'v', { ttlMs: 500 });
    vi.setSystemTime(499);
    expect(await b.get('k'), 'L2 still has it at t=499').toBe('v');
    vi.setSystemTime(500);
    expect(await a.get('k')).toBeUndefined();
    expect(await b.get('k')).toBeUndefined();
  });

  it('the cache-wide ttlMs applies when a call gives none', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 0 });
    const { a, b } = twoInstances({ ttlMs: 300 });
    await a.set('k', 'v');
    vi.setSystemTime(299);
    expect(await b.get('k')).toBe('v');
    vi.setSystemTime(300);
    expect(await a.get('k')).toBeUndefined();
  });
});
