import { describe, expect, it } from 'vitest';
import { LRUCache } from '@impl';

function abc(): LRUCache<string> {
  const cache = new LRUCache<string>({ maxEntries: 3 });
  for (const k of ['a', 'b', 'c']) cache.set(k, k.toUpperCase());
  return cache;
}

describe('at capacity, the least recently used entry makes room [ex4.lru.capacity]', () => {
  it('at capacity, set() of a new key evicts the least recently used entry', () => {
    const cache = abc();
    cache.set('d', 'D');
    expect(cache.has('a'), 'a was written first and never read: it must be evicted').toBe(false);
    expect([...cache.keys()]).toEqual(['d', 'c', 'b']);
  });

  it('below capacity, nothing is evicted', () => {
    const cache = new LRUCache<string>({ maxEntries: 3 });
    cache.set('a', 'A').set('b', 'B').set('c', 'C');
    expect(cache.size, 'three keys fit in maxEntries 3').toBe(3);
  });

  it('never holds more than maxEntries', () => {
    const cache = new LRUCache<number>({ maxEntries: 5 });
    for (let i = 0; i < 100; i++) cache.set(`k${i}`, i);
    expect(cache.size).toBe(5);
    expect([...cache.keys()]).toEqual(['k99', 'k98', 'k97', 'k96', 'k95']);
  });

  it('reuses the room freed by delete() before evicting anyone', () => {
    const cache = abc();
    cache.delete('b');
    cache.set('d', 'D');
    expect([...cache.keys()], 'a and c stay: the deleted b left room for d').toEqual(['d', 'c', 'a']);
  });

  it('maxEntries: 1 keeps only the last key written', () => {
    const cache = new LRUCache<string>({ maxEntries: 1 });
    cache.set('a', 'A').set('b', 'B');
    expect([...cache.entries()]).toEqual([['b', 'B']]);
  });

  it('holds more than a thousand entries when maxEntries allows it', () => {
    const cache = new LRUCache<number>({ maxEntries: 5000 });
    for (let i = 0; i < 3000; i++) cache.set(`k${i}`, i);
    expect(cache.size, '3000 keys fit in maxEntries 5000').toBe(3000);
    expect(cache.get('k0'), 'the first key is still there').toBe(0);
    expect(cache.get('k2999')).toBe(2999);
    const keys = [...cache.keys()];
    expect(keys.length, 'iteration sees every entry').toBe(3000);
    expect(keys.slice(0, 3), 'most recent first').toEqual(['k2999', 'k0', 'k2998']);
  });

  it('evicts the least recently used entry once a grown cache is full', () => {
    const cache = new LRUCache<number>({ maxEntries: 1500 });
    for (let i = 0; i < 3000; i++) cache.set(`k${i}`, i);
    const keys = [...cache.keys()];
    expect(keys.length).toBe(1500);
    expect([keys[0], keys.at(-1)], 'k1500 to k2999 stay').toEqual(['k2999', 'k1500']);
  });

  it('behaves like a reference LRU over 20,000 random operations', () => {
    // A slow but obviously correct model: a Map whose insertion order is the recency order.
    const model = new Map<string, number>();
    const touch = (k: string, v: number): void => {
      model.delete(k);
      model.set(k, v);
    };
    const cache = new LRUCache<number>({ maxEntries: 50 });
    let seed = 12345;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 20_000; i++) {
      const key = `k${random(120)}`;
      const op = random(10);
      if (op < 5) {
        const expected = model.get(key);
        if (expected !== undefined) touch(key, expected);
        expect(cache.get(key), `operation ${i}: get(${key})`).toBe(expected);
      } else if (op < 9) {
        touch(key, i);
        if (model.size > 50) model.delete(model.keys().next().value!);
        cache.set(key, i);
      } else {
        expect(cache.delete(key), `operation ${i}: delete(${key})`).toBe(model.delete(key));
      }
    }
    expect([...cache.keys()], 'final recency order, most recent first').toEqual([...model.keys()].reverse());
  });
});

describe('get() and set() make an entry the most recently used [ex4.lru.recency]', () => {
  it('get() makes an entry the most recently used, so it survives the next eviction', () => {
    const cache = abc();
    cache.get('a');
    cache.set('d', 'D');
    expect(cache.has('a'), 'a was read after b and c were written: b is now the least recently used').toBe(true);
    expect(cache.has('b')).toBe(false);
  });

  it('get() of an entry in the middle moves it to the front', () => {
    const cache = abc();
    cache.get('b');
    expect([...cache.keys()], 'b was read last').toEqual(['b', 'c', 'a']);
  });

  it('set() of a held key makes it the most recently used', () => {
    const cache = abc();
    cache.set('a', 'A2');
    cache.set('d', 'D');
    expect(cache.get('a')).toBe('A2');
    expect(cache.has('b'), 'b is the least recently used once a was written again').toBe(false);
  });

  it('a get() miss changes nothing', () => {
    const cache = abc();
    cache.get('zzz');
    expect([...cache.keys()]).toEqual(['c', 'b', 'a']);
  });
});

describe('peek() and has() read without changing recency [ex4.lru.peek]', () => {
  it('peek() returns the value without refreshing recency', () => {
    const cache = abc();
    expect(cache.peek('a')).toBe('A');
    cache.set('d', 'D');
    expect(cache.has('a'), 'peek must not save a from eviction').toBe(false);
  });

  it('peek() of a key never set is undefined', () => {
    expect(abc().peek('zzz')).toBeUndefined();
  });

  it('has() does not refresh recency either', () => {
    const cache = abc();
    cache.has('a');
    cache.set('d', 'D');
    expect(cache.has('a')).toBe(false);
  });
});
