import type { GradeJson } from '../grade/json.js';
import { learnerMessage } from './feedback.js';

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** One submission's grade as JUnit XML, the format CI systems read: a suite per exercise, a case per hidden test. */
export function toJunit(report: GradeJson): string {
  const suites = report.exercises.map((exercise) => {
    const cases = exercise.tests.map((test) => {
      const open = `    <testcase classname="${escape(`${exercise.id}.${test.task}${test.bonus ? '.bonus' : ''}`)}" name="${escape(test.name)}">`;
      const message = escape(learnerMessage(test.message) || test.status);
      const body =
        test.status === 'pass' ? '' : test.status === 'skip' ? '\n      <skipped/>' : test.status === 'fail' ? `\n      <failure message="${message}"/>` : `\n      <error type="${test.status}" message="${message}"/>`;
      return `${open}${body}${body ? '\n    ' : ''}</testcase>`;
    });
    const count = (status: string) => exercise.tests.filter((t) => t.status === status).length;
    const errors = count('error') + count('timeout');
    return `  <testsuite name="${escape(`${exercise.id}: ${exercise.title}`)}" tests="${exercise.tests.length}" failures="${count('fail')}" errors="${errors}" skipped="${count('skip')}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  const all = report.exercises.flatMap((e) => e.tests);
  const failures = all.filter((t) => t.status === 'fail').length;
  const errors = all.filter((t) => t.status === 'error' || t.status === 'timeout').length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="workbook ${escape(report.target)}: ${report.points}/${report.maxPoints} points${(report.maxBonusPoints ?? 0) > 0 ? `, +${report.bonusPoints} bonus` : ''}" tests="${all.length}" failures="${failures}" errors="${errors}">\n${suites.join('\n')}\n</testsuites>\n`;
}
