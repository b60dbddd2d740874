import { describe, expect, it } from 'vitest';
import { renderFeedback } from '../src/class/feedback.js';
import { renderGradebook } from '../src/class/gradebook.js';
import { toGradescope } from '../src/class/gradescope.js';
import { toJunit } from '../src/class/junit.js';
import { toGradeJson } from '../src/grade/json.js';
import type { TestStatus } from '../src/grade/protocol.js';
import type { RunOutcome } from '../src/grade/run-tests.js';
import { firstFailingTask, scoreExercise } from '../src/grade/score.js';
import { parseManifest, requiredPoints, type ExerciseManifest } from '../src/manifest.js';
import { progressOf } from '../src/progress.js';
import { renderChecklist, renderGrade } from '../src/render/checklist.js';

// An exercise of 100 points with a 10-point extra-credit task.
const manifest: ExerciseManifest = {
  id: 'ex9',
  number: 9,
  title: 'Fixture',
  dir: '09-fixture',
  tasks: [
    { id: 'alpha', title: 'Alpha', points: 60, hints: ['a'] },
    { id: 'beta', title: 'Beta', points: 40, hints: ['b'] },
    { id: 'extra', title: 'Semantic', points: 10, hints: ['e'], bonus: true },
  ],
};
const file = (task: string) => `/repo/solutions/09-fixture/hidden/${task}/x.test.ts`;

/** A run where each task has two tests, with the statuses given per task. */
function run(statuses: Record<string, [TestStatus, TestStatus]>): RunOutcome {
  const spec: RunOutcome['spec'] = new Map();
  const results: RunOutcome['results'] = new Map();
  for (const [task, pair] of Object.entries(statuses)) {
    spec.set(file(task), { file: file(task), tests: pair.map((_, i) => ({ key: `r > ${i}`, name: `r > ${i}`, rule: 'r', skip: false })) });
    results.set(file(task), new Map(pair.map((status, i) => [`r > ${i}`, { status }])));
  }
  return { spec, results, tampered: [], notes: [] };
}

const allPass = run({ alpha: ['pass', 'pass'], beta: ['pass', 'pass'], extra: ['pass', 'pass'] });
const halfBonus = run({ alpha: ['pass', 'pass'], beta: ['pass', 'fail'], extra: ['pass', 'fail'] });
const noBonus = run({ alpha: ['pass', 'pass'], beta: ['pass', 'pass'], extra: ['fail', 'fail'] });

describe('extra credit is scored apart', () => {
  it('keeps the exercise on its 100-point scale, whatever the bonus earns', () => {
    expect(scoreExercise(manifest, '/repo', allPass)).toMatchObject({ points: 100, maxPoints: 100, bonusPoints: 10, maxBonusPoints: 10 });
    expect(scoreExercise(manifest, '/repo', halfBonus)).toMatchObject({ points: 80, maxPoints: 100, bonusPoints: 5, maxBonusPoints: 10 });
  });

  it('has no bonus to earn in an exercise without extra credit', () => {
    const plain = { ...manifest, tasks: manifest.tasks.filter((task) => !task.bonus) };
    expect(scoreExercise(plain, '/repo', run({ alpha: ['pass', 'pass'], beta: ['pass', 'pass'] }))).toMatchObject({ points: 100, bonusPoints: 0, maxBonusPoints: 0 });
  });

  it('marks the extra-credit task, and counts its points for the task itself', () => {
    const extra = scoreExercise(manifest, '/repo', halfBonus).tasks[2]!;
    expect(extra).toMatchObject({ id: 'extra', bonus: true, points: 5, maxPoints: 10 });
  });

  it('leaves extra credit out of the required points of a manifest', () => {
    expect(requiredPoints(manifest)).toBe(100);
  });

  it('refuses a manifest whose `bonus` is not true or false', () => {
    const text = JSON.stringify({ ...manifest, tasks: [{ ...manifest.tasks[0], bonus: 'yes' }] });
    expect(() => parseManifest(text, '09-fixture')).toThrow(/`bonus` must be true or false/);
  });
});

describe('the next task is a required one first', () => {
  it('points at a failing required task before a failing extra-credit task', () => {
    expect(firstFailingTask(scoreExercise(manifest, '/repo', halfBonus))?.id).toBe('beta');
  });

  it('points at the extra credit once every required task passes', () => {
    expect(firstFailingTask(scoreExercise(manifest, '/repo', noBonus))?.id).toBe('extra');
  });

  it('calls an exercise done in the progress once its required tasks pass', () => {
    expect(progressOf(scoreExercise(manifest, '/repo', noBonus)).next).toBeUndefined();
  });
});

describe('reports show the bonus apart', () => {
  const graded = scoreExercise(manifest, '/repo', halfBonus);
  const report = toGradeJson('alice', [graded, { ...graded, id: 'ex8' }]);

  it('JSON: points and maxPoints without it, bonusPoints beside them, bonus tests marked', () => {
    expect(report).toMatchObject({ points: 160, maxPoints: 200, bonusPoints: 10, maxBonusPoints: 20 });
    expect(report.exercises[0]).toMatchObject({ points: 80, maxPoints: 100, bonusPoints: 5, maxBonusPoints: 10 });
    expect(report.exercises[0]!.tests.filter((test) => test.bonus).map((test) => test.task)).toEqual(['extra', 'extra']);
    expect(report.exercises[0]!.tests.filter((test) => test.task !== 'extra').every((test) => !('bonus' in test))).toBe(true);
  });

  it('checklist: the extra-credit row with a plus, and the bonus after the total', () => {
    const text = renderChecklist(graded, { target: 'exercises' });
    expect(text).toMatch(/Extra credit: Semantic\s+\+5\/10/);
    expect(text).toContain('Total: 80/100 points · +5/10 bonus');
    expect(renderGrade([graded, graded], 'solutions')).toContain('Grade for solutions: 160/200 points · +10/20 bonus');
  });

  it('checklist: no bonus note where there is no extra credit', () => {
    expect(renderChecklist({ ...graded, bonusPoints: 0, maxBonusPoints: 0 }, { target: 'exercises' })).not.toContain('bonus');
  });

  it('Gradescope: the score without the bonus; bonus tests named so, with max_score 0', () => {
    const results = toGradescope(report);
    expect(results.score).toBe(160);
    expect(results.output).toContain('+10 of 20 bonus points');
    const extra = results.tests.filter((test) => test.name.includes('(extra credit)'));
    expect(extra.map((test) => [test.score, test.max_score])).toEqual([[5, 0], [0, 0], [5, 0], [0, 0]]);
    expect(results.tests.reduce((sum, test) => sum + test.max_score, 0), 'the maximum is the required points').toBe(200);
  });

  it('JUnit: bonus tests in a class of their own, the bonus in the title', () => {
    const xml = toJunit(report);
    expect(xml).toContain('160/200 points, +10 bonus');
    expect(xml).toContain('classname="ex9.extra.bonus"');
  });

  it('gradebook: a bonus column after max, the total unchanged', () => {
    const csv = renderGradebook([manifest], [{ student: 'alice', source: 'alice', seconds: 1, report: toGradeJson('alice', [graded]) }]).trim().split('\n');
    expect(csv[0]).toBe('student,ex9,total,max,bonus,flags,reasons');
    expect(csv[1]).toBe('alice,80,80,100,5,,');
  });

  it('feedback: the bonus beside the total and on its task', () => {
    const text = renderFeedback([manifest], { student: 'alice', source: 'alice', seconds: 1, report: toGradeJson('alice', [graded]) });
    expect(text).toContain('**Total: 80/100 points (+5/10 bonus).**');
    expect(text).toContain('Semantic — +5/10 bonus (extra credit)');
  });
});
