import { totalPoints, type GradedExercise } from './score.js';

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

export type GradeJson = ReturnType<typeof toGradeJson>;
export type ExerciseJson = GradeJson['exercises'][number];
export type TestJson = ExerciseJson['tests'][number];
