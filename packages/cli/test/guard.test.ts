import { describe, expect, it } from 'vitest';
import { gradeFixture, statusByName } from './fixtures/grade-fixture.js';

// Student code that misbehaves by mistake loses the points of what it broke, and nothing else.
describe.concurrent('the grader survives misbehaving student code', () => {
  it('gives full marks to code that passes', async () => {
    const result = await gradeFixture('good');
    expect(result).toMatchObject({ points: 40, maxPoints: 40, tampered: [] });
  });

  it('scores code that throws at import as errors, with the reason, at full points at stake', async () => {
    const result = await gradeFixture('throws');
    expect(result).toMatchObject({ points: 0, maxPoints: 40 });
    expect(result.tests.every((t) => t.status === 'error')).toBe(true);
    expect(result.tests[0]?.message).toContain('broken at import');
  });

  it('keeps the points a run earned when a test calls process.exit', async () => {
    const result = await gradeFixture('exits');
    expect(statusByName(result.tests)['answers 42']).not.toBe('pass');
    expect(result.tasks.find((t) => t.id === 'more')?.points, 'the other file is unaffected').toBe(30);
  });

  it('counts the tests behind a failing beforeAll as errors, not skips', async () => {
    const result = await gradeFixture('setup-fails');
    expect(statusByName(result.tests)['with set-up > adds']).toBe('error');
    expect(result.maxPoints, 'broken set-up must not shrink the points at stake').toBe(40);
    expect(result.points).toBe(35);
  });

  it('times out a test whose promise never settles, and runs the rest', async () => {
    const result = await gradeFixture('hangs');
    expect(statusByName(result.tests)).toMatchObject({ waits: 'timeout', spins: 'pass', 'adds again': 'pass' });
    expect(result.points).toBe(30);
  });

  it('stops an endless loop in one test and costs only that test', async () => {
    const result = await gradeFixture('loops');
    expect(statusByName(result.tests)).toEqual({ 'answers 42': 'pass', 'with set-up > adds': 'pass', 'adds again': 'pass', waits: 'pass', spins: 'timeout' });
    expect(result.points).toBe(30);
    expect(result.tests.find((t) => t.name === 'spins')?.message).toMatch(/endless loop/);
  });

  it('stops code that never finishes loading, and says so instead of hanging', async () => {
    const result = await gradeFixture('loops-at-import');
    expect(result).toMatchObject({ points: 0, maxPoints: 40 });
    expect(result.tests.every((t) => t.status === 'timeout'), JSON.stringify(result.tests)).toBe(true);
    expect(result.tests[0]?.message).toMatch(/endless loop at import/);
  });

  it('stops a memory bomb in one test and costs only that test', async () => {
    const result = await gradeFixture('memory');
    expect(statusByName(result.tests)).toEqual({ 'answers 42': 'pass', 'with set-up > adds': 'pass', 'adds again': 'pass', waits: 'pass', spins: 'error' });
    expect(result.tests.find((t) => t.name === 'spins')?.message).toMatch(/out of memory/);
  });

  it('ignores a submission\'s own broken package.json and tsconfig.json', async () => {
    const result = await gradeFixture('broken-config');
    expect(result).toMatchObject({ points: 40, maxPoints: 40 });
  });
});
