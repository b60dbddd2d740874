import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskCache, entryFileName } from '@impl';
import { tempCacheDir } from './temp-dir.js';

describe('DiskCache safe names and format (public)', () => {
  it('names files by 64 hex characters, whatever the key', () => {
    for (const key of ['a/b', '..', '../../etc/passwd', 'ключ 🔑', 'x'.repeat(10_000)]) expect(entryFileName(key)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps a key that climbs out of the directory inside it', async () => {
    const dir = await tempCacheDir();
    const cache = await DiskCache.open<string>({ dir });
    await cache.set('../../escape', 'v');
    expect(await readdir(dirname(dir))).toEqual(['cache']);
    expect(await cache.get('../../escape')).toBe('v');
  });

  it('rejects a value JSON cannot carry with a TypeError', async () => {
    const cache = await DiskCache.open<unknown>({ dir: await tempCacheDir() });
    await expect(cache.set('k', { when: new Date() })).rejects.toThrow(TypeError);
    await expect(cache.set('k', { n: 10n })).rejects.toThrow(TypeError);
  });

  it('writes a header line with version 1 and the original key', async () => {
    const dir = await tempCacheDir();
    const cache = await DiskCache.open<string>({ dir });
    await cache.set('user:42', 'Ada');
    const text = await readFile(join(dir, entryFileName('user:42')), 'utf8');
    expect(JSON.parse(text.slice(0, text.indexOf('\n')))).toMatchObject({ v: 1, key: 'user:42' });
  });
});
