import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DiskCache } from '@impl';
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
});
