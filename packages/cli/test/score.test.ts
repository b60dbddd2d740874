import { describe, expect, it } from 'vitest';
import type { TestStatus } from '../src/grade/protocol.js';
import type { RunOutcome } from '../src/grade/run-tests.js';
import { apportion, scoreExercise, taskIdOf } from '../src/grade/score.js';
import type { ExerciseManifest } from '../src/manifest.js';

const manifest: ExerciseManifest = {
  id: 'ex9',
  number: 9,
  title: 'Fixture',
  dir: '09-fixture',
  tasks: [
    { id: 'alpha', title: 'Alpha', points: 30, hints: ['a'], rules: { heavy: 2 } },
    { id: 'beta', title: 'Beta', points: 10, hints: ['b'] },
  ],
};
const root = '/repo';
const file = (task: string, name = 'x') => `/repo/solutions/09-fixture/hidden/${task}/${name}.test.ts`;

/** A run of `tests` ([file, rule, key, status]) whose spec lists exactly those tests. */
function run(tests: [string, string, string, TestStatus][], extra: Partial<RunOutcome> = {}): RunOutcome {
  const spec: RunOutcome['spec'] = new Map();
  const results: RunOutcome['results'] = new Map();
  for (const [path, rule, key, status] of tests) {
    if (!spec.has(path)) spec.set(path, { file: path, tests: [] });
    spec.get(path)!.tests.push({ key, name: key, rule, skip: status === 'skip' });
    if (!results.has(path)) results.set(path, new Map());
    results.get(path)!.set(key, { status });
  }
  return { spec, results, tampered: [], notes: [], ...extra };
}

describe('which task a test file grades', () => {
  it.each([
    ['/repo/solutions/01-x/hidden/ttl-cache/expiry.test.ts', 'ttl-cache'],
    ['/repo/exercises/01-x/test/ttl-cache.test.ts', 'ttl-cache'],
    ['/home/me/test/repo/exercises/01-x/test/capacity.test.ts', 'capacity'],
  ])('%s grades %s', (path, task) => {
    expect(taskIdOf(path)).toBe(task);
  });
});

describe('apportioning points', () => {
  it.each([
    [3000, [1, 1, 1], [1000, 1000, 1000]],
    [1000, [1, 1, 1], [334, 333, 333]],
    [2500, [2, 1], [1667, 833]],
    [100, [1, 1, 1, 1, 1, 1, 1], [15, 15, 14, 14, 14, 14, 14]],
  ])('splits %i hundredths by %j into whole hundredths that add up exactly', (total, weights, parts) => {
    expect(apportion(total, weights)).toEqual(parts);
    expect(apportion(total, weights).reduce((a, b) => a + b, 0)).toBe(total);
  });
});

describe('points follow rules', () => {
  it('splits a task over its rules by weight, then over each rule\'s tests', () => {
    const result = scoreExercise(manifest, root, run([
      [file('alpha'), 'heavy', 'heavy > a', 'pass'],
      [file('alpha'), 'light', 'light > a', 'pass'],
      [file('alpha'), 'light', 'light > b', 'pass'],
      [file('alpha'), 'light', 'light > c', 'pass'],
    ]));
    expect(result.tasks[0]!.rules).toEqual([
      { name: 'heavy', points: 20, maxPoints: 20, passed: 1, total: 1 },
      { name: 'light', points: 10, maxPoints: 10, passed: 3, total: 3 },
    ]);
  });

  it('costs a broken rule its own share, not the task', () => {
    const tests: [string, string, string, TestStatus][] = [[file('beta'), 'one', 'one > a', 'fail']];
    for (let i = 0; i < 30; i += 1) tests.push([file('beta', 'y'), 'two', `two > ${i}`, 'pass']);
    const result = scoreExercise(manifest, root, run(tests));
    expect(result.tasks[1]).toMatchObject({ points: 5, maxPoints: 10 });
  });

  it('adds per-test points up exactly to the task and exercise totals', () => {
    const tests: [string, string, string, TestStatus][] = [];
    for (let i = 0; i < 7; i += 1) tests.push([file('alpha'), 'light', `light > ${i}`, i % 3 === 0 ? 'fail' : 'pass']);
    for (let i = 0; i < 3; i += 1) tests.push([file('beta'), '', `loose ${i}`, 'pass']);
    const result = scoreExercise(manifest, root, run(tests));
    const cents = (n: number) => Math.round(n * 100);
    for (const task of result.tasks) {
      expect(task.tests.reduce((sum, t) => sum + cents(t.maxPoints), 0)).toBe(cents(task.maxPoints));
      expect(task.tests.reduce((sum, t) => sum + cents(t.points), 0)).toBe(cents(task.points));
    }
    expect(result.maxPoints).toBe(40);
    expect(cents(result.points)).toBe(result.tasks.reduce((sum, task) => sum + cents(task.points), 0));
  });

  it('names the rule of loose tests after their file', () => {
    const result = scoreExercise(manifest, root, run([[file('beta', 'loose'), '', 'works', 'pass']]));
    expect(result.tests[0]?.rule).toBe('beta/loose.test.ts');
  });

  it('counts a test the grader let skip for nothing either way, and drops a wholly skipped rule', () => {
    const result = scoreExercise(manifest, root, run([
      [file('alpha'), 'light', 'light > a', 'pass'],
      [file('alpha'), 'redis', 'redis > a', 'skip'],
    ]));
    expect(result.tasks[0]).toMatchObject({ points: 30, maxPoints: 30 });
    expect(result.tests[1]).toMatchObject({ status: 'skip', points: 0, maxPoints: 0 });
  });

  it('gives a tampered exercise 0 points, with the points at stake unchanged', () => {
    const result = scoreExercise(manifest, root, run([[file('alpha'), 'light', 'light > a', 'pass']], { tampered: ['src/index.ts tried to load vitest'] }));
    expect(result).toMatchObject({ points: 0, tampered: ['src/index.ts tried to load vitest'] });
    expect(result.tasks[0]?.maxPoints).toBe(30);
  });

  it('keeps a task\'s points in maxPoints and notes it when it has no tests', () => {
    const result = scoreExercise(manifest, root, run([[file('alpha'), 'light', 'light > a', 'pass']]));
    expect(result.maxPoints).toBe(40);
    expect(result.notes.join()).toMatch(/No tests were found for task "Beta"/);
  });

  it('refuses a test file for a task the manifest does not list', () => {
    expect(() => scoreExercise(manifest, root, run([[file('gamma'), '', 'x', 'pass']]))).toThrow(/gamma/);
  });
});
