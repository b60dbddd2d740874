import { describe, expect, it } from 'vitest';
import { TTLCache } from '@impl';
import { manualClock } from '@workbook/testkit';

describe('an entry lives exactly its time to live [ex1.ttl-cache.boundary]', () => {
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
    expect(cache.get('k'), 'written at t=0 with ttlMs=1000, the entry must be gone at t=1000 (expired when now() >= expiresAt)').toBeUndefined();
  });
});

describe('the time to live counts from the write, not from the cache creation [ex1.ttl-cache.from-write]', () => {
  it('keeps an entry written at t=7000 with ttlMs=100 until t=7099 and drops it at t=7100', () => {
    const clock = manualClock(5_000);
    const cache = new TTLCache<string>({ ttlMs: 100, now: clock.now });
    clock.set(7_000);
    cache.set('k', 'v');
    clock.set(7_099);
    expect(cache.get('k'), 'written at t=7000 with ttlMs=100: present at t=7099').toBe('v');
    clock.set(7_100);
    expect(cache.get('k'), 'written at t=7000 with ttlMs=100: gone at t=7100').toBeUndefined();
  });
});

describe('a ttlMs passed to set() overrides the default for that entry [ex1.ttl-cache.per-entry-ttl]', () => {
  it('expires an entry with a shorter ttl than the default at its own time', () => {
    const clock = manualClock();
    const cache = new TTLCache<string>({ ttlMs: 1000, now: clock.now });
    cache.set('short', 'v', 10);
    clock.set(9);
    expect(cache.get('short'), 'set with ttlMs=10 at t=0: still present at t=9').toBe('v');
    clock.set(10);
    expect(cache.get('short'), 'set with ttlMs=10 at t=0: gone at t=10, although the default is 1000').toBeUndefined();
  });

  it('keeps an entry with a longer ttl than the default past the default', () => {
    const clock = manualClock();
    const cache = new TTLCache<string>({ ttlMs: 1000, now: clock.now });
    cache.set('long', 'v', 5000);
    clock.set(4999);
    expect(cache.get('long'), 'set with ttlMs=5000 at t=0: still present at t=4999, whatever the default').toBe('v');
    clock.set(5000);
    expect(cache.get('long'), 'set with ttlMs=5000 at t=0: gone at t=5000').toBeUndefined();
  });
});

describe('Infinity means never expires, and is the default [ex1.ttl-cache.infinity]', () => {
  it('never expires entries when no ttlMs is configured', () => {
    const clock = manualClock();
    const cache = new TTLCache<string>({ now: clock.now });
    cache.set('k', 'v');
    clock.set(Number.MAX_SAFE_INTEGER);
    expect(cache.get('k'), 'with no ttlMs option, entries never expire').toBe('v');
  });

  it('accepts ttlMs: Infinity as an option', () => {
    const clock = manualClock();
    const cache = new TTLCache<string>({ ttlMs: Infinity, now: clock.now });
    cache.set('k', 'v');
    clock.set(1e15);
    expect(cache.get('k'), 'new TTLCache({ ttlMs: Infinity }) keeps entries forever').toBe('v');
  });

  it('never expires an entry set with ttlMs = Infinity, even when the default is finite', () => {
    const clock = manualClock();
    const cache = new TTLCache<string>({ ttlMs: 10, now: clock.now });
    cache.set('k', 'v', Infinity);
    clock.set(1e15);
    expect(cache.get('k'), 'set("k", "v", Infinity) means never expires').toBe('v');
  });
});

describe('writing a key again restarts its time to live [ex1.ttl-cache.rewrite-restarts]', () => {
  it('keeps the new value for a full ttl from the second write', () => {
    const clock = manualClock();
    const cache = new TTLCache<string>({ ttlMs: 100, now: clock.now });
    cache.set('k', 'old');
    clock.set(90);
    cache.set('k', 'new');
    clock.set(189);
    expect(cache.get('k'), 'rewritten at t=90 with ttlMs=100: present, with the new value, at t=189').toBe('new');
    clock.set(190);
    expect(cache.get('k'), 'rewritten at t=90 with ttlMs=100: gone at t=190').toBeUndefined();
  });

  it('gives the rewritten entry the ttl of the second write', () => {
    const clock = manualClock();
    const cache = new TTLCache<string>({ now: clock.now });
    cache.set('k', 'forever');
    cache.set('k', 'brief', 50);
    clock.set(50);
    expect(cache.get('k'), 'a key first set with no ttl, then again with ttlMs=50 at t=0, is gone at t=50').toBeUndefined();
  });
});

describe('every reading of the time comes from the `now` option [ex1.ttl-cache.clock]', () => {
  it.each([
    ['in the past (t=0)', 0],
    ['decades in the future', 4_000_000_000_000],
  ])('follows an injected clock %s, not the wall clock', (_label, start) => {
    const clock = manualClock(start);
    const cache = new TTLCache<string>({ ttlMs: 1000, now: clock.now });
    cache.set('k', 'v');
    cache.set('gone', 'v');
    clock.advance(999);
    expect(cache.get('k'), `written at t=${start} with ttlMs=1000: get() at t=${start + 999} finds it (read the time from options.now, never Date.now())`).toBe('v');
    expect(cache.has('k'), `has() at t=${start + 999}: still live`).toBe(true);
    expect(cache.purgeExpired(), `purgeExpired() at t=${start + 999}: nothing has expired yet`).toBe(0);
    expect(cache.delete('k'), `delete() at t=${start + 999} removes a live entry, so it returns true`).toBe(true);
    clock.advance(1);
    expect(cache.has('gone'), `has() at t=${start + 1000}: expired`).toBe(false);
  });
});
