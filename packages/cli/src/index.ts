export { main, USAGE } from './main.js';
export type { IO } from './io.js';
export type { Demo, DemoContext } from './demo.js';
export type { ExerciseManifest, TaskManifest } from './manifest.js';
export type { BenchContender, BenchFn, BenchResult, BenchSuite, BenchSuiteFactory, BenchTarget, BenchTask, ContenderSetup } from './bench/types.js';
export { toGradeJson, type GradeJson } from './grade/json.js';
export { scoreExercise, taskIdOf } from './grade/score.js';
export type { GradedExercise, GradedTask, GradedTest } from './grade/score.js';
