import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskCache, entryFileName } from '@impl';
import { PROCESS_TEST_TIMEOUT_MS } from '@workbook/testkit';
import { cacheDir, entryFiles, tempFiles } from '../helpers/dirs.js';

/**
 * The pid of a writer that is certainly gone: above 2^22, the largest pid Linux allows (macOS stops at 99,999), so no
 * process can have it. A real child's pid would do too, but on a busy machine with a small pid_max it may be reused
 * by the time the test opens the cache.
 */
const DEAD_PID = 2 ** 22 + 1;

describe('each write goes to a temp file renamed into place: readers see a whole value [ex2.crash-safety.atomic]', () => {
  it('never lets a reader see part of a value while it is being replaced', async () => {
    const dir = await cacheDir();
    // Two instances, so the reader's operations are not queued behind the writer's; large values, so each write
    // takes several system calls.
    const writer = await DiskCache.open<{ fill: string }>({ dir, compressAboveBytes: Infinity });
    const reader = await DiskCache.open<{ fill: string }>({ dir, compressAboveBytes: Infinity });
    const warnings: unknown[] = [];
    reader.on('warning', (w) => warnings.push(w));
    const a = { fill: 'a'.repeat(600_000) };
    const b = { fill: 'b'.repeat(300_000) };
    await writer.set('k', a);
    let writing = true;
    const writes = (async () => {
      try {
        for (let i = 0; i < 30; i++) await writer.set('k', i % 2 === 0 ? b : a);
      } finally {
        writing = false;
      }
    })();
    const seen = new Set<string>();
    try {
      while (writing) {
        const value = await reader.get('k');
        seen.add(value === undefined ? 'a miss' : value.fill === a.fill ? 'a' : value.fill === b.fill ? 'b' : `a torn value of ${value.fill.length} characters`);
      }
    } finally {
      await writes.catch(() => {});
    }
    await writes;
    expect([...seen].filter((kind) => kind !== 'a' && kind !== 'b'), 'a reader must always see one whole value: write to a temp file, then rename it into place').toEqual([]);
    expect(warnings, 'no reader may find a damaged entry while writes are in flight').toEqual([]);
  });

  it('leaves no temp file behind after a successful set()', async () => {
    const cache = await DiskCache.open<string>({ dir: await cacheDir() });
    for (let i = 0; i < 20; i++) await cache.set(`k${i}`, 'v'.repeat(i * 100));
    await cache.close();
    expect(await tempFiles(cache.dir)).toEqual([]);
    expect(await entryFiles(cache.dir)).toHaveLength(20);
  });

  it('leaves no temp file behind when the rename fails', async () => {
    const dir = await cacheDir();
    const cache = await DiskCache.open<string>({ dir });
    const errors: unknown[] = [];
    cache.on('error', (error) => errors.push(error));
    // A non-empty directory where the entry file should go: rename() cannot replace it.
    await mkdir(join(dir, entryFileName('k'), 'blocker'), { recursive: true });
    expect(await cache.set('k', 'v'), 'the write failed: set() resolves to false').toBe(false);
    expect(await tempFiles(dir), 'a failed write removes its temp file').toEqual([]);
    expect(errors.length, "the failure is reported as an 'error' event").toBe(1);
  });
});

describe("open() removes dead writers' temp files, never a live writer's, and never reads one as an entry [ex2.crash-safety.temp-files]", () => {
  it('ignores a crashed writer\'s temp file when reading, and removes it on open', { timeout: PROCESS_TEST_TIMEOUT_MS }, async () => {
    const dir = await cacheDir();
    const first = await DiskCache.open<string>({ dir });
    await first.set('k', 'complete');
    // What a writer killed mid-write leaves: half a file under `<entry name>.<its pid>.<token>.tmp`.
    const leftover = `${entryFileName('k')}.${DEAD_PID}.x1.tmp`;
    await writeFile(join(dir, leftover), '{"v":1,"key":"k","expi');
    expect(await first.get('k'), 'the temp file is not the entry: the old value stands').toBe('complete');
    const second = await DiskCache.open<string>({ dir });
    expect(await tempFiles(dir), 'open() removes temp files whose writer process is gone').toEqual([]);
    expect(await second.get('k')).toBe('complete');
  });

  it.each([
    // This process, and its parent (the test runner): both running, and one of them not this process.
    ['this process', () => process.pid],
    ['another process', () => process.ppid],
  ])('leaves alone, on open, the temp files of a writer that is still running (%s)', async (_, pid) => {
    const dir = await cacheDir();
    await mkdir(dir, { recursive: true });
    const inFlight = `${entryFileName('k')}.${pid()}.y2.tmp`;
    await writeFile(join(dir, inFlight), 'still being written');
    await DiskCache.open<string>({ dir });
    expect(await tempFiles(dir), `process ${pid()} is alive: its temp file may be renamed any moment`).toEqual([inFlight]);
    expect(await readFile(join(dir, inFlight), 'utf8')).toBe('still being written');
  });

  it('leaves alone, on open, .tmp names whose pid part is not a positive whole number', async () => {
    const dir = await cacheDir();
    await mkdir(dir, { recursive: true });
    // Only a positive integer can be a writer's pid: these are no temp files of the cache, whatever else they are.
    const others = [`${entryFileName('k')}.draft.x1.tmp`, `${entryFileName('k')}.-${DEAD_PID}.x2.tmp`, `${entryFileName('k')}.0.x3.tmp`, 'report.tmp'];
    for (const name of others) await writeFile(join(dir, name), 'not the cache\u2019s');
    await DiskCache.open<string>({ dir });
    expect((await readdir(dir)).filter((name) => others.includes(name)).sort(), 'a .tmp name without a valid pid names no writer that could be gone: it stays').toEqual([...others].sort());
  });

  it('leaves alone, on open, files that are not temp files', async () => {
    const dir = await cacheDir();
    await mkdir(dir, { recursive: true });
    // Dotted names that are no temp file of ours, one with a number where a temp file has its pid.
    const others = ['notes.txt', `draft.${DEAD_PID}.v2.txt`, `${entryFileName('k')}.bak`];
    for (const name of others) await writeFile(join(dir, name), 'not the cache\u2019s');
    await DiskCache.open<string>({ dir });
    expect((await readdir(dir)).filter((name) => others.includes(name)).sort(), 'only names ending in .tmp are temp files').toEqual([...others].sort());
  });
});
