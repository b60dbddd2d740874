import { describe, expect, it } from 'vitest';
import { TTLCache } from '@impl';
import { manualClock } from '@workbook/testkit';

describe('an entry lives exactly its time to live', () => {
  it('is still present one millisecond before its ttl elapses', () => {
    const clock = manualClock();
    const cache = new TTLCache<string>({ ttlMs: 1000, now: clock.now });
    cache.set('k', 'v');
    clock.set(999);
    expect(cache.get('k'), 'written at t=0 with ttlMs=1000, the entry must still be there at t=999').toBe('v');
  });

  it('is gone exactly when its ttl elapses', () => {
    const clock = manualClock();
    const cache = new TTLCache<string>({ ttlMs: 1000, now: clock.now });
    cache.set('k', 'v');
    clock.set(1000);
    expect(cache.get('k'), 'written at t=0 with ttlMs=1000, the entry must be gone at t=1000 (expired when now >= expiresAt)').toBeUndefined();
  });

  it('measures the ttl from the time of the write, not from the cache creation', () => {
    const clock = manualClock(5_000);
    const cache = new TTLCache<string>({ ttlMs: 100, now: clock.now });
    clock.set(7_000);
    cache.set('k', 'v');
    clock.set(7_099);
    expect(cache.get('k'), 'written at t=7000 with ttlMs=100: present at t=7099').toBe('v');
    clock.set(7_100);
    expect(cache.get('k'), 'written at t=7000 with ttlMs=100: gone at t=7100').toBeUndefined();
  });

  it('lets a per-entry ttl override the default ttl', () => {
    const clock = manualClock();
    const cache = new TTLCache<string>({ ttlMs: 1000, now: clock.now });
    cache.set('short', 'v', 10);
    cache.set('long', 'v', 5000);
    clock.set(1000);
    expect(cache.get('short'), 'set with ttlMs=10 at t=0: gone at t=1000').toBeUndefined();
    expect(cache.get('long'), 'set with ttlMs=5000 at t=0: still present at t=1000, whatever the default').toBe('v');
  });

  it('never expires entries when no ttl is configured', () => {
    const clock = manualClock();
    const cache = new TTLCache<string>({ now: clock.now });
    cache.set('k', 'v');
    clock.set(Number.MAX_SAFE_INTEGER);
    expect(cache.get('k'), 'with no ttlMs option, entries never expire').toBe('v');
  });

  it('never expires an entry set with ttlMs = Infinity', () => {
    const clock = manualClock();
    const cache = new TTLCache<string>({ ttlMs: 10, now: clock.now });
    cache.set('k', 'v', Infinity);
    clock.set(1e15);
    expect(cache.get('k'), 'ttlMs=Infinity means never expires').toBe('v');
  });

  it('restarts the ttl when a key is written again', () => {
    const clock = manualClock();
    const cache = new TTLCache<string>({ ttlMs: 100, now: clock.now });
    cache.set('k', 'old');
    clock.set(90);
    cache.set('k', 'new');
    clock.set(150);
    expect(cache.get('k'), 'rewritten at t=90 with ttlMs=100: present (with the new value) at t=150').toBe('new');
    clock.set(190);
    expect(cache.get('k'), 'rewritten at t=90 with ttlMs=100: gone at t=190').toBeUndefined();
  });

  it('reports an expired entry as absent from has()', () => {
    const clock = manualClock();
    const cache = new TTLCache<string>({ ttlMs: 50, now: clock.now });
    cache.set('k', 'v');
    expect(cache.has('k')).toBe(true);
    clock.set(50);
    expect(cache.has('k'), 'has() must not report an expired entry').toBe(false);
  });

  it('removes an expired entry when get() sees it', () => {
    const clock = manualClock();
    const cache = new TTLCache<string>({ ttlMs: 50, now: clock.now });
    cache.set('a', 'v');
    cache.set('b', 'v', Infinity);
    clock.set(50);
    cache.get('a');
    expect(cache.size, 'after get() found "a" expired, it must be removed: only "b" remains').toBe(1);
  });

  it('removes an expired entry when has() sees it', () => {
    const clock = manualClock();
    const cache = new TTLCache<string>({ ttlMs: 50, now: clock.now });
    cache.set('a', 'v');
    clock.set(50);
    cache.has('a');
    expect(cache.size, 'after has() found "a" expired, it must be removed').toBe(0);
  });

  it('does not count deleting an expired entry as removing a live one', () => {
    const clock = manualClock();
    const cache = new TTLCache<string>({ ttlMs: 50, now: clock.now });
    cache.set('a', 'v');
    clock.set(50);
    expect(cache.delete('a'), 'delete() of an expired entry returns false: there was nothing live to remove').toBe(false);
    expect(cache.size).toBe(0);
  });
});
