import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SpecFile, WorkerJob } from './protocol.js';
import { spawnWorker } from './spawn-worker.js';

/** The tests of an exercise as the trusted collection lists them, by file. */
export type Spec = Map<string, SpecFile>;

/**
 * Lists the tests of `files` with `@impl` replaced by a stub, so the list — and so every test's share of the
 * points — never depends on the code under test. Cached under `.workbook/spec/` by the tests' contents and the
 * environment the tests consult while they are collected (whether a redis-server exists, `CI`).
 */
export async function collectSpec(job: WorkerJob, env: NodeJS.ProcessEnv): Promise<Spec> {
  const hash = createHash('sha256');
  for (const file of Object.keys(job.sealed).sort()) hash.update(file).update('\0').update(job.sealed[file]!).update('\0');
  hash.update(`redis=${env.REDIS_SERVER ?? ''};ci=${env.CI ?? ''}`);
  const cacheDir = join(job.root, '.workbook', 'spec');
  const cacheFile = join(cacheDir, `${hash.digest('hex').slice(0, 32)}.json`);
  try {
    return new Map((JSON.parse(readFileSync(cacheFile, 'utf8')) as SpecFile[]).map((entry) => [entry.file, entry]));
  } catch {
    // Not collected yet.
  }
  const spec: Spec = new Map(job.files.map((file) => [file, { file, tests: [], error: 'was not collected' }]));
  const worker = spawnWorker({ ...job, mode: 'collect' }, env, (message) => {
    if (message.type === 'collected') spec.set(message.file, { file: message.file, tests: message.tests.filter((test) => test.name !== job.canary.name) });
    if (message.type === 'module-end' && message.error) spec.set(message.file, { file: message.file, tests: [], error: message.error });
  });
  await worker.exited;
  const complete = [...spec.values()].every((entry) => !entry.error);
  if (complete) {
    try {
      mkdirSync(cacheDir, { recursive: true });
      writeFileSync(cacheFile, JSON.stringify([...spec.values()]));
    } catch {
      // A read-only checkout collects again next time.
    }
  }
  return spec;
}
