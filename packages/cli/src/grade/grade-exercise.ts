import { dirname, join } from 'node:path';
// The redis-server look-up alone: the test kit's index loads vitest, which the CLI has no use for.
import { findRedisServer } from '@workbook/testkit/redis-server';
import type { ExerciseManifest } from '../manifest.js';
import { findRepoRoot } from '../paths.js';
import { PUBLIC_ONLY_NOTE } from '../render/checklist.js';
import { implEntry, testFiles, type Target } from '../targets.js';
import { protectedPaths, seal } from './integrity.js';
import { runTests } from './run-tests.js';
import { prepareSpareWorker } from './spawn-worker.js';
import { scoreExercise, type GradedExercise } from './score.js';

/** Which tests grade a run: `grade` uses the hidden specification where present, `practice` adds the public tests. */
export type TestSelection = 'grade' | 'practice';

const DEFAULT_TEST_TIMEOUT_MS = 5_000;

/**
 * Runs an exercise's tests against a target in guarded processes, and scores them. Everything that decides the
 * grade — which tests exist, which may skip, the tests' own code — is fixed before any code under test runs.
 */
export async function gradeExercise(root: string, manifest: ExerciseManifest, target: Target, selection: TestSelection, env: NodeJS.ProcessEnv = process.env, options: { keepWarm?: boolean } = {}): Promise<GradedExercise> {
  const hidden = testFiles(root, manifest, 'hidden');
  const visible = testFiles(root, manifest, 'public');
  const files = selection === 'practice' ? [...visible, ...hidden] : hidden.length > 0 ? hidden : visible;
  const entry = implEntry(target, manifest);
  const toolRoot = findRepoRoot();
  const sealed = seal(root, protectedPaths(root, toolRoot, manifest.dir, manifest.allowChildProcesses ?? false), [join(root, 'solutions', manifest.dir, 'hidden'), join(root, 'exercises', manifest.dir, 'test')]);
  if (!entry) {
    const missing = { status: 'error' as const, message: `no ${manifest.dir}/src/index.ts in ${target.label}` };
    return scoreExercise(manifest, root, {
      spec: new Map(),
      results: new Map(files.map((file) => [file, new Map([['(the whole file)', missing]])])),
      tampered: [],
      notes: [`The target ${target.label} has no code for ${manifest.id}: expected ${manifest.dir}/src/index.ts (or ${manifest.dir}/index.ts, or src/index.ts).`],
    });
  }
  // The grader, not the code under test, decides whether Redis tests run: they skip only where no redis-server
  // exists and CI is not set, and that is settled here, before any code under test could change the environment.
  const redis = findRedisServer(env);
  const runEnv = { ...env, ...(redis ? { REDIS_SERVER: redis } : {}) };
  const run = await runTests({
    root,
    toolRoot,
    files,
    seal: sealed,
    implEntry: entry,
    implDir: dirname(entry),
    testTimeoutMs: manifest.testTimeoutMs ?? DEFAULT_TEST_TIMEOUT_MS,
    allowChildProcesses: manifest.allowChildProcesses ?? false,
    shareProcess: true,
    env: runEnv,
    readable: redis ? [redis] : [],
  });
  // `--watch` answers the next save faster with a worker that has already loaded vitest.
  if (options.keepWarm) prepareSpareWorker(root, runEnv);
  // A student edition has no hidden tests: say where its score comes from.
  if (selection === 'grade' && hidden.length === 0) run.notes.push(PUBLIC_ONLY_NOTE);
  return scoreExercise(manifest, root, run);
}
