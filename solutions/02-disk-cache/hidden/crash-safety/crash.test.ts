import { describe, expect, it } from 'vitest';
import { DiskCache } from '@impl';
import { PROCESS_TEST_TIMEOUT_MS } from '@workbook/testkit';
import { cacheDir, tempFiles } from '../helpers/dirs.js';
import { startChild } from '../helpers/processes.js';

const KEYS = 40;

describe('a writer killed by SIGKILL leaves every entry whole or absent, and no temp file [ex2.crash-safety.kill]', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  it('keeps every entry readable and intact, or absent, when a writer dies by SIGKILL in the middle of a burst', async () => {
    const dir = await cacheDir();
    const child = await startChild();
    await child.call('open', { dir, compressAboveBytes: 2048 });
    // The last round the child reported finished, per key: that value (or a later one) must be on disk.
    const finished = new Map<string, number>();
    let reported = 0;
    const enough = new Promise<void>((resolve) => {
      child.onProgress(({ key, round }) => {
        finished.set(key, Math.max(round, finished.get(key) ?? -1));
        if (++reported === 300) resolve();
      });
    });
    await child.call('burst', { keys: KEYS, concurrency: 8, writer: 'child' });
    await enough;
    await child.kill();

    const cache = await DiskCache.open<{ key: string; round: number; writer: string; body: string }>({ dir, compressAboveBytes: 2048 });
    const warnings: unknown[] = [];
    cache.on('warning', (w) => warnings.push(w));
    expect(await tempFiles(dir), "open() removes the dead writer's temp files").toEqual([]);
    for (let i = 0; i < KEYS; i++) {
      const key = `k${i}`;
      const value = await cache.get(key);
      const done = finished.get(key);
      if (done !== undefined) expect(value, `${key}: round ${done} was reported written, so a value must be there`).toBeDefined();
      if (value === undefined) continue;
      expect(value.key, `${key} holds its own value`).toBe(key);
      expect(value.round, `${key} holds round ${done} or later`).toBeGreaterThanOrEqual(done ?? 0);
      expect(value.body, `${key}'s value is whole`).toBe(`${key}:${value.round}:`.repeat(1 + ((value.round * 37) % 400)));
    }
    expect(warnings, 'a killed writer leaves no damaged entry behind').toEqual([]);
  });
});
