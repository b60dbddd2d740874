import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskCache, entryFileName } from '@impl';
import { PROCESS_TEST_TIMEOUT_MS } from '@workbook/testkit';
import { cacheDir, entryBytes, entryFiles } from '../helpers/dirs.js';
import { writeEntryFile } from '../helpers/envelope.js';
import { startChild } from '../helpers/processes.js';

/** A value whose entry file takes about `kb` KB. */
const sized = (tag: string, kb: number) => ({ tag, fill: 'x'.repeat(kb * 1000 - 100) });

/**
 * Six ~1 KB entries written and closed cleanly (whatever the cache saves is current), then what a writer that
 * crashed before saving leaves: three of them rewritten at ~3 KB and one new ~2 KB entry, renamed into place by
 * hand. Returns the directory and the size one original entry took.
 */
async function crashedAfterRewrites(): Promise<{ dir: string; perEntry: number }> {
  const dir = await cacheDir();
  const first = await DiskCache.open<unknown>({ dir, compressAboveBytes: Infinity });
  for (let i = 0; i < 6; i++) await first.set(`k${i}`, sized(`k${i}`, 1));
  await first.close();
  const perEntry = (await stat(join(dir, entryFileName('k0')))).size;
  for (let i = 0; i < 3; i++) await writeEntryFile(dir, `k${i}`, JSON.stringify(sized(`k${i}`, 3)));
  await writeEntryFile(dir, 'k6', JSON.stringify(sized('k6', 2)));
  return { dir, perEntry };
}

describe('sizes saved before a crash are never trusted: open() counts what the files take now [ex2.size-limit.sizes-after-crash]', () => {
  it('counts the sizes on disk after a writer rewrote entries and crashed before saving', async () => {
    const { dir } = await crashedAfterRewrites();
    const cache = await DiskCache.open<unknown>({ dir });
    expect(cache.size, 'seven entry files are in the directory').toBe(7);
    expect(cache.bytes, 'k0–k2 grew from ~1 KB to ~3 KB after the last save: bytes must be what the files take now, not what was saved (stat them)').toBe(await entryBytes(dir));
  });

  it('trims to maxBytes on open by the sizes on disk, not by sizes saved before the crash', async () => {
    const { dir, perEntry } = await crashedAfterRewrites();
    const maxBytes = perEntry * 8;
    const cache = await DiskCache.open<unknown>({ dir, maxBytes });
    const onDisk = await entryBytes(dir);
    expect(onDisk, `the files take ~13 KB after the crash: open() must trim them to maxBytes (${maxBytes}), counting their real sizes`).toBeLessThanOrEqual(maxBytes);
    expect(cache.bytes, 'bytes = what the remaining files take').toBe(onDisk);
  });

  it('still counts right after a clean close and reopen that follows the crash', async () => {
    const { dir } = await crashedAfterRewrites();
    await (await DiskCache.open<unknown>({ dir })).close();
    const reopened = await DiskCache.open<unknown>({ dir });
    expect(reopened.bytes, 'a clean close must not save, and a reopen must not trust, sizes that were wrong since the crash').toBe(await entryBytes(dir));
  });

  it('counts right when another instance rewrote entries and closed before this one closed', async () => {
    const dir = await cacheDir();
    const seed = await DiskCache.open<unknown>({ dir, compressAboveBytes: Infinity });
    for (let i = 0; i < 4; i++) await seed.set(`k${i}`, sized(`k${i}`, 1));
    await seed.close();
    const slow = await DiskCache.open<unknown>({ dir, compressAboveBytes: Infinity });
    const quick = await DiskCache.open<unknown>({ dir, compressAboveBytes: Infinity });
    await quick.set('k1', sized('k1', 4));
    await quick.close();
    // `slow` still believes k1 takes ~1 KB; closing last, whatever it saves is the newest file.
    await slow.set('k2', sized('k2', 2));
    await slow.close();
    const reopened = await DiskCache.open<unknown>({ dir });
    expect(reopened.bytes, 'k1 grew to ~4 KB in another instance: what the last instance to close believed is no measure of the files').toBe(await entryBytes(dir));
  });

  it('counts right after a writer process was killed with SIGKILL between a save and its next one', { timeout: PROCESS_TEST_TIMEOUT_MS }, async () => {
    const dir = await cacheDir();
    const child = await startChild();
    await child.call('open', { dir, compressAboveBytes: 1e9 }); // Infinity does not survive IPC
    for (let i = 0; i < 6; i++) await child.call('set', `k${i}`, sized(`k${i}`, 1));
    await child.call('close');
    for (let i = 0; i < 6; i++) await child.call('set', `k${i}`, sized(`k${i}`, 2 + i));
    await child.kill();
    const cache = await DiskCache.open<unknown>({ dir });
    expect(await entryFiles(dir)).toHaveLength(6);
    expect(cache.bytes, 'the killed writer grew every entry after its clean close: bytes must be what the files take now').toBe(await entryBytes(dir));
  });
});
