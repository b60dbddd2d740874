import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskCache, entryFileName } from '@impl';
import { cacheDir, tempFiles } from '../helpers/dirs.js';

/** When this process started, in seconds since the epoch (as file times are set). */
const processStartSeconds = () => Date.now() / 1000 - process.uptime();

/** A temp file carrying this process's own pid, written by hand; last modified `before` seconds before this process started, if given. */
async function ownPidTempFile(dir: string, before?: number): Promise<string> {
  await mkdir(dir, { recursive: true });
  const name = `${entryFileName('k')}.${process.pid}.old1.tmp`;
  await writeFile(join(dir, name), '{"v":1,"key":"k","expi');
  if (before !== undefined) await utimes(join(dir, name), processStartSeconds() - before, processStartSeconds() - before);
  return name;
}

describe("a temp file left by an earlier process that had this process's pid is removed on open [ex2.crash-safety.reused-pid]", () => {
  it.each([
    ['an hour', 3600],
    ['five seconds', 5],
  ])("removes a temp file with this process's pid last written %s before this process started", async (_, before) => {
    const dir = await cacheDir();
    await ownPidTempFile(dir, before);
    await DiskCache.open<string>({ dir });
    expect(await tempFiles(dir), "pids are reused — in a container the app is pid 1 after every restart. A temp file with this process's pid that is older than this process was left by an earlier one: open() must remove it").toEqual([]);
  });

  it("leaves alone a temp file with this process's pid written since it started", async () => {
    const dir = await cacheDir();
    const name = await ownPidTempFile(dir);
    await DiskCache.open<string>({ dir });
    expect(await tempFiles(dir), 'written after this process started, it may be a write of this very process in progress: it stays').toEqual([name]);
  });
});
