import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeExercise } from '../src/grade/grade-exercise.js';
import { loadManifests } from '../src/manifest.js';
import { resolveTarget } from '../src/targets.js';

// A tiny exercise whose targets misbehave in every way student code can: the grader must survive each one.
const root = join(import.meta.dirname, 'fixtures', 'repo');
const manifest = loadManifests(root)[0]!;
const grade = (target: string) => gradeExercise(root, manifest, resolveTarget(root, join(root, 'targets', target)), 'grade');
const byName = (tests: { name: string; status: string }[]) => Object.fromEntries(tests.map((t) => [t.name, t.status]));

describe('the grader survives misbehaving student code', () => {
  it('gives full marks to code that passes', async () => {
    const result = await grade('good');
    expect(result.points).toBe(40);
    expect(result.maxPoints).toBe(40);
  });

  it('scores code that throws at import as errors, with the reason', async () => {
    const result = await grade('throws');
    expect(result.points).toBe(0);
    expect(result.maxPoints, 'the exercise is still worth its full points').toBe(40);
    expect(result.tests.every((t) => t.status === 'error')).toBe(true);
    expect(result.tests[0]?.message).toContain('broken at import');
  });

  it('keeps the points a run earned when a test calls process.exit', async () => {
    const result = await grade('exits');
    expect(byName(result.tests)['answers 42']).not.toBe('pass');
    expect(result.tasks.find((t) => t.id === 'more')?.points, 'the other file is unaffected').toBe(30);
  });

  it('counts the tests behind a failing beforeAll as errors, not skips', async () => {
    const result = await grade('setup-fails');
    expect(byName(result.tests)['with set-up > adds']).toBe('error');
    expect(result.maxPoints, 'broken set-up must not shrink the points at stake').toBe(40);
    expect(result.points).toBe(35);
  });

  it('times out a test whose promise never settles, and runs the rest', async () => {
    const result = await grade('hangs');
    expect(byName(result.tests).waits).toBe('timeout');
    expect(byName(result.tests).spins).toBe('pass');
    expect(result.points).toBe(30);
  });

  it('stops an endless loop at the time limit, keeps finished results, and says why', async () => {
    const started = Date.now();
    const result = await grade('loops');
    expect(Date.now() - started, 'the time limit (6 s) bounds the run').toBeLessThan(15_000);
    const status = byName(result.tests);
    expect(status.spins).toBe('timeout');
    expect(status['answers 42'], 'a file run beside the looping one keeps its results').toBe('pass');
    expect(result.tasks.find((t) => t.id === 'basics')?.points).toBe(10);
    expect(result.tests.filter((t) => t.status !== 'pass').every((t) => t.status === 'timeout')).toBe(true);
    expect(result.notes.join('\n')).toMatch(/time limit/);
  });
});
