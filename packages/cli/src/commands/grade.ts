import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { toGradescope } from '../class/gradescope.js';
import { toJunit } from '../class/junit.js';
import { gradeExercise } from '../grade/grade-exercise.js';
import { toGradeJson } from '../grade/json.js';
import type { GradedExercise } from '../grade/score.js';
import type { IO } from '../io.js';
import type { ExerciseManifest } from '../manifest.js';
import { renderGrade } from '../render/checklist.js';
import { makeStyle, wantsColor } from '../render/style.js';
import { resolveTarget, TargetError } from '../targets.js';
import { inParallel } from '../lanes.js';

/** The manifests of the exercise ids asked for (all when none); an unknown id is an error listing the valid ones. */
export function selectExercises(manifests: ExerciseManifest[], only: string[]): ExerciseManifest[] {
  const unknown = only.filter((id) => !manifests.some((m) => m.id === id));
  if (unknown.length > 0) throw new TargetError(`Unknown exercise ${unknown.join(', ')}: the exercises are ${manifests.map((m) => m.id).join(', ')}.`);
  return only.length > 0 ? manifests.filter((m) => only.includes(m.id)) : manifests;
}

export interface GradeArgs {
  target?: string;
  json: boolean;
  /** Also write Gradescope's results.json here. */
  gradescope?: string;
  /** Also write a JUnit XML report here. */
  junit?: string;
  /** Only these exercise ids (`ex1`…); every exercise when empty. */
  only: string[];
}

function writeReport(io: IO, file: string, text: string): void {
  const path = resolve(io.cwd, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** `workbook grade`: hidden tests (public ones where none are hidden) of every exercise. Exit 0 only on full marks. */
export async function gradeCommand(root: string, manifests: ExerciseManifest[], args: GradeArgs, io: IO): Promise<number> {
  const selected = selectExercises(manifests, args.only);
  const target = resolveTarget(root, args.target, io.cwd);
  // Exercises are graded side by side, each in its own processes; the report keeps the manifests' order.
  const graded = await inParallel(selected, availableParallelism(), (manifest) => gradeExercise(root, manifest, target, 'grade', io.env));
  const report = toGradeJson(target.label, graded);
  if (args.gradescope) writeReport(io, args.gradescope, JSON.stringify(toGradescope(report), null, 2));
  if (args.junit) writeReport(io, args.junit, toJunit(report));
  if (args.json) io.out(JSON.stringify(report, null, 2));
  else io.out(renderGrade(graded, target.label, makeStyle(wantsColor(io.env, io.isTTY)), io.columns ?? 80));
  return report.maxPoints > 0 && report.points === report.maxPoints ? 0 : 1;
}
