import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * `pnpm test`: the workbook's own suite. The shared packages' tests, then for every exercise its hidden and public
 * tests against the reference solution (`@impl` → solutions/NN-name/src), and the grader's authoring check.
 */
const root = import.meta.dirname;
const solutions = join(root, 'solutions');
const exercises = (existsSync(solutions) ? readdirSync(solutions) : []).filter((dir) => existsSync(join(solutions, dir, 'src', 'index.ts'))).sort();

const implEntry = (dir: string): string => resolve(root, 'solutions', dir, 'src', 'index.ts');

export default defineConfig({
  test: {
    // vitest's default is one fewer than the cores, which is one on a 2-core machine; the suite is mostly waiting on
    // processes it starts, so use them all.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      {
        test: { name: 'packages', isolate: false, include: ['packages/*/test/**/*.test.ts'], exclude: ['packages/cli/test/authoring.test.ts', 'packages/cli/test/guard.test.ts', 'packages/cli/test/attacks.test.ts', 'packages/cli/test/mistakes.test.ts', 'packages/cli/test/class.test.ts', 'packages/cli/test/bundle.test.ts', '**/fixtures/**', '**/node_modules/**'] },
      },
      ...exercises.map((dir) => ({
        resolve: { alias: [{ find: /^@impl$/, replacement: implEntry(dir) }] },
        test: {
          name: dir,
          // Child processes started by tests load the code under test from here (the grader sets the same).
          env: { WORKBOOK_IMPL_ENTRY: implEntry(dir) },
          include: [`solutions/${dir}/hidden/**/*.test.ts`, `exercises/${dir}/test/**/*.test.ts`],
          // The files share one test process, as the grader runs them: a process per file would be most of the CPU.
          isolate: false,
          testTimeout: 15_000,
          hookTimeout: 30_000,
        },
      })),
      {
        test: { name: 'authoring', include: ['packages/cli/test/authoring.test.ts', 'packages/cli/test/guard.test.ts', 'packages/cli/test/attacks.test.ts', 'packages/cli/test/mistakes.test.ts', 'packages/cli/test/class.test.ts', 'packages/cli/test/bundle.test.ts'], testTimeout: 600_000, hookTimeout: 600_000 },
      },
    ],
  },
});
