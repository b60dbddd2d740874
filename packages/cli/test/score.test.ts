import { describe, expect, it } from 'vitest';
import type { TestOutcome } from '../src/grade/run-tests.js';
import { scoreExercise, taskIdOf } from '../src/grade/score.js';
import type { ExerciseManifest } from '../src/manifest.js';

const manifest: ExerciseManifest = {
  id: 'ex9',
  number: 9,
  title: 'Fixture',
  dir: '09-fixture',
  tasks: [
    { id: 'alpha', title: 'Alpha', points: 30, hints: ['a'] },
    { id: 'beta', title: 'Beta', points: 10, hints: ['b'] },
  ],
};
const file = (task: string) => `/repo/solutions/09-fixture/hidden/${task}/x.test.ts`;
const test = (task: string, status: TestOutcome['status'], extra: Partial<TestOutcome> = {}): TestOutcome => ({ file: file(task), name: `${task} ${status}`, status, ...extra });

describe('which task a test file grades', () => {
  it.each([
    ['/repo/solutions/01-x/hidden/ttl-cache/expiry.test.ts', 'ttl-cache'],
    ['/repo/exercises/01-x/test/ttl-cache.test.ts', 'ttl-cache'],
    ['/home/me/test/repo/exercises/01-x/test/capacity.test.ts', 'capacity'],
  ])('%s grades %s', (path, task) => {
    expect(taskIdOf(path)).toBe(task);
  });
});

describe('scoring', () => {
  it('splits a task\'s points evenly over its tests', () => {
    const result = scoreExercise(manifest, { tests: [test('alpha', 'pass'), test('alpha', 'fail'), test('alpha', 'pass'), test('beta', 'pass')], notes: [] });
    expect(result.tasks[0]).toMatchObject({ points: 20, maxPoints: 30, passed: 2, total: 3 });
    expect(result.tests[0]).toMatchObject({ points: 10, maxPoints: 10 });
    expect(result.points).toBe(30);
    expect(result.maxPoints).toBe(40);
  });

  it('gives exactly the full points when every test passes, however they divide', () => {
    const tests = [test('alpha', 'pass'), test('alpha', 'pass'), test('alpha', 'pass'), test('beta', 'pass'), test('beta', 'pass'), test('beta', 'pass')];
    const result = scoreExercise(manifest, { tests, notes: [] });
    expect(result.points).toBe(result.maxPoints);
  });

  it('zeroes a task when one of its files could not load', () => {
    const result = scoreExercise(manifest, { tests: [test('alpha', 'pass'), test('alpha', 'error', { wholeFile: true })], notes: [] });
    expect(result.tasks[0]?.points).toBe(0);
    expect(result.tests.every((t) => t.points === 0)).toBe(true);
  });

  it('counts skipped tests for nothing either way', () => {
    const result = scoreExercise(manifest, { tests: [test('alpha', 'pass'), test('alpha', 'skip'), test('beta', 'pass')], notes: [] });
    expect(result.tasks[0]).toMatchObject({ points: 30, maxPoints: 30 });
    expect(result.tests[1]).toMatchObject({ status: 'skip', points: 0, maxPoints: 0 });
  });

  it('keeps a task\'s points in maxPoints and notes it when it has no tests', () => {
    const result = scoreExercise(manifest, { tests: [test('alpha', 'pass')], notes: [] });
    expect(result.maxPoints).toBe(40);
    expect(result.notes.join()).toMatch(/No tests were found for task "Beta"/);
  });

  it('refuses a test file for a task the manifest does not list', () => {
    expect(() => scoreExercise(manifest, { tests: [test('gamma', 'pass')], notes: [] })).toThrow(/gamma/);
  });
});
