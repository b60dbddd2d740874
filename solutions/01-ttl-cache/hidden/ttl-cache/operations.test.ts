import { describe, expect, it } from 'vitest';
import { TTLCache } from '@impl';
import { manualClock } from '@workbook/testkit';

describe('get() returns the stored value itself, or undefined [ex1.ttl-cache.get]', () => {
  it('returns the very object that was set, not a copy', () => {
    const cache = new TTLCache<{ answer: number }>();
    const value = { answer: 42 };
    cache.set('k', value);
    expect(cache.get('k'), 'get() must return the value set under the same key (the same object)').toBe(value);
  });

  it('returns undefined for a key never set', () => {
    expect(new TTLCache<string>().get('missing'), 'a key never set is a miss: undefined').toBeUndefined();
  });

  it('returns the latest value of a key written twice', () => {
    const cache = new TTLCache<string>();
    cache.set('k', 'first');
    cache.set('k', 'second');
    expect(cache.get('k'), 'the second set() replaces the value').toBe('second');
    expect(cache.size, 'writing a key twice still holds one entry').toBe(1);
  });

  it('keeps falsy values apart from misses', () => {
    const cache = new TTLCache<unknown>();
    cache.set('zero', 0);
    cache.set('empty', '');
    cache.set('null', null);
    cache.set('false', false);
    expect([cache.get('zero'), cache.get('empty'), cache.get('null'), cache.get('false')], 'falsy values are values, not misses').toEqual([0, '', null, false]);
  });
});

describe('has() is true only for a live entry [ex1.ttl-cache.has]', () => {
  it('is true for a stored key and false for another', () => {
    const cache = new TTLCache<string>();
    cache.set('k', 'v');
    expect(cache.has('k'), 'has("k") after set("k", …)').toBe(true);
    expect(cache.has('other'), 'has() of a key never set').toBe(false);
  });

  it('is true for a stored falsy value', () => {
    const cache = new TTLCache<number>();
    cache.set('zero', 0);
    expect(cache.has('zero'), 'a stored 0 is a live entry').toBe(true);
  });

  it('is false once the entry has expired', () => {
    const clock = manualClock();
    const cache = new TTLCache<string>({ ttlMs: 50, now: clock.now });
    cache.set('k', 'v');
    clock.set(49);
    expect(cache.has('k'), 'written at t=0 with ttlMs=50: live at t=49').toBe(true);
    clock.set(50);
    expect(cache.has('k'), 'has() must not report an entry that expired at t=50').toBe(false);
  });
});

describe('get() and has() remove an expired entry they find [ex1.ttl-cache.remove-on-read]', () => {
  it('removes an expired entry when get() sees it', () => {
    const clock = manualClock();
    const cache = new TTLCache<string>({ ttlMs: 50, now: clock.now });
    cache.set('a', 'v');
    cache.set('b', 'v', Infinity);
    clock.set(50);
    cache.get('a');
    expect(cache.size, 'after get() found "a" expired, it must be removed: only "b" remains').toBe(1);
  });

  it('removes an expired entry when has() sees it', () => {
    const clock = manualClock();
    const cache = new TTLCache<string>({ ttlMs: 50, now: clock.now });
    cache.set('a', 'v');
    clock.set(50);
    cache.has('a');
    expect(cache.size, 'after has() found "a" expired, it must be removed').toBe(0);
  });
});

describe('delete() removes an entry and says whether a live one was there [ex1.ttl-cache.delete]', () => {
  it('removes a live entry and returns true', () => {
    const clock = manualClock();
    const cache = new TTLCache<string>({ ttlMs: 50, now: clock.now });
    cache.set('k', 'v');
    clock.set(49);
    expect(cache.delete('k'), 'delete() of a live entry returns true').toBe(true);
    expect(cache.get('k'), 'after delete() the key is gone').toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('returns false for a key that is absent', () => {
    const cache = new TTLCache<string>();
    cache.set('other', 'v');
    expect(cache.delete('k'), 'delete() of an absent key returns false').toBe(false);
    expect(cache.size, 'deleting an absent key leaves the others alone').toBe(1);
  });

  it('removes an expired entry but returns false', () => {
    const clock = manualClock();
    const cache = new TTLCache<string>({ ttlMs: 50, now: clock.now });
    cache.set('a', 'v');
    clock.set(50);
    expect(cache.delete('a'), 'delete() of an expired entry returns false: there was nothing live to remove').toBe(false);
    expect(cache.size, 'the expired entry is removed all the same').toBe(0);
  });
});

describe('clear() removes everything [ex1.ttl-cache.clear]', () => {
  it('empties the cache', () => {
    const cache = new TTLCache<number>();
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, i);
    cache.clear();
    expect(cache.size, 'size after clear()').toBe(0);
    expect(cache.get('k3'), 'no entry survives clear()').toBeUndefined();
  });

  it('leaves a cache that works as new', () => {
    const cache = new TTLCache<number>();
    cache.set('a', 1);
    cache.clear();
    cache.set('b', 2);
    expect(cache.get('b'), 'set() and get() work after clear()').toBe(2);
    expect(cache.size).toBe(1);
  });
});

describe('size counts the entries held, expired ones included until removed [ex1.ttl-cache.size]', () => {
  it('counts sets and deletes', () => {
    const cache = new TTLCache<number>();
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.size, 'two keys set').toBe(2);
    cache.delete('a');
    expect(cache.size, 'one of them deleted').toBe(1);
  });

  it('still counts an expired entry nobody has looked at', () => {
    const clock = manualClock();
    const cache = new TTLCache<number>({ ttlMs: 50, now: clock.now });
    cache.set('a', 1);
    clock.set(1000);
    expect(cache.size, 'size is what the cache holds: the expired "a" stays until get(), has(), delete() or a purge removes it').toBe(1);
  });
});

describe('set() returns the cache [ex1.ttl-cache.set-returns-this]', () => {
  it('returns this, so calls can be chained', () => {
    const cache = new TTLCache<number>();
    expect(cache.set('a', 1), 'set() returns the cache itself').toBe(cache);
  });
});

describe('any string is a valid key [ex1.ttl-cache.any-string-key]', () => {
  it('accepts the empty string, __proto__ and constructor', () => {
    const cache = new TTLCache<string>();
    cache.set('', 'empty');
    cache.set('__proto__', 'proto');
    cache.set('constructor', 'ctor');
    expect([cache.get(''), cache.get('__proto__'), cache.get('constructor')], 'keys that are special on a plain object must work like any other (use a Map)').toEqual(['empty', 'proto', 'ctor']);
    expect(cache.size).toBe(3);
  });
});
