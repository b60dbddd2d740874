import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/** A path for a cache directory (not created yet) inside a temp folder that is removed when the test ends. */
export async function tempCacheDir(): Promise<string> {
  const parent = await mkdtemp(join(tmpdir(), 'workbook-ex2-public-'));
  // A cache left open may still write its index while the folder is removed: retry rather than fail the clean-up.
  onTestFinished(() => rm(parent, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));
  return join(parent, 'cache');
}
