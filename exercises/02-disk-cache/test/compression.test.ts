import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskCache, entryFileName } from '@impl';
import { tempCacheDir } from './temp-dir.js';

async function encodingOf(dir: string, key: string): Promise<string> {
  const text = (await readFile(join(dir, entryFileName(key)))).toString('latin1');
  return (JSON.parse(text.slice(0, text.indexOf('\n'))) as { encoding: string }).encoding;
}

describe('DiskCache compression (public)', () => {
  it('compresses a value above compressAboveBytes and reads it back', async () => {
    const dir = await tempCacheDir();
    const cache = await DiskCache.open<{ text: string }>({ dir, compressAboveBytes: 1_000 });
    const value = { text: 'Cache hits are free. '.repeat(500) };
    await cache.set('k', value);
    expect(await encodingOf(dir, 'k')).not.toBe('identity');
    expect(await cache.get('k')).toEqual(value);
  });

  it('leaves a small value uncompressed', async () => {
    const dir = await tempCacheDir();
    const cache = await DiskCache.open<string>({ dir, compressAboveBytes: 1_000 });
    await cache.set('k', 'short');
    expect(await encodingOf(dir, 'k')).toBe('identity');
  });
});
