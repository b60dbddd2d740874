import { existsSync, realpathSync } from 'node:fs';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { cacheDir } from '../helpers/dirs.js';
import { recordFileHandleSyncs, syncedPaths } from '../helpers/fsync-spy.js';

// Every way to fsync from node:fs records the path it syncs (the mock applies to the code under test too).
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const { recordingFd, useReadlink } = await import('../helpers/fsync-spy.js');
  useReadlink(fs.readlinkSync);
  const patched = {
    fsync: recordingFd(fs.fsync),
    fsyncSync: recordingFd(fs.fsyncSync),
    fdatasync: recordingFd(fs.fdatasync),
    fdatasyncSync: recordingFd(fs.fdatasyncSync),
  };
  return { ...fs, ...patched, default: { ...fs, ...patched } };
});

/** Linux names each open descriptor under /proc/self/fd, so the test can tell which file was synced. */
const canNamePaths = existsSync('/proc/self/fd');

let DiskCache: typeof import('@impl').DiskCache;

describe('durable: true fsyncs the temp file before the rename and the directory after it [ex2.crash-safety.durable]', () => {
  beforeAll(async () => {
    await recordFileHandleSyncs();
    // The test files of an exercise share one process: load a fresh copy of the code under test, so that it imports
    // the recording node:fs even when an earlier file already loaded it with the real one.
    vi.resetModules();
    ({ DiskCache } = await import('@impl'));
  });
  beforeEach(() => {
    syncedPaths.length = 0;
  });

  it("with durable: true, fsyncs the entry's file and the cache directory before set() resolves", async () => {
    const cache = await DiskCache.open<string>({ dir: await cacheDir(), durable: true });
    syncedPaths.length = 0;
    await cache.set('k', 'v');
    const synced = [...syncedPaths];
    if (canNamePaths) {
      const dir = realpathSync(cache.dir);
      expect(synced.filter((path) => path.startsWith(`${dir}/`)).length, `a file in the cache directory must be fsynced before set() resolves (synced: ${JSON.stringify(synced)})`).toBeGreaterThan(0);
      expect(synced, 'the directory itself must be fsynced, so the rename survives a power cut').toContain(dir);
    } else {
      expect(synced.length, 'two fsyncs at least: the file before the rename, the directory after it').toBeGreaterThanOrEqual(2);
    }
    expect(await cache.get('k')).toBe('v');
  });

  it('without durable, leaves flushing to the operating system (no fsync on set or delete)', async () => {
    const cache = await DiskCache.open<string>({ dir: await cacheDir() });
    syncedPaths.length = 0;
    await cache.set('k', 'v');
    await cache.delete('k');
    const synced = [...syncedPaths];
    const dir = canNamePaths ? realpathSync(cache.dir) : cache.dir;
    const inCache = canNamePaths ? synced.filter((path) => path === dir || path.startsWith(`${dir}/`)) : synced;
    expect(inCache, 'durable defaults to false: no fsync').toEqual([]);
  });

  it.each([
    ['delete()', async (cache: InstanceType<typeof DiskCache>) => cache.delete('k')],
    ['clear()', async (cache: InstanceType<typeof DiskCache>) => cache.clear()],
  ] as const)('with durable: true, fsyncs the cache directory after %s removes a file', async (_name, remove) => {
    const cache = await DiskCache.open<string>({ dir: await cacheDir(), durable: true });
    await cache.set('k', 'v');
    syncedPaths.length = 0;
    await remove(cache);
    const synced = [...syncedPaths];
    if (canNamePaths) {
      expect(synced, `the directory must be fsynced, so the removal survives a power cut (synced: ${JSON.stringify(synced)})`).toContain(realpathSync(cache.dir));
    } else {
      expect(synced.length, 'one fsync at least: the directory').toBeGreaterThanOrEqual(1);
    }
  });
});
