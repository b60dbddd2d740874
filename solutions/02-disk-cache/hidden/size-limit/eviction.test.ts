import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
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

/** A cache with room for three ~1 KB entries and a little more, holding a, b and c, set in that order. */
async function cacheWithABC(): Promise<DiskCache<unknown>> {
  const probe = await DiskCache.open<unknown>({ dir: await cacheDir() });
  await probe.set('a', kilobyte('a'));
  const cache = await DiskCache.open<unknown>({ dir: await cacheDir(), maxBytes: (await fileSize(probe.dir, 'a')) * 3 + 10 });
  for (const key of ['a', 'b', 'c']) await cache.set(key, kilobyte(key));
  return cache;
}

describe('bytes and size count every known entry file, exactly [ex2.size-limit.accounting]', () => {
  it('counts in `bytes` the size of every entry file, and in `size` their number', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<unknown>({ dir });
    for (let i = 0; i < 7; i++) await cache.set(`k${i}`, { i, fill: 'y'.repeat(i * 50) });
    expect(cache.bytes, 'bytes = the sum of the entry files\u2019 sizes').toBe(await entryBytes(dir));
    expect(cache.size).toBe(7);
    await cache.delete('k3');
    expect(cache.bytes, 'a delete is accounted too').toBe(await entryBytes(dir));
    expect(cache.size).toBe(6);
    await cache.set('k2', { replaced: 'z'.repeat(700) });
    expect(cache.bytes, 'an overwrite replaces the old size, it does not add to it').toBe(await entryBytes(dir));
    expect(cache.size, 'an overwrite is still one entry').toBe(6);
    await cache.clear();
    expect([cache.size, cache.bytes], 'clear() leaves nothing to count').toEqual([0, 0]);
  });

  it('stops counting an entry that a read finds expired or deleted by another instance', async () => {
    const dir = await cacheDir();
    let now = 0;
    const cache = await DiskCache.open<unknown>({ dir, now: () => now });
    await cache.set('stays', kilobyte('stays'));
    await cache.set('expires', kilobyte('expires'), 10);
    await cache.set('deleted', kilobyte('deleted'));
    const one = await fileSize(dir, 'stays');
    await new DiskCache<unknown>({ dir }).delete('deleted');
    now = 1_000;
    await cache.get('expires');
    await cache.get('deleted');
    expect(cache.size, "after reading them, the cache knows 'expires' and 'deleted' are gone").toBe(1);
    expect(cache.bytes, 'only the one live entry is counted').toBe(one);
  });

  it('counts an entry another instance wrote once it reads it', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<unknown>({ dir });
    await new DiskCache<unknown>({ dir }).set('theirs', kilobyte('theirs'));
    expect(await cache.get('theirs')).toEqual(kilobyte('theirs'));
    expect(cache.size, 'read since it opened: now known').toBe(1);
    expect(cache.bytes).toBe(await entryBytes(dir));
  });

  it('counts only entry files: temp files and other files in the directory are not entries', async () => {
    const dir = await cacheDir();
    const first = await DiskCache.open<unknown>({ dir });
    await first.set('k', kilobyte('k'));
    await first.close();
    await writeFile(join(dir, `${entryFileName('k')}.${process.pid}.busy1.tmp`), 'x'.repeat(5_000));
    await writeFile(join(dir, 'notes.txt'), 'x'.repeat(3_000));
    const second = await DiskCache.open<unknown>({ dir });
    expect(second.size).toBe(1);
    expect(second.bytes, 'bytes counts the entry file only').toBe(await entryBytes(dir));
  });
});

describe('after every set() the entry files take at most maxBytes [ex2.size-limit.max-bytes]', () => {
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

  it('removes only as many entries as it takes: entries that fill maxBytes exactly all stay', async () => {
    const probe = await DiskCache.open<unknown>({ dir: await cacheDir() });
    await probe.set('a', kilobyte('a'));
    const one = await fileSize(probe.dir, 'a');
    // Keys and values of one length: every entry file takes `one` bytes, and two fill maxBytes exactly.
    const cache = await DiskCache.open<unknown>({ dir: await cacheDir(), maxBytes: one * 2 });
    for (const key of ['a', 'b', 'c']) await cache.set(key, kilobyte(key));
    expect(await entryFiles(cache.dir), `maxBytes = ${2 * one} holds exactly two entries of ${one} bytes: only 'a' goes`).toEqual([entryFileName('b'), entryFileName('c')].sort());
    expect(cache.bytes).toBe(one * 2);
  });

  it("does not fail the set() when an entry cannot be removed: an 'error' event names 'evict'", async () => {
    const probe = await DiskCache.open<unknown>({ dir: await cacheDir() });
    await probe.set('a', kilobyte('a'));
    const one = await fileSize(probe.dir, 'a');
    const dir = await cacheDir();
    const cache = await DiskCache.open<unknown>({ dir, maxBytes: Math.floor(one * 2.5) });
    const operations: unknown[] = [];
    cache.on('error', (_error, operation) => operations.push(operation));
    await cache.set('a', kilobyte('a'));
    await cache.set('b', kilobyte('b'));
    // 'a', the least recently used, becomes a directory: unlinking it fails (EISDIR).
    await rm(join(dir, entryFileName('a')));
    await mkdir(join(dir, entryFileName('a')));
    expect(await cache.set('c', kilobyte('c')), "'c' was stored; that evicting 'a' failed does not make set() fail").toBe(true);
    expect(operations, "the failed removal is reported as an 'error' event with operation 'evict'").toEqual(['evict']);
    expect(await cache.get('c')).toEqual(kilobyte('c'));
  });
});

describe('the least recently used entries go first; set() and get() are uses, has() is not [ex2.size-limit.lru]', () => {
  it('removes the least recently used entry first: a get() counts as a use', async () => {
    const cache = await cacheWithABC();
    await cache.get('a');
    await cache.set('d', kilobyte('d'));
    expect(await cache.has('b'), "'b' is the least recently used: it goes").toBe(false);
    expect([await cache.has('a'), await cache.has('c'), await cache.has('d')], "'a' was read, so it stays; 'c' and 'd' too").toEqual([true, true, true]);
  });

  // Listing visits the files in directory order; whatever that order is, one of these cases tells a listing that
  // counted as a use from one that did not.
  it.each([
    ['x, y', ['x', 'y'], [], 'x'],
    ['y, x', ['y', 'x'], [], 'y'],
    ['x, y, then get(x)', ['x', 'y'], ['x'], 'y'],
  ] as const)('does not count listing keys() as a use (set %s)', async (_name, sets, gets, oldest) => {
    const probe = await DiskCache.open<unknown>({ dir: await cacheDir() });
    await probe.set('x', kilobyte('x'));
    const cache = await DiskCache.open<unknown>({ dir: await cacheDir(), maxBytes: Math.floor((await fileSize(probe.dir, 'x')) * 2.5) });
    for (const key of sets) await cache.set(key, kilobyte(key));
    for (const key of gets) await cache.get(key);
    const listed: string[] = [];
    for await (const key of cache.keys()) listed.push(key);
    expect(listed.sort()).toEqual(['x', 'y']);
    await cache.set('z', kilobyte('z'));
    expect(await entryFiles(cache.dir), `'${oldest}' was used least recently; keys() read every file but is no use, so '${oldest}' goes`).not.toContain(entryFileName(oldest));
    expect(await entryFiles(cache.dir)).toHaveLength(2);
  });

  it('does not count has() as a use', async () => {
    const cache = await cacheWithABC();
    expect(await cache.has('a')).toBe(true);
    await cache.set('d', kilobyte('d'));
    expect(await entryFiles(cache.dir), "has('a') is not a use: 'a' is still the least recently used, so it goes").not.toContain(entryFileName('a'));
    expect(await entryFiles(cache.dir)).toContain(entryFileName('b'));
  });
});

describe('a value whose file alone exceeds maxBytes is not stored, and the key\u2019s old value goes [ex2.size-limit.too-large]', () => {
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

  it("gives maxBytes in the 'too-large' warning's message", async () => {
    const cache = await DiskCache.open<unknown>({ dir: await cacheDir(), maxBytes: 1_234, compressAboveBytes: Infinity });
    const warnings: Array<{ message?: string }> = [];
    cache.on('warning', (w) => warnings.push(w));
    await cache.set('k', 'z'.repeat(5_000));
    expect(warnings[0]?.message, 'the message says what the entry had to fit in: maxBytes, 1234').toMatch(/1234|1,234/);
  });

  it('stores a value whose file takes exactly maxBytes', async () => {
    const probe = await DiskCache.open<unknown>({ dir: await cacheDir() });
    await probe.set('k', kilobyte('k'));
    const exact = await fileSize(probe.dir, 'k');
    const cache = await DiskCache.open<unknown>({ dir: await cacheDir(), maxBytes: exact });
    expect(await cache.set('k', kilobyte('k')), `a file of ${exact} bytes fits maxBytes = ${exact}`).toBe(true);
    expect(await cache.get('k')).toEqual(kilobyte('k'));
  });
});
