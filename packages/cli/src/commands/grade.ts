import { gradeExercise } from '../grade/grade-exercise.js';
import { totalPoints, type GradedExercise } from '../grade/score.js';
import type { IO } from '../io.js';
import type { ExerciseManifest } from '../manifest.js';
import { renderGrade } from '../render/checklist.js';
import { makeStyle, wantsColor } from '../render/style.js';
import { resolveTarget } from '../targets.js';

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
  const selected = args.only.length > 0 ? manifests.filter((m) => args.only.includes(m.id)) : manifests;
  const graded: GradedExercise[] = [];
  for (const manifest of selected) graded.push(await gradeExercise(root, manifest, target, 'grade', io.env));
  const report = toGradeJson(target.label, graded);
  if (args.json) io.out(JSON.stringify(report, null, 2));
  else io.out(renderGrade(graded, target.label, makeStyle(wantsColor(io.env, io.isTTY))));
  return report.maxPoints > 0 && report.points === report.maxPoints ? 0 : 1;
}
