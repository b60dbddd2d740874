import { describe, expect, it } from 'vitest';
import { LRUCache, type EvictionReason } from '@impl';
import { manualClock } from '@workbook/testkit';

function recorder() {
  const events: [string, string, EvictionReason][] = [];
  return { events, onEvict: (value: string, key: string, reason: EvictionReason) => void events.push([key, value, reason]) };
}

describe('onEvict reports why an entry left, after it left [ex4.lru.on-evict]', () => {
  it('reports a capacity eviction with reason "evict"', () => {
    const { events, onEvict } = recorder();
    const cache = new LRUCache<string>({ maxEntries: 2, onEvict });
    cache.set('a', 'A').set('b', 'B').set('c', 'C');
    expect(events).toEqual([['a', 'A', 'evict']]);
  });

  it('reports delete() with reason "delete"', () => {
    const { events, onEvict } = recorder();
    const cache = new LRUCache<string>({ maxEntries: 2, onEvict });
    cache.set('a', 'A');
    cache.delete('a');
    expect(events).toEqual([['a', 'A', 'delete']]);
  });

  it('reports every entry on clear() with reason "delete"', () => {
    const { events, onEvict } = recorder();
    const cache = new LRUCache<string>({ maxEntries: 5, onEvict });
    cache.set('a', 'A').set('b', 'B');
    cache.clear();
    expect(events.sort()).toEqual([
      ['a', 'A', 'delete'],
      ['b', 'B', 'delete'],
    ]);
  });

  it('reports a replaced value with reason "set"', () => {
    const { events, onEvict } = recorder();
    const cache = new LRUCache<string>({ maxEntries: 2, onEvict });
    cache.set('a', 'old').set('a', 'new');
    expect(events).toEqual([['a', 'old', 'set']]);
  });

  it('does not report setting the very same value again', () => {
    const { events, onEvict } = recorder();
    const cache = new LRUCache<string>({ maxEntries: 2, onEvict });
    cache.set('a', 'same').set('a', 'same');
    expect(events).toEqual([]);
  });

  it('reports an expired entry found by get() with reason "expire"', () => {
    const { events, onEvict } = recorder();
    const clock = manualClock();
    const cache = new LRUCache<string>({ maxEntries: 2, ttlMs: 100, now: clock.now, onEvict });
    cache.set('a', 'A');
    clock.advance(100);
    expect(cache.get('a')).toBeUndefined();
    expect(events).toEqual([['a', 'A', 'expire']]);
  });

  it.each([
    ['peek', (c: LRUCache<string>) => c.peek('a')],
    ['has', (c: LRUCache<string>) => c.has('a')],
    ['delete', (c: LRUCache<string>) => c.delete('a')],
  ])('reports an expired entry found by %s() with reason "expire"', (_name, read) => {
    const { events, onEvict } = recorder();
    const clock = manualClock();
    const cache = new LRUCache<string>({ maxEntries: 2, ttlMs: 100, now: clock.now, onEvict });
    cache.set('a', 'A');
    clock.advance(100);
    read(cache);
    expect(events).toEqual([['a', 'A', 'expire']]);
  });

  it('is called after the entry has left, so the callback sees the cache without it', () => {
    let seen: boolean | undefined;
    const cache: LRUCache<string> = new LRUCache<string>({ maxEntries: 1, onEvict: (_v, key) => void (seen = cache.has(key)) });
    cache.set('a', 'A').set('b', 'B');
    expect(seen, 'inside onEvict, has(evictedKey) must already be false').toBe(false);
  });
});
