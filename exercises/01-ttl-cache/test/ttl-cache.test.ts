import { describe, expect, it } from 'vitest';
import { TTLCache } from '@impl';

// Public tests: a quick loop while you work. The graded specification has many more.
describe('TTLCache (public)', () => {
  it('returns what was set', () => {
    const cache = new TTLCache<string>();
    cache.set('k', 'v');
    expect(cache.get('k')).toBe('v');
  });

  it('keeps an entry at t = ttl - 1 and drops it at t = ttl', () => {
    let now = 0;
    const cache = new TTLCache<string>({ ttlMs: 1000, now: () => now });
    cache.set('k', 'v');
    now = 999;
    expect(cache.get('k'), 'present at t=999').toBe('v');
    now = 1000;
    expect(cache.get('k'), 'gone at t=1000').toBeUndefined();
  });

  it('rejects a negative ttlMs with a RangeError that names it', () => {
    expect(() => new TTLCache({ ttlMs: -5 })).toThrow(RangeError);
    expect(() => new TTLCache({ ttlMs: -5 })).toThrow(/ttlMs/);
  });
});
