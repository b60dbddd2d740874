import { firstFailingTask, isProblem, totalPoints, type GradedExercise, type GradedTask } from '../grade/score.js';
import { PLAIN, type Style } from './style.js';
import { formatPoints } from '../points.js';

/** The hints revealed so far for the first failing task. */
export interface HintView {
  task: string;
  /** Every hint revealed so far, first to last. */
  hints: string[];
  of: number;
}

export interface ChecklistOptions {
  /** What is graded, in words: `your code`, `the reference solution`. */
  target: string;
  style?: Style;
  hint?: HintView;
  showFailures?: boolean;
  /** Terminal width in columns. @default 80 */
  columns?: number;
  /**
   * The score comes from the public tests alone (the student edition has no hidden tests): the header says so, and
   * that the instructor grades with more. @default false
   */
  publicOnly?: boolean;
  /**
   * Where to work: the exercise's guide, and each task's starter files by task id. The checklist ends with a line
   * naming the guide and the files of the first failing task (only the guide once everything passes).
   */
  where?: { guide: string; files: Record<string, string[] | undefined> };
}

/** The student edition's reminder that its score is not the grade. */
export const PUBLIC_ONLY_NOTE = 'Scored by the public tests; your instructor grades with more (hidden) tests.';

const MAX_FAILURES_SHOWN = 3;

/** Cuts `text` to `width` columns, ending in `…` when it was longer. */
function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Wraps `text` at spaces to `width` columns, each line after `prefix`; a word longer than a line is cut. */
function wrap(text: string, width: number, prefix: string): string[] {
  const room = Math.max(10, width - prefix.length);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ').map((w) => fit(w, room))) {
      if (line && line.length + 1 + word.length > room) {
        lines.push(prefix + line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    lines.push(prefix + line);
  }
  return lines;
}

/** A titled checklist: one line per task with its points, then the first failing task's failures and hints. */
export function renderChecklist(exercise: GradedExercise, options: ChecklistOptions): string {
  const style = options.style ?? PLAIN;
  const columns = Math.max(40, options.columns ?? 80);
  const lines = [style.bold(fit(`Exercise ${exercise.id.slice(2)} · ${exercise.title}`, columns)), style.dim(fit(`  grading ${options.target}`, columns))];
  if (options.publicOnly) lines.push(...wrap(PUBLIC_ONLY_NOTE, columns, '  ').map(style.dim));
  const rows = exercise.tasks.map(taskRow);
  // The title column gets what is left of the line after the mark, the number, the points and the counts.
  const countsWidth = Math.max(...rows.map((row) => row.counts.length));
  const titleWidth = Math.min(Math.max(...rows.map((row) => row.title.length)), columns - 2 - 2 - 4 - 2 - 7 - 2 - countsWidth);
  rows.forEach((row, index) => {
    const mark = row.done ? style.ok('✔') : style.bad('✖');
    lines.push(`  ${mark} ${index + 1}. ${fit(row.title, titleWidth).padEnd(titleWidth)}  ${row.points.padStart(7)}  ${style.dim(row.counts)}`);
  });
  lines.push('', style.bold(`Total: ${formatPoints(exercise.points)}/${formatPoints(exercise.maxPoints)} points${bonusNote(exercise)}`));
  for (const reason of exercise.tampered) lines.push(...wrap(`Flagged as tampered, 0 points: ${reason}`, columns, '! ').map(style.bad));
  for (const note of exercise.notes) lines.push(...wrap(note, columns, '! ').map(style.warn));

  const failing = firstFailingTask(exercise);
  if (failing && options.showFailures !== false) lines.push('', ...failureBlock(failing, options.hint, style, columns));
  if (options.where) lines.push('', ...whereToWork(options.where.guide, failing ? options.where.files[failing.id] : undefined, columns));
  return lines.join('\n');
}

/** `Guide: exercises/01-ttl-cache/README.md · Edit: src/ttl-cache.ts`, wrapped to the terminal; plain text. */
export function whereToWork(guide: string, files: string[] | undefined, columns = 80): string[] {
  const parts = [`Guide: ${guide}`, ...(files?.length ? [`Edit: ${files.join(', ')}`] : [])];
  const line = parts.join(' · ');
  return line.length <= columns ? [line] : parts.flatMap((part) => wrap(part, columns, ''));
}

/** ` · +2/5 bonus`: extra credit, shown apart from the points; empty when there is none to earn. */
function bonusNote({ bonusPoints, maxBonusPoints }: { bonusPoints: number; maxBonusPoints: number }): string {
  return maxBonusPoints > 0 ? ` · +${formatPoints(bonusPoints)}/${formatPoints(maxBonusPoints)} bonus` : '';
}

function taskRow(task: GradedTask): { title: string; points: string; counts: string; done: boolean } {
  const skipped = task.tests.filter((test) => test.status === 'skip').length;
  return {
    title: task.bonus ? `Extra credit: ${task.title}` : task.title,
    points: `${task.bonus ? '+' : ''}${formatPoints(task.points)}/${formatPoints(task.maxPoints)}`,
    counts: `${task.passed}/${task.total} tests${skipped ? `, ${skipped} skipped` : ''}`,
    done: task.total > 0 && task.passed === task.total && task.points === task.maxPoints,
  };
}

function failureBlock(task: GradedTask, hint: HintView | undefined, style: Style, columns: number): string[] {
  const failures = task.tests.filter(isProblem);
  const lines = [style.bold(fit(`Next up: ${task.title}`, columns))];
  for (const test of failures.slice(0, MAX_FAILURES_SHOWN)) {
    const status = test.status === 'fail' ? '' : ` [${test.status}]`;
    lines.push(`  ${style.bad('✖')} ${fit(test.name, columns - 4 - status.length)}${style.dim(status)}`);
    if (test.message) lines.push(...test.message.split('\n').slice(0, 8).flatMap((line) => wrap(line, columns, '      ')).slice(0, 10).map(style.dim));
  }
  if (failures.length > MAX_FAILURES_SHOWN) lines.push(style.dim(`  … and ${failures.length - MAX_FAILURES_SHOWN} more failing in this task`));
  for (const [index, text] of (hint?.hints ?? []).entries()) {
    const label = `Hint ${index + 1} of ${hint!.of}:`;
    const wrapped = wrap(`${label} ${text}`, columns, '  ');
    lines.push('', wrapped[0]!.replace(label, style.warn(label)), ...wrapped.slice(1));
  }
  return lines;
}

/** The grade of several exercises: each checklist with its failing tests by name, then the overall total. */
export function renderGrade(exercises: GradedExercise[], target: string, style: Style = PLAIN, columns = 80): string {
  const blocks = exercises.map((exercise) => renderChecklist(exercise, { target, style, showFailures: false, columns }) + failedList(exercise, style, columns));
  const { points, maxPoints } = totalPoints(exercises);
  const bonus = totalPoints(exercises.map((e) => ({ points: e.bonusPoints, maxPoints: e.maxBonusPoints })));
  return [...blocks, style.bold(`Grade for ${target}: ${formatPoints(points)}/${formatPoints(maxPoints)} points${bonusNote({ bonusPoints: bonus.points, maxBonusPoints: bonus.maxPoints })}`)].join('\n\n');
}

/** The failing tests of an exercise by name, each with the first line of its message, for the grader's text report. */
function failedList(exercise: GradedExercise, style: Style, columns: number): string {
  const failing = exercise.tests.filter(isProblem);
  if (failing.length === 0) return '';
  const lines = failing.flatMap((test) => {
    const title = `  ${style.bad('✖')} ${fit(`${test.task}: ${test.name}${test.status === 'fail' ? '' : ` [${test.status}]`}`, columns - 4)}`;
    const message = test.message?.split('\n').find((line) => line.trim() !== '')?.trim();
    return message ? [title, style.dim(`      ${fit(message, columns - 6)}`)] : [title];
  });
  return `\n${style.bold('Failing tests:')}\n${lines.join('\n')}`;
}
