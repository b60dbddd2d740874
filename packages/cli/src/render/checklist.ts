import { firstFailingTask, isProblem, totalPoints, type GradedExercise, type GradedTask } from '../grade/score.js';
import { PLAIN, type Style } from './style.js';

/** The hint to show under the first failing task. */
export interface HintView {
  task: string;
  /** 1-based. */
  step: number;
  of: number;
  text: string;
}

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));
const MAX_FAILURES_SHOWN = 3;

/** A titled checklist: one line per task with its points, then the first failing task's failures and hint. */
export function renderChecklist(exercise: GradedExercise, options: { target: string; style?: Style; hint?: HintView; showFailures?: boolean }): string {
  const style = options.style ?? PLAIN;
  const width = Math.max(...exercise.tasks.map((task) => task.title.length));
  const lines = [style.bold(`Exercise ${exercise.id.slice(2)} · ${exercise.title}`) + style.dim(`  (${options.target})`)];
  exercise.tasks.forEach((task, index) => lines.push(taskLine(task, index, width, style)));
  lines.push('', style.bold(`Total: ${fmt(exercise.points)}/${fmt(exercise.maxPoints)} points`));
  for (const note of exercise.notes) lines.push(style.warn(`! ${note}`));

  const failing = firstFailingTask(exercise);
  if (failing && options.showFailures !== false) lines.push('', ...failureBlock(failing, options.hint, style));
  return lines.join('\n');
}

function taskLine(task: GradedTask, index: number, width: number, style: Style): string {
  const done = task.total > 0 && task.passed === task.total && task.points === task.maxPoints;
  const mark = done ? style.ok('✔') : style.bad('✖');
  const skipped = task.tests.filter((test) => test.status === 'skip').length;
  const counts = `${task.passed}/${task.total} tests${skipped ? `, ${skipped} skipped` : ''}`;
  return `  ${mark} ${index + 1}. ${task.title.padEnd(width)}  ${`${fmt(task.points)}/${fmt(task.maxPoints)}`.padStart(7)}  ${style.dim(counts)}`;
}

function failureBlock(task: GradedTask, hint: HintView | undefined, style: Style): string[] {
  const failures = task.tests.filter(isProblem);
  const lines = [style.bold(`Next up: ${task.title}`)];
  for (const test of failures.slice(0, MAX_FAILURES_SHOWN)) {
    lines.push(`  ${style.bad('✖')} ${test.name}${test.status === 'fail' ? '' : style.dim(` [${test.status}]`)}`);
    if (test.message) lines.push(...indent(test.message, '      ').map(style.dim));
  }
  if (failures.length > MAX_FAILURES_SHOWN) lines.push(style.dim(`  … and ${failures.length - MAX_FAILURES_SHOWN} more failing in this task`));
  if (hint) lines.push('', `  ${style.warn(`Hint ${hint.step} of ${hint.of}:`)} ${hint.text}`);
  return lines;
}

function indent(text: string, prefix: string): string[] {
  return text.split('\n').slice(0, 8).map((line) => prefix + line);
}

/** The grade of several exercises: each checklist without hints, then the overall total. */
export function renderGrade(exercises: GradedExercise[], target: string, style: Style = PLAIN): string {
  const blocks = exercises.map((exercise) => renderChecklist(exercise, { target, style, showFailures: false }));
  const { points, maxPoints } = totalPoints(exercises);
  return [...blocks, style.bold(`Grade for ${target}: ${fmt(points)}/${fmt(maxPoints)} points`)].join('\n\n');
}
