import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { learnerMessage, renderFeedback } from '../src/class/feedback.js';
import { renderGradebook } from '../src/class/gradebook.js';
import { toGradescope } from '../src/class/gradescope.js';
import { toJunit } from '../src/class/junit.js';
import type { SubmissionResult } from '../src/class/result.js';
import { listSubmissions, submissionFolder, SubmissionError } from '../src/class/submissions.js';
import type { GradeJson } from '../src/grade/json.js';
import type { ExerciseManifest } from '../src/manifest.js';

const manifest: ExerciseManifest = {
  id: 'ex1',
  number: 1,
  title: 'TTL',
  dir: '01-ttl',
  tasks: [
    { id: 'a', title: 'Task A', points: 6, hints: ['Read § 3.'] },
    { id: 'b', title: 'Task B', points: 4, hints: ['Keep your own order.'] },
  ],
} as ExerciseManifest;

const report = (overrides: Partial<GradeJson['exercises'][number]> = {}): GradeJson => ({
  target: 'alice',
  points: 6,
  maxPoints: 10,
  bonusPoints: 0,
  maxBonusPoints: 0,
  exercises: [
    {
      id: 'ex1',
      title: 'TTL',
      points: 6,
      maxPoints: 10,
      bonusPoints: 0,
      maxBonusPoints: 0,
      flags: [],
      notes: [],
      tests: [
        { name: 'expiry [ex1.a.x] > is gone at t=1000', task: 'a', rule: 'expiry', status: 'pass', points: 6, maxPoints: 6 },
        { name: 'order [ex1.b.y] > evicts the oldest', task: 'b', rule: 'order', status: 'fail', points: 0, maxPoints: 2, message: "expected 'b' to be 'a' // evict the oldest <entry>\n ❯ hidden/b/order.test.ts:12:5\n  12|   expect(cache.keys()).toEqual(secretModel)" },
        { name: 'order [ex1.b.y] > spins', task: 'b', rule: 'order', status: 'timeout', points: 0, maxPoints: 2, message: 'was still running after 5 s' },
      ],
      ...overrides,
    },
  ],
});

const alice: SubmissionResult = { student: 'alice', source: 'alice', seconds: 3, report: report() };

describe('the gradebook', () => {
  it('has a row per submission with points per exercise, total, max, flags and reasons', () => {
    const broken: SubmissionResult = { student: 'bob, jr', source: 'bob.zip', seconds: 0, error: 'bob.zip is not a readable zip file' };
    const csv = renderGradebook([manifest], [alice, broken]).trim().split('\n');
    expect(csv[0]).toBe('student,ex1,total,max,flags,reasons');
    expect(csv[1]).toBe('alice,6,6,10,timed-out:ex1,');
    expect(csv[2], 'a field with a comma is quoted; a submission that could not be graded scores 0 of the maximum').toBe('"bob, jr",0,0,10,error,bob.zip is not a readable zip file');
  });

  it('defuses a name a spreadsheet would run as a formula', () => {
    expect(renderGradebook([manifest], [{ ...alice, student: '=HYPERLINK("x")' }])).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('flags a tampered exercise and gives the reason', () => {
    const tampered = { ...alice, report: report({ flags: ['tampered'], tampered: ['src/index.ts tried to load vitest'], points: 0 }) };
    expect(renderGradebook([manifest], [tampered])).toContain('tampered:ex1 timed-out:ex1,ex1 tampered: src/index.ts tried to load vitest');
  });
});

describe('the feedback', () => {
  const text = renderFeedback([manifest], alice);

  it('gives the total, each task’s points, and the failing tests with their messages', () => {
    expect(text).toContain('**Total: 6/10 points.**');
    expect(text).toContain('### ✔ Task A — 6/6');
    expect(text).toContain('### ✖ Task B — 0/4');
    expect(text).toContain("- ✖ order [ex1.b.y] > evicts the oldest\n  - expected 'b' to be 'a' // evict the oldest <entry>");
    expect(text).toContain('- ✖ order [ex1.b.y] > spins (timeout)');
  });

  it('gives the first hint of a task that lost points', () => {
    expect(text).toContain('Hint: Keep your own order.');
    expect(text).not.toContain('Hint: Read § 3.');
  });

  it('never quotes the hidden tests’ code', () => {
    expect(text).not.toContain('secretModel');
    expect(text).not.toContain('order.test.ts');
  });

  it('says why a submission could not be graded', () => {
    expect(renderFeedback([manifest], { student: 'bob', source: 'bob.zip', seconds: 0, error: 'bob.zip is not a readable zip file' })).toContain('could not be graded: bob.zip is not a readable zip file');
  });

  it('keeps a message up to its first stack frame or code excerpt', () => {
    expect(learnerMessage('first\nsecond\n    at Object.<anonymous> (x.ts:1:1)\nthird')).toBe('first second');
  });
});

describe('platform reports', () => {
  it('Gradescope: the score and a test per hidden test, points adding up, failures explained', () => {
    const results = toGradescope(report());
    expect(results.score).toBe(6);
    expect(results.tests.map((t) => [t.score, t.max_score, t.status])).toEqual([
      [6, 6, 'passed'],
      [0, 2, 'failed'],
      [0, 2, 'failed'],
    ]);
    expect(results.tests.reduce((sum, t) => sum + t.max_score, 0)).toBe(10);
    expect(results.tests[1]!.output).toBe("expected 'b' to be 'a' // evict the oldest <entry>");
    expect(results.tests.every((t) => t.visibility === 'visible')).toBe(true);
  });

  it('JUnit: a suite per exercise, failures and time-outs apart, text escaped', () => {
    const xml = toJunit(report());
    expect(xml).toContain('<testsuite name="ex1: TTL" tests="3" failures="1" errors="1" skipped="0">');
    expect(xml).toContain('<failure message="expected &apos;b&apos; to be &apos;a&apos; // evict the oldest &lt;entry&gt;"/>');
    expect(xml).toContain('<error type="timeout" message="was still running after 5 s"/>');
    expect(xml).not.toMatch(/<entry>/);
  });
});

describe('submissions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'workbook-submissions-'));
  const work = mkdtempSync(join(tmpdir(), 'workbook-unpacked-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });
  const text = (s: string) => new TextEncoder().encode(s);
  mkdirSync(join(dir, 'carol'));
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, 'dave.zip'), zipSync({ 'dave-repo/exercises/01-ttl/src/index.ts': text('export {}') }));
  writeFileSync(join(dir, 'eve.zip'), zipSync({ '../../escape.ts': text('x') }));
  writeFileSync(join(dir, 'notes.txt'), 'not a submission');

  it('are the folders and zip files, by name, without hidden entries', () => {
    expect(listSubmissions(dir).map((s) => `${s.student}:${s.kind}`)).toEqual(['carol:folder', 'dave:zip', 'eve:zip']);
  });

  it('are graded from inside a zip’s single top-level folder', () => {
    const folder = submissionFolder(listSubmissions(dir)[1]!, work);
    expect(readFileSync(join(folder, 'exercises/01-ttl/src/index.ts'), 'utf8')).toBe('export {}');
  });

  it('refuse a zip with an entry outside its folder', () => {
    expect(() => submissionFolder(listSubmissions(dir)[2]!, work)).toThrow(SubmissionError);
    expect(() => submissionFolder(listSubmissions(dir)[2]!, work)).toThrow(/outside its folder: \.\.\/\.\.\/escape\.ts/);
  });
});
