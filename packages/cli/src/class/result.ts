import type { ExerciseJson, GradeJson } from '../grade/json.js';

/** What the batch keeps of one graded submission (`<out>/results/<student>.json`). */
export interface SubmissionResult {
  student: string;
  /** The folder or zip name it was graded from. */
  source: string;
  /** Wall time of its grading, in seconds. */
  seconds: number;
  /** The grader's JSON; absent when the submission could not be graded at all. */
  report?: GradeJson;
  /** Why it could not be graded (a zip that does not unpack, an error of the grader). */
  error?: string;
}

/** Short flags for a gradebook row: `tampered:ex2`, `timed-out:ex1`, `missing:ex3`, `error`. */
export function flagsOf(result: SubmissionResult): string[] {
  if (!result.report) return ['error'];
  return result.report.exercises.flatMap((exercise) => [
    ...(exercise.flags.includes('tampered') ? [`tampered:${exercise.id}`] : []),
    ...(isMissing(exercise) ? [`missing:${exercise.id}`] : []),
    ...(exercise.tests.some((test) => test.status === 'timeout') ? [`timed-out:${exercise.id}`] : []),
  ]);
}

/** The reasons behind a row's flags and lost runs, for the gradebook's last column. */
export function reasonsOf(result: SubmissionResult): string[] {
  if (!result.report) return [result.error ?? 'not graded'];
  return result.report.exercises.flatMap((exercise) => [...(exercise.tampered ?? []).map((reason) => `${exercise.id} tampered: ${reason}`), ...exercise.notes.map((note) => `${exercise.id}: ${note}`)]);
}

function isMissing(exercise: ExerciseJson): boolean {
  return exercise.notes.some((note) => note.includes('has no code for'));
}
