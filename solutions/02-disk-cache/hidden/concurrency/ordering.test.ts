import { describe, expect, it } from 'vitest';
import { DiskCache } from '@impl';
import { cacheDir, entryFiles } from '../helpers/dirs.js';

describe('operations on one key run in the order they were called [ex2.concurrency.call-order]', () => {
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

  it('makes a set() called while earlier ones still run wait for all of them', async () => {
    const cache = await DiskCache.open<string>({ dir: await cacheDir(), compressAboveBytes: Infinity });
    const first = cache.set('k', 'first');
    const slow = cache.set('k', 'x'.repeat(2_000_000));
    await first;
    // The first set() is done, the slow one is still queued or running: this one must still come after it.
    await cache.set('k', 'last');
    await slow;
    expect(await cache.get('k'), 'set() called last wins, even when the queue had partly drained').toBe('last');
  });

  it('makes a get() called once the first of two queued set()s has finished wait for the second', async () => {
    const cache = await DiskCache.open<string>({ dir: await cacheDir(), compressAboveBytes: Infinity });
    const big = 'x'.repeat(4_000_000);
    const first = cache.set('k', 'first');
    const second = cache.set('k', big);
    await first;
    // Let whatever the first set() left to do after it settled run, while the large second one is still writing.
    await new Promise((resolve) => setImmediate(resolve));
    const read = await cache.get('k');
    await second;
    expect(read === big, `get() was called after set(k, 4 MB): it must see that value, not ${read === 'first' ? "'first'" : 'something else'} (the key's queue still holds the second set)`).toBe(true);
  });

  it('serves a get() called right after set() the new value', async () => {
    const cache = await DiskCache.open<string>({ dir: await cacheDir() });
    await cache.set('k', 'old');
    const [, value] = await Promise.all([cache.set('k', 'new'), cache.get('k')]);
    expect(value).toBe('new');
  });
});

describe('no value is kept in memory: another instance\u2019s set() and delete() are seen at once [ex2.concurrency.no-stale-memory]', () => {
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
});

describe('two instances writing one key at once both succeed, and one whole value stays [ex2.concurrency.two-instances]', () => {
  it('lets two instances in one process write one key at the same time: every set() succeeds, one whole value stays', async () => {
    const dir = await cacheDir();
    const a = await DiskCache.open<string>({ dir });
    const b = await DiskCache.open<string>({ dir });
    const errors: unknown[] = [];
    for (const cache of [a, b]) cache.on('error', (error) => errors.push(error));
    const big = (c: string) => c.repeat(200_000);
    const stored = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).set('k', big(String(i)))));
    expect(errors, 'no write may fail: two writers must never share a temp file name').toEqual([]);
    expect(stored, 'every set() resolves to true').toEqual(Array(10).fill(true));
    const value = await a.get('k');
    expect(value !== undefined && /^(\d)\1*$/.test(value) && value.length === 200_000, 'one writer\u2019s value, whole').toBe(true);
  });
});
