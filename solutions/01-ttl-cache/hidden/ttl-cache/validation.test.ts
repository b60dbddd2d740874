import { describe, expect, it } from 'vitest';
import { TTLCache } from '@impl';
import { thrownBy } from '../helpers/thrown-by.js';

describe('invalid options are rejected with an error that names them [ex1.ttl-cache.invalid-options]', () => {
  it.each([
    ['a negative ttlMs', { ttlMs: -5 }, RangeError, 'ttlMs'],
    ['a zero ttlMs', { ttlMs: 0 }, RangeError, 'ttlMs'],
    ['a NaN ttlMs', { ttlMs: Number.NaN }, RangeError, 'ttlMs'],
    ['a string ttlMs', { ttlMs: '1000' }, TypeError, 'ttlMs'],
    ['a negative sweepIntervalMs', { sweepIntervalMs: -1 }, RangeError, 'sweepIntervalMs'],
    ['a zero sweepIntervalMs', { sweepIntervalMs: 0 }, RangeError, 'sweepIntervalMs'],
    ['a NaN sweepIntervalMs', { sweepIntervalMs: Number.NaN }, RangeError, 'sweepIntervalMs'],
    ['an infinite sweepIntervalMs', { sweepIntervalMs: Infinity }, RangeError, 'sweepIntervalMs'],
    ['a string sweepIntervalMs', { sweepIntervalMs: '1000' }, TypeError, 'sweepIntervalMs'],
    ['a now that is not a function', { now: 5 }, TypeError, 'now'],
  ])('throws for %s', (_label, options, type, name) => {
    const thrown = thrownBy(() => new TTLCache(options as never).close());
    expect(thrown, `new TTLCache(${JSON.stringify(options)}) must throw a ${type.name}`).toBeInstanceOf(type);
    expect((thrown as Error).message, `the message must name \`${name}\``).toContain(`\`${name}\``);
  });
});

describe('invalid arguments to set(), get() and has() are rejected with an error that names them [ex1.ttl-cache.invalid-arguments]', () => {
  it.each([
    ['negative', -1, RangeError],
    ['zero', 0, RangeError],
    ['NaN', Number.NaN, RangeError],
    ['a string', '10', TypeError],
  ])('rejects a %s per-entry ttlMs in set()', (_label, ttl, type) => {
    const thrown = thrownBy(() => new TTLCache<string>().set('k', 'v', ttl as never));
    expect(thrown, `set("k", "v", ${JSON.stringify(ttl)}) must throw a ${type.name}`).toBeInstanceOf(type);
    expect((thrown as Error).message, 'the message must name `ttlMs`').toContain('`ttlMs`');
  });

  it.each([
    ['set', (cache: TTLCache<string>) => cache.set(42 as never, 'v')],
    ['get', (cache: TTLCache<string>) => cache.get({} as never)],
    ['has', (cache: TTLCache<string>) => cache.has(undefined as never)],
  ])('rejects a key that is not a string in %s()', (method, call) => {
    const thrown = thrownBy(() => call(new TTLCache<string>()));
    expect(thrown, `keys are strings: ${method}() with a non-string key must throw a TypeError`).toBeInstanceOf(TypeError);
    expect((thrown as Error).message, 'the message must name `key`').toContain('`key`');
  });
});

describe('a set() that throws stores nothing [ex1.ttl-cache.atomic-set]', () => {
  it('leaves a new key absent', () => {
    const cache = new TTLCache<string>();
    expect(() => cache.set('k', 'v', -1)).toThrow(RangeError);
    expect(cache.has('k'), 'a rejected set() must not store the value').toBe(false);
    expect(cache.size).toBe(0);
  });

  it('keeps the old value of an existing key', () => {
    const cache = new TTLCache<string>();
    cache.set('k', 'kept');
    expect(() => cache.set('k', 'lost', -1)).toThrow(RangeError);
    expect(cache.get('k'), 'bad input must lose no data: the old value stays').toBe('kept');
  });
});
