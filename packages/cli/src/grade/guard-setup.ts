/**
 * Runs in every test process before the test file, so before any code under test. It marks each test's start
 * where the grader can find it after a hang, runs only the tests the grader asked for, and closes the doors that
 * code under test could use to reach the test framework or the grader's channel.
 */
import { appendFileSync } from 'node:fs';
import { beforeEach, inject } from 'vitest';
import { REFUSED_BUILTINS } from './refusals.js';

export interface GuardConfig {
  markers: string;
  /** Test keys to run in this file; all when absent. */
  only?: string[];
}

declare module 'vitest' {
  interface ProvidedContext {
    workbookGuard: Record<string, GuardConfig>;
  }
}

type TaskLike = { name: string; type: string; fullTestName?: string; file: { filepath: string; tasks: unknown[] } };

/** The test's key as the grader computes it: its full name, with ` #2`, ` #3`… for repeats within the file. */
function keyOf(task: TaskLike): string {
  const name = task.fullTestName ?? task.name;
  let seen = 0;
  const walk = (tasks: unknown[]): boolean => {
    for (const entry of tasks as (TaskLike & { tasks?: unknown[] })[]) {
      if (entry.type === 'suite' && entry.tasks) {
        if (walk(entry.tasks)) return true;
      } else if ((entry.fullTestName ?? entry.name) === name) {
        seen += 1;
        if (entry === task) return true;
      }
    }
    return false;
  };
  walk(task.file.tasks);
  return seen > 1 ? `${name} #${seen}` : name;
}

const configs = inject('workbookGuard');

beforeEach((context) => {
  const task = context.task as unknown as TaskLike;
  const config = configs[task.file.filepath];
  if (!config) return;
  const key = keyOf(task);
  if (config.only && !config.only.includes(key)) {
    context.skip();
    return;
  }
  appendFileSync(config.markers, `${JSON.stringify({ file: task.file.filepath, key })}\n`);
});

const GUARDED = Symbol.for('workbook.guarded');
if (!(GUARDED in globalThis)) {
  Object.defineProperty(globalThis, GUARDED, { value: true });
  closeDoors();
}

function closeDoors(): void {
  // The test process's own channel to the runner is captured by vitest before this file runs; code under test must
  // not be able to write forged results into it.
  Object.defineProperty(process, 'send', { value: undefined, writable: false, configurable: false });
  const getBuiltinModule = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  if (getBuiltinModule) {
    Object.defineProperty(process, 'getBuiltinModule', {
      value: (id: string) => {
        if (REFUSED_BUILTINS.has(id.replace(/^node:/, ''))) throw new Error(`The grader refused process.getBuiltinModule(${JSON.stringify(id)}): code under test may not use it.`);
        return getBuiltinModule.call(process, id);
      },
      writable: false,
      configurable: false,
    });
  }
}
