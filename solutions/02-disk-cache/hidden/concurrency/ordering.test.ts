import { describe, expect, it } from 'vitest';
import { DiskCache } from '@impl';
import { cacheDir, entryFiles } from '../helpers/dirs.js';

describe('DiskCache operations on one key', () => {
  it('keeps call order within an instance: the last set() called wins, even when earlier ones are slower', async () => {
    const cache = await DiskCache.open<string>({ dir: await cacheDir(), compressAboveBytes: Infinity });
    for (let round = 0; round < 10; round++) {
      // The first write is far larger than the last, so it would finish last if nothing kept the order.
      const writes = [cache.set('k', 'x'.repeat(400_000)), cache.set('k', 'y'.repeat(20_000)), cache.set('k', `last ${round}`)];
      await Promise.all(writes);
      expect(await cache.get('k'), `round ${round}: set(k, …) three times without awaiting; the third must win`).toBe(`last ${round}`);
    }
  });

  it('orders a delete() after the set() called before it', async () => {
    const cache = await DiskCache.open<string>({ dir: await cacheDir() });
    const set = cache.set('k', 'v'.repeat(300_000));
    const removed = cache.delete('k');
    await Promise.all([set, removed]);
    expect(await cache.get('k')).toBeUndefined();
    expect(await entryFiles(cache.dir)).toEqual([]);
  });

  it('serves a get() called right after set() the new value', async () => {
    const cache = await DiskCache.open<string>({ dir: await cacheDir() });
    await cache.set('k', 'old');
    const [, value] = await Promise.all([cache.set('k', 'new'), cache.get('k')]);
    expect(value).toBe('new');
  });

  it('keeps no value in memory: a change by another instance is seen at once', async () => {
    const dir = await cacheDir();
    const a = await DiskCache.open<string>({ dir });
    const b = await DiskCache.open<string>({ dir });
    await a.set('k', 'one');
    expect(await a.get('k')).toBe('one');
    await b.set('k', 'two');
    expect(await a.get('k'), 'the other instance replaced it').toBe('two');
    await b.delete('k');
    expect(await a.get('k'), 'the other instance deleted it').toBeUndefined();
  });

  it('leaves one whole value when two instances race on a key', async () => {
    const dir = await cacheDir();
    const a = await DiskCache.open<string>({ dir });
    const b = await DiskCache.open<string>({ dir });
    const big = (c: string) => c.repeat(200_000);
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).set('k', big(String(i)))));
    const value = await a.get('k');
    expect(value !== undefined && /^(\d)\1*$/.test(value) && value.length === 200_000, 'one writer\u2019s value, whole').toBe(true);
  });
});
