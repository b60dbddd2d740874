import type { ExerciseManifest } from '../manifest.js';
import { implEntry, testFiles, type Target } from '../targets.js';
import { runTests } from './run-tests.js';
import { scoreExercise, type GradedExercise } from './score.js';

/** Which tests grade a run: `grade` uses the hidden specification where present, `practice` adds the public tests. */
export type TestSelection = 'grade' | 'practice';

const DEFAULT_TEST_TIMEOUT_MS = 5_000;
const DEFAULT_TIME_LIMIT_MS = 120_000;

/** Runs an exercise's tests against a target in a guarded worker, and scores them. */
export async function gradeExercise(root: string, manifest: ExerciseManifest, target: Target, selection: TestSelection): Promise<GradedExercise> {
  const hidden = testFiles(root, manifest, 'hidden');
  const visible = testFiles(root, manifest, 'public');
  const files = selection === 'practice' ? [...visible, ...hidden] : hidden.length > 0 ? hidden : visible;
  const entry = implEntry(target, manifest);
  if (!entry) {
    return scoreExercise(manifest, {
      tests: files.map((file) => ({ file, name: file, status: 'error', message: `no ${manifest.dir}/src/index.ts in ${target.label}`, wholeFile: true })),
      notes: [`The target ${target.label} has no code for ${manifest.id} (expected ${manifest.dir}/src/index.ts).`],
    });
  }
  const run = await runTests(
    { root, files, implEntry: entry, testTimeoutMs: manifest.testTimeoutMs ?? DEFAULT_TEST_TIMEOUT_MS },
    manifest.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS,
  );
  return scoreExercise(manifest, run);
}
