import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskCache } from '@impl';
import { tempCacheDir } from './temp-dir.js';

async function bytesOnDisk(dir: string): Promise<number> {
  let total = 0;
  for (const name of (await readdir(dir)).filter((n) => /^[0-9a-f]{64}$/.test(n))) total += (await stat(join(dir, name))).size;
  return total;
}

describe('DiskCache size limit (public)', () => {
  it('accounts in `bytes` for the size of every entry file', async () => {
    const dir = await tempCacheDir();
    const cache = await DiskCache.open<string>({ dir });
    await cache.set('a', 'x'.repeat(100));
    await cache.set('b', 'y'.repeat(300));
    expect(cache.bytes).toBe(await bytesOnDisk(dir));
  });

  it('removes the least recently used entry to stay under maxBytes', async () => {
    const dir = await tempCacheDir();
    const cache = await DiskCache.open<string>({ dir, maxBytes: 3_500 });
    await cache.set('a', 'a'.repeat(1_000));
    await cache.set('b', 'b'.repeat(1_000));
    await cache.set('c', 'c'.repeat(1_000));
    await cache.get('a');
    await cache.set('d', 'd'.repeat(1_000));
    expect(await cache.has('b'), "'b' was used least recently").toBe(false);
    expect(await cache.has('a'), "'a' was read just before").toBe(true);
    expect(await bytesOnDisk(dir)).toBeLessThanOrEqual(3_500);
  });
});
