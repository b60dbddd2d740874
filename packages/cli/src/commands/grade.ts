import { availableParallelism } from 'node:os';
import { gradeExercise } from '../grade/grade-exercise.js';
import { totalPoints, type GradedExercise } from '../grade/score.js';
import type { IO } from '../io.js';
import type { ExerciseManifest } from '../manifest.js';
import { renderGrade } from '../render/checklist.js';
import { makeStyle, wantsColor } from '../render/style.js';
import { resolveTarget, TargetError } from '../targets.js';

/** Maps `items` through `fn`, at most `limit` at a time, keeping their order. */
async function inParallel<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

export interface GradeArgs {
  target?: string;
  json: boolean;
  /** Only these exercise ids (`ex1`…); every exercise when empty. */
  only: string[];
}

/** The grader's JSON, field for field as instructors' tooling reads it. */
export function toGradeJson(target: string, exercises: GradedExercise[]) {
  return {
    target,
    ...totalPoints(exercises),
    exercises: exercises.map((e) => ({
      id: e.id,
      title: e.title,
      points: e.points,
      maxPoints: e.maxPoints,
      flags: e.tampered.length > 0 ? ['tampered'] : [],
      ...(e.tampered.length > 0 ? { tampered: e.tampered } : {}),
      notes: e.notes,
      tests: e.tests.map((t) => ({ name: t.name, task: t.task, rule: t.rule, status: t.status, points: t.points, maxPoints: t.maxPoints, ...(t.message ? { message: t.message } : {}) })),
    })),
  };
}

/** `workbook grade`: hidden tests (public ones where none are hidden) of every exercise. Exit 0 only on full marks. */
export async function gradeCommand(root: string, manifests: ExerciseManifest[], args: GradeArgs, io: IO): Promise<number> {
  const target = resolveTarget(root, args.target, io.cwd);
  const unknown = args.only.filter((id) => !manifests.some((m) => m.id === id));
  if (unknown.length > 0) throw new TargetError(`Unknown exercise ${unknown.join(', ')}: the exercises are ${manifests.map((m) => m.id).join(', ')}.`);
  const selected = args.only.length > 0 ? manifests.filter((m) => args.only.includes(m.id)) : manifests;
  // Exercises are graded side by side, each in its own processes; the report keeps the manifests' order.
  const graded = await inParallel(selected, availableParallelism(), (manifest) => gradeExercise(root, manifest, target, 'grade', io.env));
  const report = toGradeJson(target.label, graded);
  if (args.json) io.out(JSON.stringify(report, null, 2));
  else io.out(renderGrade(graded, target.label, makeStyle(wantsColor(io.env, io.isTTY)), io.columns ?? 80));
  return report.maxPoints > 0 && report.points === report.maxPoints ? 0 : 1;
}
