import { describe, expect, it } from 'vitest';
import { DiskCache } from '@impl';
import { PROCESS_TEST_TIMEOUT_MS } from '@workbook/testkit';
import { cacheDir, tempFiles } from '../helpers/dirs.js';
import { startChild } from '../helpers/processes.js';

const KEYS = 12;

describe('two processes reading and writing the same keys leave no corrupt entry and no temp file [ex2.concurrency.two-processes]', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  it('leaves no corrupt entry when two processes read and write the same keys at once', async () => {
    const dir = await cacheDir();
    const [a, b] = await Promise.all([startChild(), startChild()]);
    await Promise.all([a.call('open', { dir, compressAboveBytes: 2048 }), b.call('open', { dir, compressAboveBytes: 2048 })]);
    const [fromA, fromB] = await Promise.all([
      a.call<{ badReads: number; hits: number; warnings: number; errors: number }>('race', { keys: KEYS, count: 400, writer: 'a', seed: 1 }),
      b.call<{ badReads: number; hits: number; warnings: number; errors: number }>('race', { keys: KEYS, count: 400, writer: 'b', seed: 2 }),
    ]);
    for (const [name, report] of [['first', fromA], ['second', fromB]] as const) {
      expect(report.badReads, `the ${name} process read a value that was not whole`).toBe(0);
      expect(report.warnings, `the ${name} process found damaged entries`).toBe(0);
      expect(report.errors, `the ${name} process hit errors`).toBe(0);
    }
    const cache = await DiskCache.open<{ key: string; round: number; writer: string; body: string }>({ dir });
    const warnings: unknown[] = [];
    cache.on('warning', (w) => warnings.push(w));
    for (let i = 0; i < KEYS; i++) {
      const value = await cache.get(`k${i}`);
      if (value === undefined) continue;
      expect(value.key).toBe(`k${i}`);
      expect(['a', 'b']).toContain(value.writer);
      expect(value.body).toBe(`k${i}:${value.round}:`.repeat(1 + ((value.round * 37) % 400)));
    }
    expect(warnings).toEqual([]);
    expect(await tempFiles(dir), 'no temp file is left once both writers are done').toEqual([]);
  });
});

describe('across processes, the last writer wins [ex2.concurrency.last-writer-wins]', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  it('lets the last writer win, whichever process it is', async () => {
    const dir = await cacheDir();
    const [a, b] = await Promise.all([startChild(), startChild()]);
    await Promise.all([a.call('open', { dir }), b.call('open', { dir })]);
    await a.call('set', 'k', 'from a');
    await b.call('set', 'k', 'from b');
    expect([await a.call('get', 'k'), await b.call('get', 'k')], 'both processes see the later write').toEqual(['from b', 'from b']);
    await a.call('set', 'k', 'a again');
    expect(await b.call('get', 'k')).toBe('a again');
    await b.call('delete', 'k');
    expect(await a.call('get', 'k'), 'a delete in one process is a miss in the other').toBeUndefined();
  });
});
