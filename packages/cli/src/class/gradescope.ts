import type { GradeJson } from '../grade/json.js';
import { formatPoints } from '../points.js';
import { learnerMessage } from './feedback.js';

/** Gradescope's autograder results (`/autograder/results/results.json`), as its documentation specifies them. */
export interface GradescopeResults {
  /** The required tasks' points: extra credit never changes it. */
  score: number;
  output: string;
  visibility: 'visible';
  tests: { name: string; score: number; max_score: number; status: 'passed' | 'failed'; output: string; visibility: 'visible' }[];
}

/**
 * One submission's grade in Gradescope's format: the total score, and a test per hidden test with its points and,
 * when it failed, the learner-facing message (never the test's code). An extra-credit test is named so and has a
 * `max_score` of 0 — Gradescope's way to show points above the maximum — and the score leaves it out; the output's
 * first line reports the bonus apart.
 */
export function toGradescope(report: GradeJson): GradescopeResults {
  const notes = report.exercises.flatMap((e) => [...(e.tampered ?? []).map((t) => `${e.id} flagged as tampered: ${t}`), ...e.notes.map((n) => `${e.id}: ${n}`)]);
  const bonus = (report.maxBonusPoints ?? 0) > 0 ? ` Extra credit, apart from them: +${formatPoints(report.bonusPoints ?? 0)} of ${formatPoints(report.maxBonusPoints)} bonus points.` : '';
  return {
    score: report.points,
    output: [`${report.points}/${report.maxPoints} points from the workbook's hidden tests.${bonus}`, ...notes].join('\n'),
    visibility: 'visible',
    tests: report.exercises.flatMap((exercise) =>
      exercise.tests
        .filter((test) => test.status !== 'skip')
        .map((test) => ({
          name: `${exercise.id} ${test.task}${test.bonus ? ' (extra credit)' : ''}: ${test.name}`,
          score: test.points,
          max_score: test.bonus ? 0 : test.maxPoints,
          status: test.status === 'pass' ? ('passed' as const) : ('failed' as const),
          output: test.status === 'pass' ? '' : learnerMessage(test.message) || test.status,
          visibility: 'visible' as const,
        })),
    ),
  };
}
