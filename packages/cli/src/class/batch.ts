import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gradeExercise } from '../grade/grade-exercise.js';
import { toGradeJson } from '../grade/json.js';
import type { GradedExercise } from '../grade/score.js';
import { requiredPoints, type ExerciseManifest } from '../manifest.js';
import { renderFeedback } from './feedback.js';
import { renderGradebook } from './gradebook.js';
import type { SubmissionResult } from './result.js';
import { listSubmissions, submissionFolder, type Submission } from './submissions.js';
import { inParallel } from '../lanes.js';

export interface ClassOptions {
  /** The folder of submissions: one subfolder or `.zip` per student. */
  submissions: string;
  /** Where the gradebook, feedback and per-student results go. */
  out: string;
  /** Grade again the submissions that already have a result in `out`. */
  force: boolean;
  /** How many exercises are graded at a time (each in its own processes). */
  lanes: number;
  env: NodeJS.ProcessEnv;
}

export interface ClassProgress {
  done: number;
  total: number;
  result: SubmissionResult;
  /** Taken from an earlier run's result rather than graded now. */
  reused: boolean;
}

export interface ClassOutcome {
  results: SubmissionResult[];
  gradebook: string;
}

/** A file name for a student: their folder or zip name with anything unusual replaced. */
export const fileNameOf = (student: string): string => student.replace(/[^A-Za-z0-9._-]/g, '_');

/** What the report shows for an exercise the grader itself failed on: no points, and why. */
function notGraded(manifest: ExerciseManifest, error: unknown): GradedExercise {
  const maxBonusPoints = manifest.tasks.reduce((sum, task) => sum + (task.bonus ? task.points : 0), 0);
  return { id: manifest.id, title: manifest.title, points: 0, maxPoints: requiredPoints(manifest), bonusPoints: 0, maxBonusPoints, tasks: [], tests: [], notes: [`could not be graded: ${(error as Error).message ?? String(error)}`], tampered: [] };
}

/**
 * Grades every submission in a folder with the hidden tests of `root`, exercises side by side up to `lanes`, each
 * in its own guarded processes. Writes `<out>/results/<student>.json`, `<out>/feedback/<student>.md` and
 * `<out>/gradebook.csv`. A submission that cannot be graded gets a row with the reason; it never stops the batch.
 */
export async function gradeClass(root: string, manifests: readonly ExerciseManifest[], options: ClassOptions, onProgress: (progress: ClassProgress) => void = () => {}): Promise<ClassOutcome> {
  const submissions = listSubmissions(options.submissions);
  const resultsDir = join(options.out, 'results');
  const feedbackDir = join(options.out, 'feedback');
  const unpacked = join(options.out, '.unpacked');
  for (const dir of [resultsDir, feedbackDir, unpacked]) mkdirSync(dir, { recursive: true });

  const results = new Map<Submission, SubmissionResult>();
  let done = 0;
  const finish = (submission: Submission, result: SubmissionResult, reused: boolean): void => {
    results.set(submission, result);
    if (!reused) {
      writeFileSync(join(resultsDir, `${fileNameOf(result.student)}.json`), JSON.stringify(result, null, 2));
      writeFileSync(join(feedbackDir, `${fileNameOf(result.student)}.md`), renderFeedback(manifests, result));
    }
    onProgress({ done: ++done, total: submissions.length, result, reused });
  };

  const pending: { submission: Submission; folder: string; started: number; graded: Map<string, GradedExercise> }[] = [];
  for (const submission of submissions) {
    const saved = join(resultsDir, `${fileNameOf(submission.student)}.json`);
    if (!options.force && existsSync(saved)) {
      finish(submission, JSON.parse(readFileSync(saved, 'utf8')) as SubmissionResult, true);
      continue;
    }
    try {
      pending.push({ submission, folder: submissionFolder(submission, unpacked), started: 0, graded: new Map() });
    } catch (error) {
      finish(submission, { student: submission.student, source: basename(submission.source), seconds: 0, error: (error as Error).message }, false);
    }
  }

  const jobs = pending.flatMap((entry) => manifests.map((manifest) => ({ entry, manifest })));
  await inParallel(jobs, options.lanes, async ({ entry, manifest }) => {
    entry.started ||= Date.now();
    const target = { label: entry.submission.student, dir: entry.folder };
    const graded = await gradeExercise(root, manifest, target, 'grade', options.env).catch((error: unknown) => notGraded(manifest, error));
    entry.graded.set(manifest.id, graded);
    if (entry.graded.size < manifests.length) return;
    const exercises = manifests.map((m) => entry.graded.get(m.id)!);
    finish(entry.submission, { student: entry.submission.student, source: basename(entry.submission.source), seconds: (Date.now() - entry.started) / 1000, report: toGradeJson(entry.submission.student, exercises) }, false);
  });
  rmSync(unpacked, { recursive: true, force: true });

  const ordered = submissions.map((submission) => results.get(submission)!);
  const gradebook = renderGradebook(manifests, ordered);
  writeFileSync(join(options.out, 'gradebook.csv'), gradebook);
  return { results: ordered, gradebook };
}
