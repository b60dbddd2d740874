import { describe, expect, it } from 'vitest';
import { TTLCache } from '@impl';

describe('invalid options and arguments are rejected with errors that name them', () => {
  it.each([
    ['a negative ttlMs', { ttlMs: -5 }, RangeError, 'ttlMs'],
    ['a zero ttlMs', { ttlMs: 0 }, RangeError, 'ttlMs'],
    ['a NaN ttlMs', { ttlMs: Number.NaN }, RangeError, 'ttlMs'],
    ['a string ttlMs', { ttlMs: '1000' }, TypeError, 'ttlMs'],
    ['a negative sweepIntervalMs', { sweepIntervalMs: -1 }, RangeError, 'sweepIntervalMs'],
    ['an infinite sweepIntervalMs', { sweepIntervalMs: Infinity }, RangeError, 'sweepIntervalMs'],
    ['a string sweepIntervalMs', { sweepIntervalMs: '1000' }, TypeError, 'sweepIntervalMs'],
    ['a now that is not a function', { now: 5 }, TypeError, 'now'],
  ])('throws for %s', (_label, options, type, name) => {
    let thrown: unknown;
    try {
      new TTLCache(options as never).close();
    } catch (error) {
      thrown = error;
    }
    expect(thrown, `new TTLCache(${JSON.stringify(options)}) must throw a ${type.name}`).toBeInstanceOf(type);
    expect((thrown as Error).message, `the message must name \`${name}\``).toContain(name);
  });

  it.each([
    ['negative', -1, RangeError],
    ['zero', 0, RangeError],
    ['NaN', Number.NaN, RangeError],
    ['a string', '10', TypeError],
  ])('rejects a %s per-entry ttl in set() and stores nothing', (_label, ttl, type) => {
    const cache = new TTLCache<string>();
    expect(() => cache.set('k', 'v', ttl as never), `set("k", "v", ${String(ttl)}) must throw a ${type.name} naming ttlMs`).toThrow(type);
    expect(() => cache.set('k', 'v', ttl as never)).toThrow(/ttlMs/);
    expect(cache.has('k'), 'a rejected set() must not store the value').toBe(false);
  });

  it('rejects a key that is not a string', () => {
    const cache = new TTLCache<string>();
    expect(() => cache.set(42 as never, 'v'), 'keys are strings; set(42, …) must throw a TypeError naming `key`').toThrow(TypeError);
    expect(() => cache.get({} as never)).toThrow(/key/);
  });

  it('accepts Infinity as a ttl', () => {
    expect(() => new TTLCache({ ttlMs: Infinity }).close()).not.toThrow();
    expect(() => new TTLCache().set('k', 1, Infinity)).not.toThrow();
  });

  it('keeps its existing entries when a set() is rejected', () => {
    const cache = new TTLCache<string>();
    cache.set('k', 'kept');
    expect(() => cache.set('k', 'lost', -1)).toThrow(RangeError);
    expect(cache.get('k'), 'bad input must lose no data: the old value stays').toBe('kept');
  });
});
