import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskCache, entryFileName } from '@impl';
import { PROCESS_TEST_TIMEOUT_MS } from '@workbook/testkit';
import { cacheDir, entryBytes, entryFiles } from '../helpers/dirs.js';
import { startChild } from '../helpers/processes.js';

const kilobyte = (tag: string) => ({ tag, fill: 'x'.repeat(900) });

describe('DiskCache size accounting across restarts', () => {
  it('knows, on open, the bytes and entries already in the directory', async () => {
    const dir = await cacheDir();
    const first = await DiskCache.open<unknown>({ dir });
    for (let i = 0; i < 12; i++) await first.set(`k${i}`, { i, fill: 'q'.repeat(i * 40) });
    await first.close();
    const second = await DiskCache.open<unknown>({ dir });
    expect(second.bytes, 'bytes after open = what the files take').toBe(await entryBytes(dir));
    expect(second.size).toBe(12);
  });

  it('learns the sizes of entries written by a process that never closed its cache', { timeout: PROCESS_TEST_TIMEOUT_MS }, async () => {
    const dir = await cacheDir();
    const child = await startChild();
    await child.call('open', { dir });
    for (let i = 0; i < 10; i++) await child.call('set', `k${i}`, kilobyte(`${i}`));
    await child.call('exit');
    await child.exited;
    const cache = await DiskCache.open<unknown>({ dir });
    expect(cache.bytes).toBe(await entryBytes(dir));
    expect(cache.size).toBe(10);
  });

  it('enforces maxBytes on open and afterwards, counting entries from before the restart', async () => {
    const dir = await cacheDir();
    const first = await DiskCache.open<unknown>({ dir });
    for (let i = 0; i < 6; i++) await first.set(`old${i}`, kilobyte(`old${i}`));
    await first.close();
    const perEntry = (await entryBytes(dir)) / 6;
    const second = await DiskCache.open<unknown>({ dir, maxBytes: Math.floor(perEntry * 4.5) });
    expect(await entryBytes(dir), 'open() already trims the directory to maxBytes').toBeLessThanOrEqual(perEntry * 4.5);
    await second.set('new0', kilobyte('new0'));
    await second.set('new1', kilobyte('new1'));
    expect(await entryBytes(dir)).toBeLessThanOrEqual(perEntry * 4.5);
    expect(await second.has('old0'), 'the oldest entries from before the restart went first').toBe(false);
    expect([await second.has('old5'), await second.has('new0'), await second.has('new1')]).toEqual([true, true, true]);
  });

  it('remembers across a restart which entries were used most recently', async () => {
    const dir = await cacheDir();
    const first = await DiskCache.open<unknown>({ dir });
    await first.set('a', kilobyte('a'));
    await first.set('b', kilobyte('b'));
    await first.set('c', kilobyte('c'));
    await first.get('a');
    await first.close();
    const perEntry = (await entryBytes(dir)) / 3;
    const second = await DiskCache.open<unknown>({ dir, maxBytes: Math.floor(perEntry * 3.5) });
    await second.set('d', kilobyte('d'));
    expect(await second.has('b'), "'b' was the least recently used before the restart: it goes").toBe(false);
    expect(await second.has('a'), "'a' was read last before the restart: it stays").toBe(true);
  });

  it('does not read the entry files to open the directory', async () => {
    const dir = await cacheDir();
    const first = await DiskCache.open<unknown>({ dir });
    for (let i = 0; i < 100; i++) await first.set(`k${i}`, kilobyte(`${i}`));
    await first.close();
    // Same sizes, unreadable contents: an open() that read the entries would find 100 damaged files.
    for (const name of await entryFiles(dir)) {
      const bytes = await readFile(join(dir, name));
      await writeFile(join(dir, name), Buffer.alloc(bytes.length, 0x2a));
    }
    const warnings: unknown[] = [];
    const second = new DiskCache<unknown>({ dir });
    second.on('warning', (w) => warnings.push(w));
    await second.open();
    expect(warnings, 'open() must not read (or judge) the entries').toEqual([]);
    expect(await entryFiles(dir), 'all 100 files are still there').toHaveLength(100);
    expect(second.bytes, 'and their sizes are known all the same').toBe(await entryBytes(dir));
    expect(await second.get('k1'), 'reading one finds it damaged, as it should').toBeUndefined();
    expect(await entryFiles(dir)).not.toContain(entryFileName('k1'));
  });
});
