import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/**
 * A fresh path for a cache directory, inside a new temp folder that is removed when the test ends. The cache
 * directory itself does not exist yet: creating it is the cache's job.
 */
export async function cacheDir(): Promise<string> {
  const parent = await mkdtemp(join(tmpdir(), 'workbook-ex2-'));
  // A cache the test left open may still write its lazily saved index while the folder is being removed (more
  // likely on a busy machine): retry the removal instead of failing the test over its clean-up.
  onTestFinished(() => rm(parent, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));
  return join(parent, 'cache');
}

/** Names in `dir` that look like entry files (64 hex characters). */
export async function entryFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => /^[0-9a-f]{64}$/.test(name)).sort();
}

/** Names in `dir` that end in `.tmp`. */
export async function tempFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith('.tmp'));
}

/** Sum of the sizes of the entry files in `dir`, as `stat` reports them. */
export async function entryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await entryFiles(dir)) total += (await stat(join(dir, name))).size;
  return total;
}
