import { totalPoints, type GradedExercise } from './score.js';

/**
 * The grader's JSON, field for field as instructors' tooling reads it. `points`/`maxPoints` are the required tasks'
 * alone; extra credit is in `bonusPoints`/`maxBonusPoints`, and each of its tests says `bonus: true`.
 */
export function toGradeJson(target: string, exercises: GradedExercise[]) {
  const bonus = totalPoints(exercises.map((e) => ({ points: e.bonusPoints, maxPoints: e.maxBonusPoints })));
  return { target, ...totalPoints(exercises), bonusPoints: bonus.points, maxBonusPoints: bonus.maxPoints, exercises: exercises.map(exerciseJson) };
}

function exerciseJson(e: GradedExercise) {
  const bonusTasks = new Set(e.tasks.filter((task) => task.bonus).map((task) => task.id));
  return {
    id: e.id,
    title: e.title,
    points: e.points,
    maxPoints: e.maxPoints,
    bonusPoints: e.bonusPoints,
    maxBonusPoints: e.maxBonusPoints,
    flags: e.tampered.length > 0 ? ['tampered'] : [],
    ...(e.tampered.length > 0 ? { tampered: e.tampered } : {}),
    notes: e.notes,
    tests: e.tests.map((t) => ({
      name: t.name,
      task: t.task,
      rule: t.rule,
      status: t.status,
      points: t.points,
      maxPoints: t.maxPoints,
      ...(bonusTasks.has(t.task) ? { bonus: true as const } : {}),
      ...(t.message ? { message: t.message } : {}),
    })),
  };
}

export type GradeJson = ReturnType<typeof toGradeJson>;
export type ExerciseJson = GradeJson['exercises'][number];
export type TestJson = ExerciseJson['tests'][number];
