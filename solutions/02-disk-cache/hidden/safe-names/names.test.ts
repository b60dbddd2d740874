import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskCache, entryFileName } from '@impl';
import { cacheDir, entryFiles } from '../helpers/dirs.js';

const awkwardKeys: Array<[string, string]> = [
  ['a slash', 'a/b'],
  ['a parent reference', '..'],
  ['a path that climbs out', '../../../../etc/passwd'],
  ['an absolute path', '/tmp/evil'],
  ['backslashes', 'a\\b\\..\\c'],
  ['a NUL byte', 'nul\0byte'],
  ['Cyrillic', 'ключ'],
  ['emoji', '🔑 key 🗝️'],
  ['an empty string', ''],
  ['spaces and dots', ' . . '],
  ['a 10 KB key', 'x'.repeat(10_240)],
];

describe('entryFileName(key) is the SHA-256 of the key in lowercase hex [ex2.safe-names.hash]', () => {
  it('is the SHA-256 of the key in lowercase hex', () => {
    expect(entryFileName('user:42')).toBe(createHash('sha256').update('user:42').digest('hex'));
  });

  it.each(awkwardKeys)('gives %s a plain 64-character name', (_name, key) => {
    expect(entryFileName(key)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives different keys different names, even when they look alike', () => {
    const keys = ['a', 'A', 'a ', 'é', 'e\u0301', 'a/b', 'a\\b', 'a%2Fb'];
    expect(new Set(keys.map(entryFileName)).size).toBe(keys.length);
  });
});

describe('any key is stored in exactly one file inside the cache directory [ex2.safe-names.any-key]', () => {
  it.each(awkwardKeys)('stores and reads back a key with %s, inside the cache directory', async (_name, key) => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<string>({ dir });
    const around = await readdir(dirname(dir));
    await cache.set(key, 'value');
    expect(await cache.get(key)).toBe('value');
    expect(await entryFiles(dir), 'exactly one entry file, named entryFileName(key)').toEqual([entryFileName(key)]);
    expect(await readdir(dirname(dir)), 'nothing was written outside the cache directory').toEqual(around);
  });

  it('keeps keys that differ only in Unicode normalization apart', async () => {
    const cache = await DiskCache.open<string>({ dir: await cacheDir() });
    await cache.set('caf\u00e9', 'composed');
    await cache.set('cafe\u0301', 'decomposed');
    expect([await cache.get('caf\u00e9'), await cache.get('cafe\u0301')]).toEqual(['composed', 'decomposed']);
  });
});
