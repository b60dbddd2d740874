import { describe, expect, it } from 'vitest';
import { LRUCache } from '@impl';
import { manualClock } from '@workbook/testkit';

describe('an entry lives exactly ttlMs [ex4.lru.ttl]', () => {
  it('keeps an entry until one millisecond before its ttl elapses', () => {
    const clock = manualClock();
    const cache = new LRUCache<string>({ maxEntries: 10, ttlMs: 1000, now: clock.now });
    cache.set('k', 'v');
    clock.set(999);
    expect(cache.get('k'), 'written at t=0 with ttlMs=1000, the entry must still be there at t=999').toBe('v');
  });

  it('forgets an entry exactly when its ttl elapses', () => {
    const clock = manualClock();
    const cache = new LRUCache<string>({ maxEntries: 10, ttlMs: 1000, now: clock.now });
    cache.set('k', 'v');
    clock.set(1000);
    expect(cache.get('k'), 'written at t=0 with ttlMs=1000, the entry must be gone at t=1000').toBeUndefined();
    expect(cache.size, 'an expired entry is removed when seen').toBe(0);
  });

  it.each([
    ['peek', (c: LRUCache<string>) => c.peek('k')],
    ['has', (c: LRUCache<string>) => c.has('k') || undefined],
  ])('%s() treats an expired entry as absent', (_name, read) => {
    const clock = manualClock();
    const cache = new LRUCache<string>({ maxEntries: 10, ttlMs: 50, now: clock.now });
    cache.set('k', 'v');
    clock.set(50);
    expect(read(cache)).toBeUndefined();
  });

  it('a per-entry ttlMs overrides the default', () => {
    const clock = manualClock();
    const cache = new LRUCache<string>({ maxEntries: 10, now: clock.now });
    cache.set('short', 'v', 10);
    cache.set('forever', 'v');
    clock.set(10);
    expect(cache.get('short')).toBeUndefined();
    clock.set(1e12);
    expect(cache.get('forever'), 'without ttlMs and no default, an entry never expires').toBe('v');
  });

  it('a cache default ttlMs is used when set() gives none', () => {
    const clock = manualClock();
    const cache = new LRUCache<string>({ maxEntries: 10, ttlMs: 100, now: clock.now });
    cache.set('k', 'v');
    clock.set(99);
    expect(cache.peek('k'), 'written at t=0 with the default ttlMs=100: still there at t=99').toBe('v');
    clock.set(100);
    expect(cache.peek('k'), 'and gone at t=100').toBeUndefined();
  });

  it('an entry set without a ttl never expires, even in room an expiring entry used before', () => {
    const clock = manualClock();
    const cache = new LRUCache<string>({ maxEntries: 10, now: clock.now });
    cache.set('a', 'short', 10);
    cache.delete('a');
    cache.set('b', 'forever');
    cache.set('c', 'short', 10);
    cache.set('c', 'forever now');
    clock.set(1e9);
    expect([cache.get('b'), cache.get('c')]).toEqual(['forever', 'forever now']);
  });

  it('entries past the first thousand expire too', () => {
    const clock = manualClock();
    const cache = new LRUCache<number>({ maxEntries: 3000, ttlMs: 10, now: clock.now });
    for (let i = 0; i < 2000; i++) cache.set(`k${i}`, i);
    clock.set(10);
    expect(cache.get('k1999'), 'written at t=0 with ttlMs=10').toBeUndefined();
  });

  it('iteration skips expired entries', () => {
    const clock = manualClock();
    const cache = new LRUCache<string>({ maxEntries: 10, now: clock.now });
    cache.set('old', 'o', 10);
    cache.set('new', 'n');
    clock.set(9);
    expect([...cache.keys()], 'at t=9 the entry with ttlMs=10 is still live').toEqual(['new', 'old']);
    clock.set(10);
    expect([...cache.keys()]).toEqual(['new']);
    expect([...cache.values()]).toEqual(['n']);
    expect([...cache.entries()]).toEqual([['new', 'n']]);
  });
});

describe('reads refresh recency, not the time to live [ex4.lru.ttl-refresh]', () => {
  it('get() refreshes recency but not the time to live', () => {
    const clock = manualClock();
    const cache = new LRUCache<string>({ maxEntries: 10, ttlMs: 100, now: clock.now });
    cache.set('k', 'v');
    clock.set(90);
    cache.get('k');
    clock.set(100);
    expect(cache.get('k'), 'a read at t=90 must not extend an entry written at t=0 with ttlMs=100').toBeUndefined();
  });

  it('set() of an existing key restarts its time to live', () => {
    const clock = manualClock();
    const cache = new LRUCache<string>({ maxEntries: 10, ttlMs: 100, now: clock.now });
    cache.set('k', 'v1');
    clock.set(90);
    cache.set('k', 'v2');
    clock.set(189);
    expect(cache.get('k')).toBe('v2');
  });

});

describe('the clock is read only for entries that can expire [ex4.lru.lazy-clock]', () => {
  it('does not read the clock at all when no entry can expire', () => {
    let reads = 0;
    const cache = new LRUCache<string>({ maxEntries: 2, now: () => ++reads });
    for (let i = 0; i < 10; i++) {
      cache.set(`k${i}`, 'v');
      cache.get(`k${i}`);
      cache.peek(`k${i}`);
      cache.has(`k${i - 1}`);
    }
    expect(reads, 'with ttlMs Infinity, get/set/peek/has must not call now()').toBe(0);
  });
});
