import { describe, expect, it } from 'vitest';
import { DiskCache } from '@impl';
import { manualClock } from '@workbook/testkit';
import { cacheDir, entryFiles } from '../helpers/dirs.js';

describe('an entry is a miss from now() = t + ttlMs on, and its file goes when read [ex2.persistence.expiry]', () => {
  it('keeps an entry until one millisecond before its ttl elapses, and drops it exactly then', async () => {
    const time = manualClock();
    const cache = new DiskCache<string>({ dir: await cacheDir(), ttlMs: 1000, now: time.now });
    await cache.set('k', 'v');
    time.set(999);
    expect(await cache.get('k'), 'written at t=0 with ttlMs=1000, the entry must still be there at t=999').toBe('v');
    time.set(1000);
    expect(await cache.get('k'), 'at t=1000 the entry has expired').toBeUndefined();
  });

  it('lets set() give an entry its own ttl, overriding the default', async () => {
    const time = manualClock();
    const cache = new DiskCache<string>({ dir: await cacheDir(), ttlMs: 1000, now: time.now });
    await cache.set('short', 'v', 10);
    await cache.set('default', 'v');
    time.set(10);
    expect(await cache.get('short'), 'ttlMs=10 passed to set(): gone at t=10').toBeUndefined();
    expect(await cache.get('default'), 'the default ttl of 1000 still holds at t=10').toBe('v');
  });

  it('never expires entries by default', async () => {
    const time = manualClock();
    const cache = new DiskCache<string>({ dir: await cacheDir(), now: time.now });
    await cache.set('k', 'v');
    time.set(1e15);
    expect(await cache.get('k')).toBe('v');
  });

  it('has() is false for an expired entry', async () => {
    const time = manualClock();
    const cache = new DiskCache<string>({ dir: await cacheDir(), now: time.now });
    await cache.set('k', 'v', 100);
    time.set(100);
    expect(await cache.has('k')).toBe(false);
  });

  it('removes an expired entry\'s file when it reads it', async () => {
    const time = manualClock();
    const cache = new DiskCache<string>({ dir: await cacheDir(), now: time.now });
    await cache.set('k', 'v', 100);
    time.set(100);
    await cache.get('k');
    expect(await entryFiles(cache.dir), 'the expired entry file was removed').toEqual([]);
  });
});

describe('the file stores the absolute expiry, so every instance honours the original deadline [ex2.persistence.absolute-expiry]', () => {
  it('stores the absolute expiry: a new instance honours the original deadline, not a fresh ttl', async () => {
    const dir = await cacheDir();
    const time = manualClock(5_000);
    await new DiskCache<string>({ dir, now: time.now }).set('k', 'v', 1000);
    const later = manualClock(5_999);
    const reopened = new DiskCache<string>({ dir, now: later.now });
    expect(await reopened.get('k'), 'set at t=5000 with ttlMs=1000: present at t=5999').toBe('v');
    later.set(6_000);
    expect(await reopened.get('k'), 'and gone at t=6000, in any instance').toBeUndefined();
  });
});
