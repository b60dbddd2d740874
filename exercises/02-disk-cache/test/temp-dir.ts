import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/** A path for a cache directory (not created yet) inside a temp folder that is removed when the test ends. */
export async function tempCacheDir(): Promise<string> {
  const parent = await mkdtemp(join(tmpdir(), 'workbook-ex2-public-'));
  onTestFinished(() => rm(parent, { recursive: true, force: true }));
  return join(parent, 'cache');
}
