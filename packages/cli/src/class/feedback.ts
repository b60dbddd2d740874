import type { ExerciseJson, TestJson } from '../grade/json.js';
import type { ExerciseManifest } from '../manifest.js';
import type { SubmissionResult } from './result.js';
import { formatPoints } from '../points.js';


/**
 * The learner-facing part of a failure message: its first lines, up to the first stack frame or code excerpt, so
 * feedback never quotes the hidden tests' code.
 */
export function learnerMessage(message: string | undefined, maxLines = 3): string {
  if (!message) return '';
  const lines: string[] = [];
  for (const line of message.split('\n')) {
    if (/^\s*(at |❯ |\d+\s*\||[|>]\s*\d+\s*\||- Expected|\+ Received)/.test(line)) break;
    if (line.trim() === '') continue;
    lines.push(line.trim());
    if (lines.length === maxLines) break;
  }
  return lines.join(' ');
}

/** ` (+2/5 bonus)` after a score when there is extra credit to earn; empty otherwise (and for results saved before it existed). */
function bonusNote(report: { bonusPoints?: number; maxBonusPoints?: number }): string {
  return (report.maxBonusPoints ?? 0) > 0 ? ` (+${formatPoints(report.bonusPoints ?? 0)}/${formatPoints(report.maxBonusPoints!)} bonus)` : '';
}

function testLine(test: TestJson): string {
  const mark = test.status === 'pass' ? '✔' : test.status === 'skip' ? '–' : '✖';
  const status = test.status === 'pass' || test.status === 'fail' ? '' : ` (${test.status})`;
  const message = test.status === 'pass' ? '' : learnerMessage(test.message);
  return `- ${mark} ${test.name}${status}${message ? `\n  - ${message}` : ''}`;
}

function exerciseSection(manifest: ExerciseManifest, exercise: ExerciseJson | undefined): string {
  if (!exercise) return `## ${manifest.id}: ${manifest.title}\n\nNot graded.`;
  const parts = [`## ${exercise.id}: ${exercise.title} — ${formatPoints(exercise.points)}/${formatPoints(exercise.maxPoints)}${bonusNote(exercise)}`];
  if (exercise.tampered) parts.push(`**Flagged as tampered, 0 points:** ${exercise.tampered.join('; ')}`);
  for (const note of exercise.notes) parts.push(`> ${note}`);
  for (const task of manifest.tasks) {
    const tests = exercise.tests.filter((test) => test.task === task.id);
    const earned = tests.reduce((sum, test) => sum + test.points, 0);
    const max = tests.reduce((sum, test) => sum + test.maxPoints, 0);
    const failing = tests.filter((test) => test.status !== 'pass' && test.status !== 'skip');
    const score = task.bonus ? `+${formatPoints(earned)}/${formatPoints(max)} bonus (extra credit)` : `${formatPoints(earned)}/${formatPoints(max)}`;
    parts.push(`### ${failing.length === 0 ? '✔' : '✖'} ${task.title} — ${score}`);
    if (failing.length > 0) {
      parts.push(tests.map(testLine).join('\n'));
      if (task.hints[0]) parts.push(`Hint: ${task.hints[0]}`);
    }
  }
  return parts.join('\n\n');
}

/**
 * A student's feedback in Markdown: the total, then per exercise and task what passed and what failed, with the
 * learner-facing message and the task's first hint. Never the hidden tests' code.
 */
export function renderFeedback(manifests: readonly ExerciseManifest[], result: SubmissionResult): string {
  const title = `# Feedback for ${result.student}`;
  if (!result.report) return `${title}\n\nYour submission could not be graded: ${result.error ?? 'unknown reason'}.\n`;
  const total = `**Total: ${formatPoints(result.report.points)}/${formatPoints(result.report.maxPoints)} points${bonusNote(result.report)}.**`;
  const sections = manifests.map((manifest) => exerciseSection(manifest, result.report!.exercises.find((e) => e.id === manifest.id)));
  return [title, total, ...sections].join('\n\n') + '\n';
}
