import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fixtureDigest, gradeFixture } from './fixtures/grade-fixture.js';

// Each target below is honest code worth 20 of 40 points plus one attack on the grade. None may earn more: the
// attack is blocked (the honest score) or the exercise is flagged as tampered (0 points, with the reason).
const HONEST = 20;

// The fixtures are graded side by side (each grade is its own set of processes); the one that writes to the fixture
// workbook runs alone afterwards, so the byte-for-byte checks of the others never see its writes.
describe.concurrent('code under test cannot raise its own grade', () => {
  it.each([
    ['patch-assertions', 'makes every comparison succeed (Object.is)'],
    ['patch-expect', 'patches the assertion library through its global'],
    ['import-vitest', 'imports vitest to rewrite results in a hook'],
    ['hook-rewrite', 'registers a result-rewriting hook through vitest\'s private global'],
    ['forge-results', 'forges the results the test process sends'],
    ['import-solution', 'imports the reference solution'],
    ['import-tests', 'imports a test file'],
    ['read-tests', 'reads the test files from disk'],
    ['rewrite-tests', 'rewrites, renames and deletes tests and the manifest'],
    ['skip-tests', 'skips the tests it would fail'],
    ['spawn', 'starts a detached process where the exercise allows none'],
  ])('%s: code that %s gains nothing', async (target) => {
    const before = fixtureDigest();
    const result = await gradeFixture(target);
    const outcome = result.tampered.length > 0 ? 'flagged' : 'blocked';
    expect(result.points, `${target} was ${outcome}, so it may not score above the honest ${HONEST}`).toBeLessThanOrEqual(outcome === 'flagged' ? 0 : HONEST);
    expect(result.maxPoints, 'the points at stake stay whole').toBe(40);
    expect(fixtureDigest(), 'the tests, manifests and solutions are byte-identical afterwards').toBe(before);
  });

  it('flags an import of the test framework, naming it', async () => {
    const result = await gradeFixture('import-vitest');
    expect(result.points).toBe(0);
    expect(result.tampered.join('\n')).toMatch(/vitest: code under test may not load the test framework/);
  });

  it('flags results rewritten in the test process by a canary that must fail', async () => {
    const result = await gradeFixture('hook-rewrite');
    expect(result.points).toBe(0);
    expect(result.tampered.join('\n')).toMatch(/a test that must fail passed/);
  });

  it('counts a skip the grader did not decide as a failure', async () => {
    const result = await gradeFixture('skip-tests');
    expect(result.tests.filter((t) => t.status === 'skip'), 'no test may skip under CI').toEqual([]);
  });

  it('stops processes that try to outlive the grade', async () => {
    const result = await gradeFixture('spawn', 'ex2');
    expect(result.points, 'the honest half: answers 42').toBe(5);
    const survivors = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((line) => /^sleep 98[67]$/.test(line.trim()));
    expect(survivors, 'no process started by the code under test is still running').toEqual([]);
  });
});

describe('code under test cannot change the grade\'s files', () => {
  it('restores and flags tests rewritten by a child process', async () => {
    const before = fixtureDigest();
    const result = await gradeFixture('rewrite-via-child', 'ex2');
    expect(result.points).toBe(0);
    expect(result.tampered.join('\n')).toMatch(/basics\.test\.ts was rewritten[\s\S]*bonus\.test\.ts appeared|bonus\.test\.ts appeared[\s\S]*basics\.test\.ts was rewritten/);
    expect(fixtureDigest()).toBe(before);
  });
});
