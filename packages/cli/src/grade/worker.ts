/**
 * The grading worker: a child process that runs one exercise's tests with vitest and streams each result to the
 * parent as data. It runs apart from the CLI so that student code which hangs, exits or crashes the runner costs
 * only this process; the parent keeps every result already sent.
 */
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVitest } from 'vitest/node';
import type { Reporter, TestCase, TestModule, TestSuite } from 'vitest/node';
import { packageAliases } from './aliases.js';
import type { TestStatus, WorkerJob, WorkerMessage } from './protocol.js';

const send = (message: WorkerMessage): void => {
  process.send?.(message);
};

const ANSI = /\u001b\[[0-9;]*m/g;

/** The first error's message, without colour codes, short enough for a checklist. */
function describeErrors(errors: ReadonlyArray<{ message?: string; name?: string }> | undefined): string | undefined {
  const first = errors?.[0];
  if (!first) return undefined;
  const text = (first.message ?? first.name ?? 'unknown error').replace(ANSI, '').trim();
  return text.length > 800 ? `${text.slice(0, 800)}…` : text;
}

function statusOf(test: TestCase): { status: TestStatus; message?: string } {
  const result = test.result();
  if (result.state === 'passed') return { status: 'pass' };
  if (result.state === 'skipped') return { status: 'skip', message: result.note };
  if (result.state === 'pending') return { status: 'timeout' };
  const message = describeErrors(result.errors);
  return { status: message?.startsWith('Test timed out') ? 'timeout' : 'fail', message };
}

/** The module and suites whose hooks failed, with the first error of each. */
function* failedScopes(module: TestModule): Generator<[TestModule | TestSuite, string]> {
  for (const scope of [module, ...module.children.allSuites()]) {
    const message = describeErrors(scope.errors());
    if (message) yield [scope, message];
  }
}

const reporter: Reporter = {
  onTestModuleCollected(module: TestModule) {
    const tests = [...module.children.allTests()].map((test) => ({ id: test.id, name: test.fullName }));
    send({ type: 'collected', file: module.moduleId, tests });
  },
  onTestCaseResult(test: TestCase) {
    send({ type: 'result', file: test.module.moduleId, id: test.id, name: test.fullName, ...statusOf(test) });
  },
  onTestModuleEnd(module: TestModule) {
    for (const [scope, error] of failedScopes(module)) {
      if (scope === module) send({ type: 'module-error', file: module.moduleId, message: error });
      // vitest marks the tests of a suite whose beforeAll failed as skipped; for grading they failed, or broken
      // set-up code would shrink the points at stake instead of losing them.
      for (const test of scope.children.allTests()) {
        if (test.result().state !== 'skipped' || test.options.mode === 'skip' || test.options.mode === 'todo') continue;
        send({ type: 'result', file: module.moduleId, id: test.id, name: test.fullName, status: 'error', message: `set-up failed: ${error}` });
      }
    }
  },
};

async function main(job: WorkerJob): Promise<void> {
  // Tests that start child processes hand them the code under test by this path; the `@impl` alias is vitest's alone.
  process.env['WORKBOOK_IMPL_ENTRY'] = job.implEntry;
  const vitest = await createVitest(
    'test',
    {
      root: job.root,
      config: false,
      watch: false,
      reporters: [reporter],
      testTimeout: job.testTimeoutMs,
      hookTimeout: job.testTimeoutMs,
      passWithNoTests: true,
      // At least two files at once, so one file stuck in an endless loop does not hold back the others.
      maxWorkers: Math.max(2, availableParallelism() - 1),
      silent: true,
      include: job.files.map((file) => file.replace(`${job.root}/`, '')),
    },
    {
      resolve: { alias: [{ find: /^@impl$/, replacement: job.implEntry }, ...packageAliases(job.root)] },
      cacheDir: join(tmpdir(), 'workbook-vite'),
    },
  );
  const result = await vitest.start();
  const unhandled = result.unhandledErrors.map((error) => describeErrors([error as { message?: string }]) ?? 'error');
  send({ type: 'done', unhandled });
  await vitest.close();
}

process.once('message', (job: WorkerJob) => {
  main(job)
    .catch((error: unknown) => {
      send({ type: 'done', unhandled: [error instanceof Error ? error.message : String(error)] });
    })
    .finally(() => {
      process.disconnect?.();
      // Student code may leave timers or sockets open; the grade is already sent, so leave at once.
      setTimeout(() => process.exit(0), 100).unref();
    });
});
