import fs, { existsSync, realpathSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { cacheDir } from '../helpers/dirs.js';
import { recordFileHandleSyncs, recordingFd, syncedPaths, useReadlink } from '../helpers/fsync-spy.js';

/**
 * Linux names each open descriptor under /proc/self/fd, so the test can tell which file was synced. Where /proc
 * cannot be read (another system, or the grader's sandbox), the tests count the fsyncs instead.
 */
const canNamePaths = ((): boolean => {
  try {
    return existsSync('/proc/self/fd') && fs.readlinkSync('/proc/self/fd/0').length > 0;
  } catch {
    return false;
  }
})();

// Every way to fsync from node:fs records the path it syncs. node:fs's functions are replaced on the module object
// and synced into its named exports, which the code under test imports when it is loaded afresh below.
const SYNCS = ['fsync', 'fsyncSync', 'fdatasync', 'fdatasyncSync'] as const;
const originals = Object.fromEntries(SYNCS.map((name) => [name, fs[name]])) as Record<(typeof SYNCS)[number], (fd: number, ...rest: any[]) => any>;
const writable = fs as unknown as Record<string, unknown>;

let DiskCache: typeof import('@impl').DiskCache;
let probe: string;

describe('durable: true fsyncs the temp file before the rename and the directory after it [ex2.crash-safety.durable]', () => {
  beforeAll(async () => {
    useReadlink(fs.readlinkSync);
    for (const name of SYNCS) writable[name] = recordingFd(originals[name]);
    syncBuiltinESMExports();
    probe = await mkdtemp(join(tmpdir(), 'workbook-ex2-sync-'));
    await recordFileHandleSyncs(probe);
    // The test files of an exercise share one process: load a fresh copy of the code under test, so that it takes
    // the recording functions even when an earlier file already loaded it with the real ones.
    vi.resetModules();
    ({ DiskCache } = await import('@impl'));
  });
  afterAll(async () => {
    for (const name of SYNCS) writable[name] = originals[name];
    syncBuiltinESMExports();
    await rm(probe, { recursive: true, force: true });
  });
  beforeEach(() => {
    syncedPaths.length = 0;
  });

  // Where /proc cannot be read (the grader's sandbox, which also refuses a directory's fsync), durable writes cannot
  // be observed; these tests then skip, decided when the file is collected.
  it.skipIf(!canNamePaths)("with durable: true, fsyncs the entry's file and the cache directory before set() resolves", async () => {
    const cache = await DiskCache.open<string>({ dir: await cacheDir(), durable: true });
    syncedPaths.length = 0;
    await cache.set('k', 'v');
    const synced = [...syncedPaths];
    const dir = realpathSync(cache.dir);
    expect(synced.filter((path) => path.startsWith(`${dir}/`)).length, `a file in the cache directory must be fsynced before set() resolves (synced: ${JSON.stringify(synced)})`).toBeGreaterThan(0);
    expect(synced, 'the directory itself must be fsynced, so the rename survives a power cut').toContain(dir);
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

  it('without durable, clear() and close() make no fsync either', async () => {
    const cache = await DiskCache.open<string>({ dir: await cacheDir() });
    await cache.set('a', 'v');
    await cache.set('b', 'w');
    syncedPaths.length = 0;
    await cache.clear();
    await cache.set('c', 'x');
    // close() saves what the next open() needs (Task 4): without durable, that file is not fsynced either.
    await cache.close();
    const synced = [...syncedPaths];
    const dir = canNamePaths ? realpathSync(cache.dir) : cache.dir;
    const inCache = canNamePaths ? synced.filter((path) => path === dir || path.startsWith(`${dir}/`)) : synced;
    expect(inCache, 'durable defaults to false: no operation fsyncs').toEqual([]);
  });

  it.skipIf(!canNamePaths).each([
    ['delete()', async (cache: InstanceType<typeof DiskCache>) => cache.delete('k')],
    ['clear()', async (cache: InstanceType<typeof DiskCache>) => cache.clear()],
  ] as const)('with durable: true, fsyncs the cache directory after %s removes a file', async (_name, remove) => {
    const cache = await DiskCache.open<string>({ dir: await cacheDir(), durable: true });
    await cache.set('k', 'v');
    syncedPaths.length = 0;
    await remove(cache);
    const synced = [...syncedPaths];
    expect(synced, `the directory must be fsynced, so the removal survives a power cut (synced: ${JSON.stringify(synced)})`).toContain(realpathSync(cache.dir));
  });
});
