import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskCache, entryFileName } from '@impl';
import { cacheDir } from '../helpers/dirs.js';

/** A cache whose directory is a regular file: every operation fails on the disk. */
async function brokenCache(options: { throwOnErrors?: boolean } = {}) {
  const dir = await cacheDir();
  await writeFile(dir, 'not a directory');
  return new DiskCache<string>({ dir, ...options });
}

describe('a disk failure answers as a miss and emits an error event, unless throwOnErrors [ex2.persistence.errors]', () => {
  it('answers get() with undefined, set() and delete() with false, without rejecting', async () => {
    const cache = await brokenCache();
    expect(await cache.get('k'), 'get() on a broken disk: undefined, not a rejection').toBeUndefined();
    expect(await cache.set('k', 'v'), 'set() on a broken disk: false').toBe(false);
    expect(await cache.delete('k'), 'delete() on a broken disk: false').toBe(false);
  });

  it('answers has() with false on a broken disk', async () => {
    const cache = await brokenCache();
    expect(await cache.has('k'), 'has() on a broken disk: false, as for any miss').toBe(false);
  });

  it("emits each failure as an 'error' event with the Error and the operation", async () => {
    const cache = await brokenCache();
    const errors: Array<[unknown, unknown]> = [];
    cache.on('error', (error, operation) => errors.push([error, operation]));
    await cache.get('k');
    await cache.set('k', 'v');
    expect(errors.length, "one 'error' event per failed call").toBe(2);
    for (const [error, operation] of errors) {
      expect(error, 'the first argument is the Error').toBeInstanceOf(Error);
      expect(typeof operation, 'the second names the operation').toBe('string');
    }
  });

  it('rejects instead with throwOnErrors: true', async () => {
    const cache = await brokenCache({ throwOnErrors: true });
    // The disk's own error (it has an errno code such as ENOTDIR or EEXIST), not a miss and not a TypeError.
    await expect(cache.get('k'), 'throwOnErrors: the failure rejects get()').rejects.toHaveProperty('code');
    await expect(cache.set('k', 'v'), 'and set()').rejects.toHaveProperty('code');
  });

  it.each([
    ['get', (cache: DiskCache<string>) => cache.get('k')],
    ['has', (cache: DiskCache<string>) => cache.has('k')],
    ['set', (cache: DiskCache<string>) => cache.set('k', 'v')],
    ['delete', (cache: DiskCache<string>) => cache.delete('k')],
    ['clear', (cache: DiskCache<string>) => cache.clear()],
  ] as const)("names the operation that failed in the 'error' event: '%s'", async (operation, call) => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<string>({ dir });
    const operations: unknown[] = [];
    cache.on('error', (_error, op) => operations.push(op));
    // A directory where the entry file should be: reading, replacing and unlinking it all fail (EISDIR), and none
    // of these failures is a missing file.
    await mkdir(join(dir, entryFileName('k')));
    await call(cache);
    expect(operations, `the entry's path is a directory: ${operation}() fails on the disk, which is an 'error' event naming '${operation}', not a quiet miss`).toEqual([operation]);
  });

  it("names 'open' when the cache could not even be opened", async () => {
    const cache = await brokenCache();
    const operations: unknown[] = [];
    cache.on('error', (_error, op) => operations.push(op));
    await cache.get('k');
    expect(operations, "the directory could not be prepared: the operation in the 'error' event is 'open'").toEqual(['open']);
  });

  it("lists no keys when the directory cannot be listed, with an 'error' event naming 'keys'", async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<string>({ dir });
    await cache.set('k', 'v');
    const operations: unknown[] = [];
    cache.on('error', (_error, op) => operations.push(op));
    // The directory is replaced by a file once the cache is open: listing it fails (ENOTDIR).
    await rm(dir, { recursive: true });
    await writeFile(dir, 'not a directory');
    const keys: string[] = [];
    for await (const key of cache.keys()) keys.push(key);
    expect(keys, 'a listing that failed lists nothing').toEqual([]);
    expect(operations).toEqual(['keys']);
  });

  it('treats a missing file as a miss, not a failure: no error event, and nothing rejects with throwOnErrors', async () => {
    const cache = await DiskCache.open<string>({ dir: await cacheDir(), throwOnErrors: true });
    const errors: unknown[] = [];
    cache.on('error', (error) => errors.push(error));
    expect(await cache.get('never-set'), 'no file (ENOENT) is an ordinary miss').toBeUndefined();
    expect(await cache.has('never-set')).toBe(false);
    expect(await cache.delete('never-set'), 'deleting a key that has no file resolves to false, it does not reject').toBe(false);
    expect(errors, "a missing file is no disk failure: no 'error' event").toEqual([]);
  });
});
