import type { ExerciseManifest } from '../manifest.js';
import type { TestStatus } from './protocol.js';
import type { RunOutcome } from './run-tests.js';

export interface GradedTest {
  name: string;
  task: string;
  status: TestStatus;
  points: number;
  maxPoints: number;
  message?: string;
}

export interface GradedTask {
  id: string;
  title: string;
  points: number;
  maxPoints: number;
  passed: number;
  total: number;
  tests: GradedTest[];
}

export interface GradedExercise {
  id: string;
  title: string;
  points: number;
  maxPoints: number;
  tasks: GradedTask[];
  tests: GradedTest[];
  notes: string[];
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/**
 * The task a test file grades: the first path segment below its `test/` or `hidden/` folder, without
 * `.test.ts` — `test/ttl-cache.test.ts` and `hidden/ttl-cache/expiry.test.ts` both grade `ttl-cache`.
 */
export function taskIdOf(file: string): string {
  const match = /.*\/(?:test|hidden)\/([^/]+)/.exec(file);
  if (!match?.[1]) throw new Error(`${file} is not under a test/ or hidden/ folder`);
  return match[1].replace(/\.test\.ts$/, '');
}

/**
 * Scores a run. A task's points are split evenly over its tests that ran (skipped tests are worth nothing either
 * way); a file that could not be loaded at all zeroes its task, because its tests were never counted.
 */
export function scoreExercise(manifest: ExerciseManifest, run: RunOutcome): GradedExercise {
  const notes = [...run.notes];
  const byTask = new Map<string, RunOutcome['tests']>(manifest.tasks.map((task) => [task.id, []]));
  for (const test of run.tests) {
    const task = taskIdOf(test.file);
    const outcomes = byTask.get(task);
    if (!outcomes) throw new Error(`${test.file} grades task "${task}", which ${manifest.dir}/manifest.json does not list`);
    outcomes.push(test);
  }

  const tasks = manifest.tasks.map((task): GradedTask => {
    const outcomes = byTask.get(task.id)!;
    const counted = outcomes.filter((test) => test.status !== 'skip');
    const brokenFile = outcomes.some((test) => test.wholeFile);
    if (outcomes.length === 0) notes.push(`No tests were found for task "${task.title}".`);
    // A task whose every test was skipped is worth nothing this run; one with no tests at all keeps its points.
    const maxPoints = outcomes.length > 0 && counted.length === 0 ? 0 : task.points;
    const share = counted.length === 0 ? 0 : task.points / counted.length;
    const tests = outcomes.map((test): GradedTest => {
      const max = test.status === 'skip' ? 0 : share;
      const earned = test.status === 'pass' && !brokenFile ? max : 0;
      return { name: test.name, task: task.id, status: test.status, points: round2(earned), maxPoints: round2(max), ...(test.message ? { message: test.message } : {}) };
    });
    const passed = counted.filter((test) => test.status === 'pass').length;
    const points = brokenFile || counted.length === 0 ? 0 : (task.points * passed) / counted.length;
    return { id: task.id, title: task.title, points: round2(points), maxPoints, passed, total: counted.length, tests };
  });

  return { id: manifest.id, title: manifest.title, ...totalPoints(tasks), tasks, tests: tasks.flatMap((task) => task.tests), notes };
}

/** The summed points and maximum of tasks or exercises, rounded to hundredths. */
export function totalPoints(items: readonly { points: number; maxPoints: number }[]): { points: number; maxPoints: number } {
  return {
    points: round2(items.reduce((sum, item) => sum + item.points, 0)),
    maxPoints: round2(items.reduce((sum, item) => sum + item.maxPoints, 0)),
  };
}

/** Whether a test counts against its task: it failed, errored or timed out (a skip does not). */
export const isProblem = (test: GradedTest): boolean => test.status === 'fail' || test.status === 'error' || test.status === 'timeout';

/** The task the learner should work on next: the first that lost points or has a failing test. */
export function firstFailingTask(exercise: GradedExercise): GradedTask | undefined {
  return exercise.tasks.find((task) => task.points < task.maxPoints || task.tests.some(isProblem));
}
