/**
 * The grading worker: a child process that runs (or lists) one exercise's tests with vitest and streams each event
 * to the parent as data. Code under test never runs here — only in vitest's test processes below it, under Node's
 * permission model — so what this process reports can be trusted; the parent keeps every event already sent.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createVitest, type Reporter, type TestCase, type TestModule, type TestSuite } from 'vitest/node';
import { packageAliases } from './aliases.js';
import { guardPlugins } from './guard-plugin.js';
import type { GuardConfig } from './guard-setup.js';
import type { SpecTest, TestStatus, WorkerJob, WorkerMessage } from './protocol.js';
import { childrenCanBeSandboxed } from '@workbook/testkit/child';

const send = (message: WorkerMessage): void => {
  process.send?.(message);
};

const SETUP = fileURLToPath(new URL('./guard-setup.ts', import.meta.url));
const ANSI = /\u001b\[[0-9;]*m/g;

/** The first error's message, without colour codes, short enough for a checklist. */
function describeErrors(errors: ReadonlyArray<{ message?: string; name?: string }> | undefined): string | undefined {
  const first = errors?.[0];
  if (!first) return undefined;
  const text = (first.message ?? first.name ?? 'unknown error').replace(ANSI, '').trim();
  return text.length > 800 ? `${text.slice(0, 800)}…` : text;
}

/** The error of a `beforeAll` (or of the module) that kept `test` from running, if any. */
function setUpError(test: TestCase): string | undefined {
  for (let scope: TestCase['parent'] = test.parent; ; scope = scope.parent) {
    const error = describeErrors(scope.errors());
    if (error) return error;
    if (scope.type === 'module') return undefined;
  }
}

function statusOf(test: TestCase): { status: TestStatus; message?: string } {
  const result = test.result();
  if (result.state === 'passed') return { status: 'pass' };
  if (result.state === 'skipped') {
    // Sent as an error at once, not only at the module's end: on a busy machine the process may be stopped in between.
    const error = setUpError(test);
    return error ? { status: 'error', message: `set-up failed: ${error}` } : { status: 'skip', message: result.note };
  }
  if (result.state === 'pending') return { status: 'timeout' };
  const message = describeErrors(result.errors);
  return { status: message?.startsWith('Test timed out') ? 'timeout' : 'fail', message };
}

/** The module's tests in order, each with its key and the rule (outermost describe, or the file) it checks. */
function specOf(module: TestModule): SpecTest[] {
  const seen = new Map<string, number>();
  return [...module.children.allTests()].map((test) => {
    const count = (seen.get(test.fullName) ?? 0) + 1;
    seen.set(test.fullName, count);
    let outer: TestSuite | undefined;
    for (let parent = test.parent; parent.type === 'suite'; parent = parent.parent) outer = parent;
    return {
      key: count > 1 ? `${test.fullName} #${count}` : test.fullName,
      name: test.fullName,
      rule: outer?.name ?? '',
      skip: test.options.mode === 'skip' || test.options.mode === 'todo',
    };
  });
}

/** Keys are only known once a module is collected; results are sent with them. */
const keys = new Map<TestCase, string>();

/** A module's end: the tests behind a failed `beforeAll` once more as errors, then the module itself. */
function sendModuleEnd(module: TestModule, canary: string): void {
  for (const test of module.children.allTests()) {
    if (test.name === canary) continue;
    const result = statusOf(test);
    if (result.status === 'error') send({ type: 'result', file: module.moduleId, key: keys.get(test) ?? test.fullName, ...result });
  }
  const own = describeErrors(module.errors());
  send({ type: 'module-end', file: module.moduleId, ...(own ? { error: own } : {}) });
}

function reporter(canary: string, onEnd: () => void): Reporter {
  return {
    onTestModuleStart(module) {
      send({ type: 'module-start', file: module.moduleId });
    },
    onTestModuleCollected(module) {
      const tests = specOf(module);
      [...module.children.allTests()].forEach((test, index) => keys.set(test, tests[index]!.key));
      send({ type: 'collected', file: module.moduleId, tests });
    },
    onTestCaseResult(test) {
      const key = keys.get(test) ?? test.fullName;
      send({ type: 'result', file: test.module.moduleId, key, ...statusOf(test) });
    },
    onTestModuleEnd(module) {
      sendModuleEnd(module, canary);
    },
    onTestRunEnd(modules, unhandledErrors) {
      // The final state of every test once more, then the end of every module, then `done`: the parent stops the
      // processes as soon as `done` arrives, so nothing an earlier hook may still have in flight can be missed.
      for (const module of modules) {
        const tests = specOf(module);
        [...module.children.allTests()].forEach((test, index) => {
          if (test.result().state !== 'pending') send({ type: 'result', file: module.moduleId, key: tests[index]!.key, ...statusOf(test) });
        });
        sendModuleEnd(module, canary);
      }
      send({ type: 'done', unhandled: unhandledErrors.map((error) => describeErrors([error as { message?: string }]) ?? 'error') });
      onEnd();
    },
  };
}

async function main(job: WorkerJob): Promise<void> {
  // Tests that start child processes hand them the code under test by this path; the `@impl` alias is vitest's alone.
  process.env['WORKBOOK_IMPL_ENTRY'] = job.implEntry;
  process.env['TMPDIR'] = job.scratch;
  // Where a test's Node child runs in the sandbox too (testkit's sandboxedChildArgs), worker threads are refused:
  // esbuild, under tsx, must then transform through its own binary rather than a worker.
  if (childrenCanBeSandboxed()) process.env['ESBUILD_WORKER_THREADS'] = '0';
  const guard: Record<string, GuardConfig> = Object.fromEntries(job.files.map((file) => [file, { markers: job.markers, ...(job.only?.[file] ? { only: job.only[file] } : {}) }]));
  let doneSent = false;
  const vitest = await createVitest(
    'test',
    {
      root: job.root,
      config: false,
      watch: false,
      reporters: [reporter(job.canary.name, () => (doneSent = true))],
      testTimeout: job.testTimeoutMs,
      hookTimeout: job.testTimeoutMs,
      teardownTimeout: job.testTimeoutMs,
      passWithNoTests: true,
      pool: 'forks',
      isolate: !job.shareProcess,
      maxWorkers: job.shareProcess ? 1 : Math.max(2, availableParallelism() - 1),
      execArgv: job.execArgv,
      setupFiles: [SETUP],
      // Test processes may not read the instructor's folders; the tests keep no snapshots, so point vitest's look-up
      // at the scratch folder.
      resolveSnapshotPath: (testPath, extension) => `${job.scratch}/snapshots/${testPath.replaceAll('/', '_')}${extension}`,
      provide: { workbookGuard: guard },
      silent: true,
      include: job.files.map((file) => file.replace(`${job.root}/`, '')),
    },
    {
      plugins: guardPlugins(job, (importer, what) => send({ type: 'refused', importer, what })),
      resolve: { alias: [...(job.mode === 'run' ? [{ find: /^@impl$/, replacement: job.implEntry }] : []), ...packageAliases(job.toolRoot)] },
      cacheDir: `${job.scratch}/vite`,
    },
  );
  send({ type: 'started' });
  const result = job.mode === 'collect' ? await vitest.collect() : await vitest.start();
  if (job.mode === 'collect') {
    for (const module of result.testModules) {
      const error = describeErrors(module.errors());
      send(error ? { type: 'module-end', file: module.moduleId, error } : { type: 'collected', file: module.moduleId, tests: specOf(module) });
    }
  }
  if (!doneSent) send({ type: 'done', unhandled: result.unhandledErrors.map((error) => describeErrors([error as { message?: string }]) ?? 'error') });
  await vitest.close();
}

process.once('message', (job: WorkerJob) => {
  main(job)
    .catch((error: unknown) => {
      send({ type: 'done', unhandled: [error instanceof Error ? error.message : String(error)] });
    })
    .finally(() => {
      process.disconnect?.();
      // The results are sent; code under test may have left timers or sockets open in the test processes.
      setTimeout(() => process.exit(0), 100).unref();
    });
});
