import { describe, expect, it } from 'vitest';
import { DiskCache } from '@impl';
import { tempCacheDir } from './temp-dir.js';

// Public tests: a quick loop while you work. The graded specification has many more.
describe('DiskCache persistence (public)', () => {
  it('returns what was set, and undefined for a key never set', async () => {
    const cache = new DiskCache<{ answer: number }>({ dir: await tempCacheDir() });
    await cache.set('k', { answer: 42 });
    expect(await cache.get('k')).toEqual({ answer: 42 });
    expect(await cache.get('other')).toBeUndefined();
  });

  it('shows a new instance on the same directory what an earlier one wrote', async () => {
    const dir = await tempCacheDir();
    const first = await DiskCache.open<string>({ dir });
    await first.set('k', 'v');
    await first.close();
    const second = await DiskCache.open<string>({ dir });
    expect(await second.get('k')).toBe('v');
  });

  it('keeps an entry at t = ttl - 1 and drops it at t = ttl', async () => {
    let now = 0;
    const cache = new DiskCache<string>({ dir: await tempCacheDir(), ttlMs: 1000, now: () => now });
    await cache.set('k', 'v');
    now = 999;
    expect(await cache.get('k'), 'present at t=999').toBe('v');
    now = 1000;
    expect(await cache.get('k'), 'gone at t=1000').toBeUndefined();
  });

  it('rejects a negative ttlMs with a RangeError that names it', () => {
    expect(() => new DiskCache({ dir: '/tmp/unused', ttlMs: -5 })).toThrow(RangeError);
    expect(() => new DiskCache({ dir: '/tmp/unused', ttlMs: -5 })).toThrow(/`ttlMs`/);
  });
});
