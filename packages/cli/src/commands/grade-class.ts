import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { gradeClass, type ClassProgress } from '../class/batch.js';
import { flagsOf } from '../class/result.js';
import type { IO } from '../io.js';
import type { ExerciseManifest } from '../manifest.js';
import { TargetError } from '../targets.js';
import { formatPoints } from '../points.js';

export interface GradeClassArgs {
  submissions: string;
  out?: string;
  force: boolean;
  /** Only these exercises; every exercise when empty. */
  selected: ExerciseManifest[];
}


/** One plain line per graded submission, for logs and CI. */
function progressLine({ done, total, result, reused }: ClassProgress): string {
  const score = result.report ? `${formatPoints(result.report.points)}/${formatPoints(result.report.maxPoints)}` : 'not graded';
  const flags = flagsOf(result);
  return `[${done}/${total}] ${result.student}: ${score}${flags.length > 0 ? ` (${flags.join(' ')})` : ''}${reused ? ' — from an earlier run' : ` in ${result.seconds.toFixed(1)} s`}`;
}

/**
 * `workbook grade --submissions <dir>`: grades a class. Every subfolder or zip is a submission, graded with this
 * checkout's hidden tests; writes a CSV gradebook and Markdown feedback per student. Exit 0 once every submission
 * has a row, whatever the scores.
 */
export async function gradeClassCommand(root: string, args: GradeClassArgs, io: IO): Promise<number> {
  const submissions = resolve(io.cwd, args.submissions);
  if (!existsSync(submissions) || !statSync(submissions).isDirectory()) {
    throw new TargetError(`\`--submissions\` must be a folder with one subfolder or zip per student; ${args.submissions} is not a folder.`);
  }
  const out = args.out ? resolve(io.cwd, args.out) : `${submissions}-grades`;
  if (out === submissions || out.startsWith(`${submissions}/`)) throw new TargetError(`\`--out\` must be outside the submissions folder, or its results would be graded as a submission.`);

  const bar = io.isTTY && !io.env['CI'] ? new SingleBar({ stream: process.stderr, format: 'Grading {bar} {value}/{total} {student}', hideCursor: true, clearOnComplete: true }) : undefined;
  let started = false;
  const started0 = Date.now();
  const { results } = await gradeClass(root, args.selected, { submissions, out, force: args.force, lanes: availableParallelism(), env: io.env }, (progress) => {
    if (!bar) return io.err(progressLine(progress));
    if (!started) bar.start(progress.total, 0, { student: '' });
    started = true;
    bar.update(progress.done, { student: progress.result.student });
  });
  bar?.stop();

  const seconds = (Date.now() - started0) / 1000;
  const where = (path: string) => relative(io.cwd, path) || '.';
  const flagged = results.filter((result) => flagsOf(result).length > 0);
  const lines = [
    `Graded ${results.length} submission${results.length === 1 ? '' : 's'} in ${seconds.toFixed(1)} s.`,
    `Gradebook: ${where(join(out, 'gradebook.csv'))}`,
    `Feedback:  ${where(join(out, 'feedback'))}/<student>.md`,
    ...(flagged.length > 0 ? ['', 'Flagged:', ...flagged.map((r) => `  ${r.student}: ${flagsOf(r).join(' ')}`)] : []),
  ];
  io.out(lines.join('\n'));
  return 0;
}
