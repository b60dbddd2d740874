import { describe, expect, it } from 'vitest';
import { LRUCache, type EvictionReason } from '@impl';
import { manualClock } from '@workbook/testkit';

describe('Task 1 — LRUCache (public examples)', () => {
  it('at capacity, evicts the least recently used entry', () => {
    const cache = new LRUCache<string>({ maxEntries: 2 });
    cache.set('a', 'A').set('b', 'B').set('c', 'C');
    expect(cache.has('a'), 'a is the least recently used of a, b, c').toBe(false);
    expect([...cache.keys()], 'keys() go from most to least recently used').toEqual(['c', 'b']);
  });

  it('get() refreshes recency; peek() does not', () => {
    const cache = new LRUCache<string>({ maxEntries: 2 });
    cache.set('a', 'A').set('b', 'B');
    cache.get('a');
    cache.peek('b');
    cache.set('c', 'C');
    expect([...cache.keys()], 'a was read with get(), b only peeked at: b goes').toEqual(['c', 'a']);
  });

  it('tells onEvict why an entry left', () => {
    const reasons: [string, EvictionReason][] = [];
    const cache = new LRUCache<string>({ maxEntries: 1, onEvict: (_value, key, reason) => void reasons.push([key, reason]) });
    cache.set('a', '1').set('a', '2').set('b', '1');
    cache.delete('b');
    expect(reasons).toEqual([
      ['a', 'set'],
      ['a', 'evict'],
      ['b', 'delete'],
    ]);
  });

  it('maxSize evicts by total size', () => {
    const cache = new LRUCache<string>({ maxSize: 10, sizeOf: (value) => value.length });
    cache.set('a', 'xxxxxx').set('b', 'xxxxxx');
    expect([...cache.keys()]).toEqual(['b']);
    expect(cache.totalSize).toBe(6);
  });

  it('expires an entry exactly at its ttl, with an injected clock', () => {
    const clock = manualClock();
    const cache = new LRUCache<string>({ maxEntries: 10, ttlMs: 1000, now: clock.now });
    cache.set('k', 'v');
    clock.set(999);
    expect(cache.get('k')).toBe('v');
    clock.set(1000);
    expect(cache.get('k')).toBeUndefined();
  });

  it('set(key, undefined) is delete(key)', () => {
    const cache = new LRUCache<string | undefined>({ maxEntries: 2 });
    cache.set('a', 'A').set('a', undefined);
    expect(cache.has('a')).toBe(false);
  });
});
