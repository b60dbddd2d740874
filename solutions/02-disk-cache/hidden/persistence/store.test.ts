import { describe, expect, it } from 'vitest';
import { DiskCache } from '@impl';
import { cacheDir, entryFiles } from '../helpers/dirs.js';

describe('DiskCache basics', () => {
  it('returns what was set, and undefined for a key never set', async () => {
    const cache = new DiskCache<string>({ dir: await cacheDir() });
    await cache.set('k', 'v');
    expect(await cache.get('k'), 'get after set').toBe('v');
    expect(await cache.get('other'), 'a key never set is a miss: undefined').toBeUndefined();
  });

  it('resolves set() to true when the value was stored', async () => {
    const cache = new DiskCache<string>({ dir: await cacheDir() });
    expect(await cache.set('k', 'v'), 'set() resolves to true once the entry is on disk').toBe(true);
  });

  it('creates the cache directory, parents included, when it is missing', async () => {
    const dir = `${await cacheDir()}/nested/deeper`;
    const cache = await DiskCache.open<number>({ dir });
    await cache.set('k', 1);
    expect(await entryFiles(dir), 'one entry file in the new directory').toHaveLength(1);
  });

  it.each([
    ['a string', 'héllo wörld ✓'],
    ['a number', 42.5],
    ['zero', 0],
    ['false', false],
    ['null', null],
    ['an array', [1, 'two', [3], { four: 4 }]],
    ['a nested object', { id: 'gen-1', choices: [{ index: 0, message: { role: 'assistant', content: 'Hi 👋' } }], usage: { total_tokens: 12 } }],
    ['an empty object', {}],
  ])('round-trips %s as JSON data', async (_name, value) => {
    const cache = new DiskCache<unknown>({ dir: await cacheDir() });
    await cache.set('k', value);
    expect(await cache.get('k')).toEqual(value);
  });

  it('replaces the value when a key is set again', async () => {
    const cache = new DiskCache<string>({ dir: await cacheDir() });
    await cache.set('k', 'first');
    await cache.set('k', 'second');
    expect(await cache.get('k')).toBe('second');
    expect(await entryFiles(cache.dir), 'still one file for one key').toHaveLength(1);
  });

  it('hands out a fresh copy: changing what get() returned does not change the entry', async () => {
    const cache = new DiskCache<{ n: number }>({ dir: await cacheDir() });
    await cache.set('k', { n: 1 });
    const first = (await cache.get('k'))!;
    first.n = 99;
    expect(await cache.get('k')).toEqual({ n: 1 });
  });

  it('has() is true for a stored key and false for a missing one', async () => {
    const cache = new DiskCache<string>({ dir: await cacheDir() });
    await cache.set('k', 'v');
    expect(await cache.has('k')).toBe(true);
    expect(await cache.has('nope')).toBe(false);
  });

  it('delete() removes the entry and its file, and resolves to whether there was one', async () => {
    const cache = new DiskCache<string>({ dir: await cacheDir() });
    await cache.set('k', 'v');
    expect(await cache.delete('k'), 'deleting a stored key resolves to true').toBe(true);
    expect(await cache.get('k')).toBeUndefined();
    expect(await entryFiles(cache.dir), 'the entry file is gone').toEqual([]);
    expect(await cache.delete('k'), 'deleting it again resolves to false').toBe(false);
  });

  it('clear() removes every entry', async () => {
    const cache = new DiskCache<number>({ dir: await cacheDir() });
    for (let i = 0; i < 10; i++) await cache.set(`k${i}`, i);
    await cache.clear();
    expect(await entryFiles(cache.dir), 'no entry files after clear()').toEqual([]);
    expect(await cache.get('k3')).toBeUndefined();
    await cache.set('after', 1);
    expect(await cache.get('after'), 'the cache is usable after clear()').toBe(1);
  });

  it('rejects a key that is not a string with a TypeError', async () => {
    const cache = new DiskCache<string>({ dir: await cacheDir() });
    await expect(cache.get(42 as unknown as string)).rejects.toThrow(TypeError);
    await expect(cache.set(undefined as unknown as string, 'v')).rejects.toThrow(TypeError);
  });
});

describe('DiskCache options', () => {
  it('requires `dir`, with a TypeError that names it', () => {
    expect(() => new DiskCache({} as never)).toThrow(TypeError);
    expect(() => new DiskCache({} as never)).toThrow(/`dir`/);
  });

  it.each([
    ['ttlMs', -5, RangeError],
    ['ttlMs', 0, RangeError],
    ['ttlMs', '1000', TypeError],
    ['maxBytes', 0, RangeError],
    ['maxBytes', 10.5, RangeError],
    ['compressAboveBytes', -1, RangeError],
    ['now', 123, TypeError],
  ] as const)('rejects `%s` = %j with a %o that names it', (option, value, type) => {
    const make = () => new DiskCache({ dir: '/tmp/never-created', [option]: value } as never);
    expect(make).toThrow(type);
    expect(make).toThrow(new RegExp(`\`${option}\``));
  });
});
