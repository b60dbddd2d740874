import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROCESS_TEST_TIMEOUT_MS } from '@workbook/testkit';
import { DiskCache, entryFileName } from '@impl';
import { tempCacheDir } from './temp-dir.js';

describe('DiskCache crash safety (public)', () => {
  it('reads a truncated entry as a miss, removes it, and emits a corrupt-entry warning', async () => {
    const dir = await tempCacheDir();
    const cache = await DiskCache.open<string>({ dir });
    const warnings: Array<{ code: string }> = [];
    cache.on('warning', (w) => warnings.push(w));
    await cache.set('k', 'a value long enough to cut in half');
    const file = join(dir, entryFileName('k'));
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length / 2));
    expect(await cache.get('k')).toBeUndefined();
    expect(warnings.map((w) => w.code)).toEqual(['corrupt-entry']);
    expect(await readdir(dir)).not.toContain(entryFileName('k'));
  });

  it('leaves no temp file after set()', async () => {
    const dir = await tempCacheDir();
    const cache = await DiskCache.open<number>({ dir });
    for (let i = 0; i < 5; i++) await cache.set(`k${i}`, i);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it("removes, on open, a temp file whose writer process is gone", { timeout: PROCESS_TEST_TIMEOUT_MS }, async () => {
    const dir = await tempCacheDir();
    await DiskCache.open({ dir });
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('exit', resolve));
    await writeFile(join(dir, `${entryFileName('k')}.${child.pid}.abc.tmp`), 'half a fi');
    await DiskCache.open({ dir });
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
