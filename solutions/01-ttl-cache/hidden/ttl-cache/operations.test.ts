import { describe, expect, it } from 'vitest';
import { TTLCache } from '@impl';

describe('the basic map operations', () => {
  it('returns what was set', () => {
    const cache = new TTLCache<{ answer: number }>();
    const value = { answer: 42 };
    cache.set('k', value);
    expect(cache.get('k'), 'get() must return the value set under the same key').toBe(value);
  });

  it('returns undefined for a key never set', () => {
    expect(new TTLCache<string>().get('missing')).toBeUndefined();
  });

  it('overwrites the value of an existing key', () => {
    const cache = new TTLCache<string>();
    cache.set('k', 'first');
    cache.set('k', 'second');
    expect(cache.get('k')).toBe('second');
    expect(cache.size, 'writing a key twice still holds one entry').toBe(1);
  });

  it('keeps falsy values apart from misses', () => {
    const cache = new TTLCache<unknown>();
    cache.set('zero', 0);
    cache.set('empty', '');
    cache.set('null', null);
    cache.set('false', false);
    expect([cache.get('zero'), cache.get('empty'), cache.get('null'), cache.get('false')], 'falsy values are values, not misses').toEqual([0, '', null, false]);
    expect(cache.has('zero')).toBe(true);
  });

  it('reports presence with has()', () => {
    const cache = new TTLCache<string>();
    cache.set('k', 'v');
    expect(cache.has('k')).toBe(true);
    expect(cache.has('other')).toBe(false);
  });

  it('deletes a key and says whether it was there', () => {
    const cache = new TTLCache<string>();
    cache.set('k', 'v');
    expect(cache.delete('k'), 'delete() of a present key returns true').toBe(true);
    expect(cache.get('k')).toBeUndefined();
    expect(cache.delete('k'), 'delete() of an absent key returns false').toBe(false);
  });

  it('clears every entry', () => {
    const cache = new TTLCache<number>();
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, i);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.get('k3')).toBeUndefined();
  });

  it('counts entries in size', () => {
    const cache = new TTLCache<number>();
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.size).toBe(2);
    cache.delete('a');
    expect(cache.size).toBe(1);
  });

  it('accepts any string as a key, including the empty string', () => {
    const cache = new TTLCache<string>();
    cache.set('', 'empty');
    cache.set('__proto__', 'proto');
    cache.set('constructor', 'ctor');
    expect([cache.get(''), cache.get('__proto__'), cache.get('constructor')]).toEqual(['empty', 'proto', 'ctor']);
  });

  it('keeps working after clear()', () => {
    const cache = new TTLCache<number>({ maxEntries: 2 });
    cache.set('a', 1);
    cache.clear();
    cache.set('b', 2);
    cache.set('c', 3);
    cache.set('d', 4);
    expect(cache.size).toBe(2);
    expect(cache.get('d')).toBe(4);
  });
});
