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
  const known = new Set(manifest.tasks.map((task) => task.id));
  const notes = [...run.notes];
  for (const test of run.tests) {
    const task = taskIdOf(test.file);
    if (!known.has(task)) throw new Error(`${test.file} grades task "${task}", which ${manifest.dir}/manifest.json does not list`);
  }

  const tasks = manifest.tasks.map((task): GradedTask => {
    const outcomes = run.tests.filter((test) => taskIdOf(test.file) === task.id);
    const counted = outcomes.filter((test) => test.status !== 'skip');
    const brokenFile = outcomes.some((test) => test.wholeFile);
    if (outcomes.length === 0) notes.push(`No tests were found for task "${task.title}".`);
    const maxPoints = outcomes.length === 0 ? task.points : counted.length === 0 ? 0 : task.points;
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

  return {
    id: manifest.id,
    title: manifest.title,
    points: round2(tasks.reduce((sum, task) => sum + task.points, 0)),
    maxPoints: round2(tasks.reduce((sum, task) => sum + task.maxPoints, 0)),
    tasks,
    tests: tasks.flatMap((task) => task.tests),
    notes,
  };
}
