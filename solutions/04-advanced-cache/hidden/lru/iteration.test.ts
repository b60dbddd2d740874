import { describe, expect, it } from 'vitest';
import { LRUCache } from '@impl';

describe('iteration goes from most to least recently used [ex4.lru.iteration]', () => {
  function filled(): LRUCache<number> {
    const cache = new LRUCache<number>({ maxEntries: 10 });
    cache.set('a', 1).set('b', 2).set('c', 3);
    cache.get('a');
    return cache;
  }

  it('keys() go from most to least recently used', () => {
    expect([...filled().keys()]).toEqual(['a', 'c', 'b']);
  });

  it('values() follow the same order', () => {
    expect([...filled().values()]).toEqual([1, 3, 2]);
  });

  it('entries() and the cache itself iterate [key, value] pairs in that order', () => {
    const cache = filled();
    expect([...cache.entries()]).toEqual([
      ['a', 1],
      ['c', 3],
      ['b', 2],
    ]);
    expect([...cache]).toEqual([...cache.entries()]);
  });

  it('an entry deleted during an iteration is not yielded', () => {
    const cache = filled();
    const seen: string[] = [];
    for (const key of cache.keys()) {
      seen.push(key);
      if (key === 'a') cache.delete('c');
    }
    expect(seen, 'c was deleted while the iteration stood at a').toEqual(['a', 'b']);
  });

  it('iterating does not change recency', () => {
    const cache = filled();
    void [...cache.keys()];
    void [...cache.values()];
    expect([...cache.keys()]).toEqual(['a', 'c', 'b']);
  });
});
