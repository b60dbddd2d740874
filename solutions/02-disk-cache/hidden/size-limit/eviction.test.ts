import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskCache, entryFileName } from '@impl';
import { cacheDir, entryBytes, entryFiles } from '../helpers/dirs.js';

/** A value whose entry file takes about 1 KB. */
const kilobyte = (tag: string) => ({ tag, fill: 'x'.repeat(900) });

/** Bytes the entry file for `key` takes, once written. */
async function fileSize(dir: string, key: string): Promise<number> {
  return (await stat(join(dir, entryFileName(key)))).size;
}

describe('DiskCache maxBytes', () => {
  it('counts in `bytes` the size of every entry file, and in `size` their number', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<unknown>({ dir });
    for (let i = 0; i < 7; i++) await cache.set(`k${i}`, { i, fill: 'y'.repeat(i * 50) });
    expect(cache.bytes, 'bytes = the sum of the entry files\u2019 sizes').toBe(await entryBytes(dir));
    expect(cache.size).toBe(7);
    await cache.delete('k3');
    expect(cache.bytes, 'a delete is accounted too').toBe(await entryBytes(dir));
    expect(cache.size).toBe(6);
  });

  it('keeps the directory under maxBytes by removing entries after a set', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<unknown>({ dir, maxBytes: 5_000 });
    for (let i = 0; i < 20; i++) {
      await cache.set(`k${i}`, kilobyte(`${i}`));
      expect(await entryBytes(dir), `after set #${i + 1}, the entry files must fit in maxBytes = 5000`).toBeLessThanOrEqual(5_000);
    }
    expect(await cache.get('k19'), 'the newest entry stays').toEqual(kilobyte('19'));
    expect(cache.bytes).toBe(await entryBytes(dir));
  });

  it('removes the least recently used entry first: a get() counts as a use', async () => {
    const dir = await cacheDir();
    const probe = await DiskCache.open<unknown>({ dir: await cacheDir() });
    await probe.set('a', kilobyte('a'));
    const one = await fileSize(probe.dir, 'a');
    const cache = await DiskCache.open<unknown>({ dir, maxBytes: one * 3 + 10 });
    await cache.set('a', kilobyte('a'));
    await cache.set('b', kilobyte('b'));
    await cache.set('c', kilobyte('c'));
    await cache.get('a');
    await cache.set('d', kilobyte('d'));
    expect(await cache.has('b'), "'b' is the least recently used: it goes").toBe(false);
    expect([await cache.has('a'), await cache.has('c'), await cache.has('d')], "'a' was read, so it stays; 'c' and 'd' too").toEqual([true, true, true]);
  });

  it('does not store a value whose file alone exceeds maxBytes, and drops the key\u2019s old value', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<unknown>({ dir, maxBytes: 2_000, compressAboveBytes: Infinity });
    const warnings: Array<{ code?: string }> = [];
    cache.on('warning', (w) => warnings.push(w));
    await cache.set('k', 'small');
    await cache.set('other', 'stays');
    expect(await cache.set('k', 'z'.repeat(5_000)), 'set() resolves to false when nothing was stored').toBe(false);
    expect(await cache.get('k'), 'the replaced value must not be served').toBeUndefined();
    expect(await cache.get('other'), 'other entries are not sacrificed for a value that cannot fit').toBe('stays');
    expect(warnings.map((w) => w.code)).toEqual(['too-large']);
  });

  it('makes room by the entry files\u2019 real sizes, compressed or not', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<unknown>({ dir, maxBytes: 3_000, compressAboveBytes: 100 });
    // 20 KB of JSON each, a few hundred bytes once compressed: all of them fit.
    for (let i = 0; i < 5; i++) await cache.set(`k${i}`, { i, text: 'lorem ipsum '.repeat(1_700) });
    expect(await entryFiles(dir)).toHaveLength(5);
    expect(cache.bytes).toBe(await entryBytes(dir));
  });
});
