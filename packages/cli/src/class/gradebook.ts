import { requiredPoints, type ExerciseManifest } from '../manifest.js';
import { flagsOf, reasonsOf, type SubmissionResult } from './result.js';

/** One CSV field: quoted when it holds a comma, quote or line break; a leading =, +, - or @ is defused for spreadsheets. */
function field(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The class gradebook as CSV: a row per submission with its points per exercise, total, maximum, flags
 * (`tampered:ex2`, `timed-out:ex1`, `missing:ex3`, `error`) and the reasons behind them. When an exercise offers
 * extra credit, a `bonus` column after `max` holds the bonus points earned, apart from the total.
 */
export function renderGradebook(manifests: readonly ExerciseManifest[], results: readonly SubmissionResult[]): string {
  const hasBonus = manifests.some((m) => m.tasks.some((t) => t.bonus));
  const header = ['student', ...manifests.map((m) => m.id), 'total', 'max', ...(hasBonus ? ['bonus'] : []), 'flags', 'reasons'];
  const max = manifests.reduce((sum, m) => sum + requiredPoints(m), 0);
  const rows = results.map((result) => {
    const points = manifests.map((m) => result.report?.exercises.find((e) => e.id === m.id)?.points ?? 0);
    const bonus = hasBonus ? [result.report?.bonusPoints ?? 0] : [];
    return [result.student, ...points, result.report?.points ?? 0, result.report?.maxPoints ?? max, ...bonus, flagsOf(result).join(' '), reasonsOf(result).join(' | ')];
  });
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\n') + '\n';
}
