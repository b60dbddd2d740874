import { describe, expect, it } from 'vitest';
import { TTLCache } from '@impl';

describe('maxEntries (public)', () => {
  it('evicts the oldest inserted entry when full', () => {
    const cache = new TTLCache<number>({ maxEntries: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([false, true, true]);
  });

  it('removes an expired entry before evicting a live one', () => {
    let now = 0;
    const cache = new TTLCache<number>({ maxEntries: 2, now: () => now });
    cache.set('a', 1);
    cache.set('b', 2, 10);
    now = 10;
    cache.set('c', 3);
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([true, false, true]);
  });
});
