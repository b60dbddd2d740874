import { describe, expect, it } from 'vitest';
import { DiskCache } from '@impl';
import { PROCESS_TEST_TIMEOUT_MS } from '@workbook/testkit';
import { cacheDir } from '../helpers/dirs.js';
import { startChild } from '../helpers/processes.js';

describe('a new instance on the same directory sees every entry written before [ex2.persistence.restart]', () => {
  it('shows a new instance on the same directory every entry written before', async () => {
    const dir = await cacheDir();
    const first = await DiskCache.open<{ i: number }>({ dir });
    for (let i = 0; i < 50; i++) await first.set(`key-${i}`, { i });
    await first.close();
    const second = await DiskCache.open<{ i: number }>({ dir });
    for (let i = 0; i < 50; i++) expect(await second.get(`key-${i}`), `key-${i} written by the first instance`).toEqual({ i });
  });

  it('shows a new instance entries even when the first one was never closed', async () => {
    const dir = await cacheDir();
    const first = new DiskCache<number>({ dir });
    await first.set('a', 1);
    await first.set('b', 2);
    const second = new DiskCache<number>({ dir });
    expect([await second.get('a'), await second.get('b')]).toEqual([1, 2]);
  });
});

describe('another Node process on the same directory reads and writes the same entries [ex2.persistence.other-process]', () => {
  it('shows another process the entries this one wrote, and this one what it wrote', { timeout: PROCESS_TEST_TIMEOUT_MS }, async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<unknown>({ dir });
    for (let i = 0; i < 20; i++) await cache.set(`parent-${i}`, { from: 'parent', i });
    const child = await startChild();
    await child.call('open', { dir });
    for (let i = 0; i < 20; i++) {
      expect(await child.call('get', `parent-${i}`), `the child reads parent-${i}`).toEqual({ from: 'parent', i });
    }
    await child.call('set', 'from-child', { hello: 'parent' });
    expect(await cache.get('from-child'), 'the parent reads what the child wrote').toEqual({ hello: 'parent' });
  });
});
