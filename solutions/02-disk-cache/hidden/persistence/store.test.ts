import { copyFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskCache, entryFileName } from '@impl';
import { cacheDir, entryFiles } from '../helpers/dirs.js';

describe('get() reads back what set() stored, as JSON data, or undefined [ex2.persistence.get]', () => {
  it('returns what was set, and undefined for a key never set', async () => {
    const cache = new DiskCache<string>({ dir: await cacheDir() });
    await cache.set('k', 'v');
    expect(await cache.get('k'), 'get after set').toBe('v');
    expect(await cache.get('other'), 'a key never set is a miss: undefined').toBeUndefined();
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

  it('hands out a fresh copy: changing what get() returned does not change the entry', async () => {
    const cache = new DiskCache<{ n: number }>({ dir: await cacheDir() });
    await cache.set('k', { n: 1 });
    const first = (await cache.get('k'))!;
    first.n = 99;
    expect(await cache.get('k')).toEqual({ n: 1 });
  });
});

describe('set() writes one file per key and resolves to true [ex2.persistence.set]', () => {
  it('resolves set() to true when the value was stored', async () => {
    const cache = new DiskCache<string>({ dir: await cacheDir() });
    expect(await cache.set('k', 'v'), 'set() resolves to true once the entry is on disk').toBe(true);
    expect(await entryFiles(cache.dir), 'one entry file for one key').toHaveLength(1);
  });

  it('replaces the value when a key is set again, still in one file', async () => {
    const cache = new DiskCache<string>({ dir: await cacheDir() });
    await cache.set('k', 'first');
    await cache.set('k', 'second');
    expect(await cache.get('k')).toBe('second');
    expect(await entryFiles(cache.dir), 'still one file for one key').toHaveLength(1);
  });
});

describe('open() creates the directory once, and is retried after a failure [ex2.persistence.open]', () => {
  it('creates the cache directory, parents included, when it is missing', async () => {
    const dir = `${await cacheDir()}/nested/deeper`;
    const cache = await DiskCache.open<number>({ dir });
    await cache.set('k', 1);
    expect(await entryFiles(dir), 'one entry file in the new directory').toHaveLength(1);
  });

  it('opens by itself: a cache made with new DiskCache() works without calling open()', async () => {
    const dir = await cacheDir();
    const cache = new DiskCache<number>({ dir });
    expect(await cache.set('k', 1), 'set() on a cache nobody opened must open it first').toBe(true);
    expect(await entryFiles(dir), 'the directory was created by the first operation').toHaveLength(1);
  });

  it('is idempotent: open() twice keeps the entries and resolves to the cache', async () => {
    const cache = new DiskCache<number>({ dir: await cacheDir() });
    expect(await cache.open(), 'open() resolves to the cache itself').toBe(cache);
    await cache.set('k', 1);
    expect(await cache.open()).toBe(cache);
    expect(await cache.get('k'), 'a second open() changes nothing').toBe(1);
  });

  it('rejects when the directory cannot be prepared, and a later open() tries again', async () => {
    const dir = await cacheDir();
    // A regular file where the directory should be: mkdir fails.
    await writeFile(dir, 'not a directory');
    const cache = new DiskCache<number>({ dir });
    await expect(cache.open(), 'open() rejects when the directory cannot be created').rejects.toThrow();
    await rm(dir);
    await expect(cache.open(), 'once the obstacle is gone, the next open() must try again, not repeat the old failure').resolves.toBe(cache);
    expect(await cache.set('k', 1)).toBe(true);
  });
});

describe('dir is the cache directory as an absolute path [ex2.persistence.dir]', () => {
  it('resolves a relative dir against the working directory', () => {
    const cache = new DiskCache({ dir: 'relative/cache-dir' });
    expect(cache.dir, 'cache.dir must be absolute (path.resolve)').toBe(resolve('relative/cache-dir'));
  });
});

describe('has() is true exactly for a live entry [ex2.persistence.has]', () => {
  it('has() is true for a stored key and false for a missing one', async () => {
    const cache = new DiskCache<string>({ dir: await cacheDir() });
    await cache.set('k', 'v');
    expect(await cache.has('k')).toBe(true);
    expect(await cache.has('nope')).toBe(false);
  });
});

describe('delete() removes the file and says whether there was one [ex2.persistence.delete]', () => {
  it('delete() removes the entry and its file, and resolves to whether there was one', async () => {
    const cache = new DiskCache<string>({ dir: await cacheDir() });
    await cache.set('k', 'v');
    expect(await cache.delete('k'), 'deleting a stored key resolves to true').toBe(true);
    expect(await cache.get('k')).toBeUndefined();
    expect(await entryFiles(cache.dir), 'the entry file is gone').toEqual([]);
    expect(await cache.delete('k'), 'deleting it again resolves to false').toBe(false);
  });
});

describe('clear() removes every entry file in the directory, and only those [ex2.persistence.clear]', () => {
  it('removes every entry, and the cache stays usable', async () => {
    const cache = new DiskCache<number>({ dir: await cacheDir() });
    for (let i = 0; i < 10; i++) await cache.set(`k${i}`, i);
    await cache.clear();
    expect(await entryFiles(cache.dir), 'no entry files after clear()').toEqual([]);
    expect(await cache.get('k3')).toBeUndefined();
    await cache.set('after', 1);
    expect(await cache.get('after'), 'the cache is usable after clear()').toBe(1);
  });

  it('removes the entries another instance wrote too', async () => {
    const dir = await cacheDir();
    const mine = await DiskCache.open<number>({ dir });
    const theirs = await DiskCache.open<number>({ dir });
    await theirs.set('theirs', 1);
    await mine.clear();
    expect(await entryFiles(dir), 'clear() lists the directory: every entry file goes, whoever wrote it').toEqual([]);
  });

  it('leaves alone files that are not entry files', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<number>({ dir });
    await cache.set('k', 1);
    const name = entryFileName('k');
    // Names that merely contain an entry name, and a temp file of a writer that is still running (this process).
    const others = ['notes.txt', `${name}.bak`, `old-${name}`, `${name}.${process.pid}.live1.tmp`];
    for (const other of others) await writeFile(join(dir, other), 'not the cache\u2019s to remove');
    await cache.clear();
    expect((await readdir(dir)).filter((file) => others.includes(file)).sort(), 'only entry files (exactly 64 hex characters) are the cache\u2019s to remove').toEqual([...others].sort());
  });

  it('lets two clear() calls run at once: both resolve', async () => {
    const cache = await DiskCache.open<number>({ dir: await cacheDir() });
    for (let i = 0; i < 5; i++) await cache.set(`k${i}`, i);
    await Promise.all([cache.clear(), cache.clear()]);
    expect(await entryFiles(cache.dir)).toEqual([]);
  });

  it('waits for the operations already started on this instance', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<string>({ dir });
    const write = cache.set('k', 'x'.repeat(200_000));
    await cache.clear();
    await write;
    expect(await entryFiles(dir), 'set() was called before clear(): clear() removes its file too').toEqual([]);
  });
});

describe('keys() lists every live key in the directory [ex2.persistence.keys]', () => {
  it('lists with keys() every live key in the directory, whoever wrote it', async () => {
    const dir = await cacheDir();
    const a = new DiskCache<number>({ dir });
    const b = new DiskCache<number>({ dir });
    await a.set('from-a', 1);
    await b.set('from-b', 2);
    await b.set('odd/key ✓', 3);
    const keys: string[] = [];
    for await (const key of a.keys()) keys.push(key);
    expect(keys.sort()).toEqual(['from-a', 'from-b', 'odd/key ✓']);
  });

  it('leaves out expired and deleted keys', async () => {
    let now = 0;
    const cache = new DiskCache<number>({ dir: await cacheDir(), now: () => now });
    await cache.set('live', 1);
    await cache.set('short', 2, 10);
    await cache.set('gone', 3);
    await cache.delete('gone');
    now = 10;
    const keys: string[] = [];
    for await (const key of cache.keys()) keys.push(key);
    expect(keys, "'short' expired at t=10 and 'gone' was deleted").toEqual(['live']);
  });

  it('reads only entry files: other files in the directory are neither judged nor removed', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<number>({ dir });
    await cache.set('a', 1);
    const warnings: unknown[] = [];
    cache.on('warning', (w) => warnings.push(w));
    const others = ['notes.txt', `${entryFileName('a')}.bak`, `${entryFileName('b')}.${process.pid}.live1.tmp`];
    for (const other of others) await writeFile(join(dir, other), 'not an entry');
    const keys: string[] = [];
    for await (const key of cache.keys()) keys.push(key);
    expect(keys).toEqual(['a']);
    expect(warnings, 'a file whose name is not 64 hex characters is not an entry: keys() does not read it').toEqual([]);
    expect((await readdir(dir)).filter((file) => others.includes(file)).sort(), 'and leaves it where it is').toEqual([...others].sort());
  });

  it('skips a file whose header holds a key that is not its name', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<number>({ dir });
    await cache.set('a', 1);
    // The same header under another key's name: listing it would name 'a' twice, and get('a') would not find it there.
    await copyFile(join(dir, entryFileName('a')), join(dir, entryFileName('b')));
    const keys: string[] = [];
    for await (const key of cache.keys()) keys.push(key);
    expect(keys, 'only the file named entryFileName(header.key) counts').toEqual(['a']);
  });
});

describe('close() finishes what was started, and the cache stays usable [ex2.persistence.close]', () => {
  it('waits for the writes already started before it resolves', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<string>({ dir });
    const writes = [cache.set('a', 'x'.repeat(50_000)), cache.set('b', 'y'), cache.set('c', 'z')];
    await cache.close();
    expect(await entryFiles(dir), 'three set() calls were started before close(): their files are there when it resolves').toHaveLength(3);
    await Promise.all(writes);
  });

  it('keeps the cache usable after close()', async () => {
    const cache = await DiskCache.open<string>({ dir: await cacheDir() });
    await cache.set('k', 'v');
    await cache.close();
    expect(await cache.get('k'), 'get() after close()').toBe('v');
    expect(await cache.set('k2', 'w'), 'set() after close()').toBe(true);
    await cache.close();
  });
});

describe('DiskCache validates its options and arguments [ex2.persistence.validation]', () => {
  it('requires `dir`, with a TypeError that names it', () => {
    expect(() => new DiskCache({} as never)).toThrow(TypeError);
    expect(() => new DiskCache({} as never)).toThrow(/`dir`/);
    expect(() => new DiskCache({ dir: '' })).toThrow(/`dir`/);
  });

  it('names `dir` also when no options object is given at all', () => {
    expect(() => new DiskCache(undefined as never), 'new DiskCache() without options: a TypeError naming `dir`, not a crash reading undefined.dir').toThrow(/`dir`/);
  });

  it.each([
    ['a missing dir', {}, /got undefined/],
    ['an empty dir', { dir: '' }, /got an empty string/],
    ['a dir that is a number', { dir: 42 }, /got number/],
  ] as const)('says what it got instead of a directory path, for %s', (_name, options, got) => {
    expect(() => new DiskCache(options as never), `the TypeError says what \`dir\` was instead of a path (${String(got)})`).toThrow(got);
  });

  it.each([
    ['ttlMs', -5, RangeError],
    ['ttlMs', 0, RangeError],
    ['ttlMs', NaN, RangeError],
    ['ttlMs', '1000', TypeError],
    ['maxBytes', 0, RangeError],
    ['maxBytes', 10.5, RangeError],
    ['maxBytes', '5000', TypeError],
    ['compressAboveBytes', '0', TypeError],
    ['compressAboveBytes', -1, RangeError],
    ['compressAboveBytes', 2.5, RangeError],
    ['compression', 'zip', TypeError],
    ['durable', 'yes', TypeError],
    ['throwOnErrors', 1, TypeError],
    ['now', 123, TypeError],
  ] as const)('rejects `%s` = %j with a %o that names it', (option, value, type) => {
    const make = () => new DiskCache({ dir: '/tmp/never-created', [option]: value } as never);
    expect(make).toThrow(type);
    expect(make).toThrow(new RegExp(`\`${option}\``));
  });

  it.each([
    ['maxBytes', 1],
    ['maxBytes', Infinity],
    ['compressAboveBytes', 0],
    ['compressAboveBytes', Infinity],
    ['ttlMs', Infinity],
  ] as const)('accepts `%s` = %s', async (option, value) => {
    const cache = new DiskCache({ dir: await cacheDir(), [option]: value } as never);
    await expect(cache.open(), `${option} = ${value} is a valid setting`).resolves.toBe(cache);
  });

  it('rejects a key that is not a string with a TypeError', async () => {
    const cache = new DiskCache<string>({ dir: await cacheDir() });
    await expect(cache.get(42 as unknown as string)).rejects.toThrow(TypeError);
    await expect(cache.set(undefined as unknown as string, 'v')).rejects.toThrow(TypeError);
    await expect(cache.has(null as unknown as string)).rejects.toThrow(TypeError);
    await expect(cache.delete({} as unknown as string)).rejects.toThrow(TypeError);
  });

  it.each([
    ['get', (cache: DiskCache<string>) => cache.get(42 as unknown as string)],
    ['set', (cache: DiskCache<string>) => cache.set(undefined as unknown as string, 'v')],
    ['has', (cache: DiskCache<string>) => cache.has(null as unknown as string)],
    ['delete', (cache: DiskCache<string>) => cache.delete({} as unknown as string)],
  ] as const)('names `key` in the TypeError when %s() gets a key that is not a string', async (_name, call) => {
    const cache = new DiskCache<string>({ dir: await cacheDir() });
    await expect(call(cache), 'the TypeError names the argument: `key` (assertKey in validate.ts)').rejects.toThrow(/`key`/);
  });

  it('rejects a ttl passed to set() that is not positive, with a RangeError naming `ttlMs`', async () => {
    const cache = new DiskCache<string>({ dir: await cacheDir() });
    await expect(cache.set('k', 'v', 0)).rejects.toThrow(RangeError);
    await expect(cache.set('k', 'v', -1)).rejects.toThrow(/`ttlMs`/);
  });
});
