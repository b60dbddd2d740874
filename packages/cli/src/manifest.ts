import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One graded task of an exercise, as its manifest declares it. */
export interface TaskManifest {
  /** Matches the test files that grade it: `test/<id>.test.ts` or `hidden/<id>/….test.ts`. */
  id: string;
  title: string;
  /** Points for passing every test of the task; split evenly between its tests. */
  points: number;
  /**
   * The starter files the task is written in, relative to the exercise folder (`src/ttl-cache.ts`), the main one
   * first: `pnpm exN` names them for the first failing task. Every file with a `TODO(exN.<task>)` is listed.
   */
  files?: string[];
  /** Stepped hints, from a nudge to a pointer into theory.md; one more is shown on each failing run. */
  hints: string[];
  /**
   * Weights of the task's rules (a rule is an outermost `describe` of a test file, or a file's loose tests), by name.
   * A task's points are split over its rules by weight, then evenly over each rule's tests. @default 1 for every rule
   */
  rules?: Record<string, number>;
  /**
   * Extra credit: the task's points are reported apart (`+5 bonus`) and never count towards the exercise's points,
   * its maximum or any total, so each exercise keeps its 100-point scale. @default false
   */
  bonus?: boolean;
}

/** `exercises/NN-name/manifest.json`: the one description of an exercise that the CLI, grader and docs read. */
export interface ExerciseManifest {
  /** `ex1` … `ex4`. */
  id: string;
  number: number;
  title: string;
  /** Folder name under `exercises/` and `solutions/`, e.g. `01-ttl-cache`. */
  dir: string;
  /**
   * Per-test time limit in ms on a quiet machine; it stretches with the machine's load, and counts only while the
   * test runs (never start-up). @default 5000
   */
  testTimeoutMs?: number;
  /** Whether the tests start child processes (crash tests, redis-server); otherwise test processes may not. @default false */
  allowChildProcesses?: boolean;
  tasks: TaskManifest[];
}

/** Every exercise that has a manifest, in number order. */
export function loadManifests(repoRoot: string): ExerciseManifest[] {
  const root = join(repoRoot, 'exercises');
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, 'manifest.json')))
    .map((entry) => parseManifest(readFileSync(join(root, entry.name, 'manifest.json'), 'utf8'), entry.name))
    .sort((a, b) => a.number - b.number);
}

/** A starter file as a task's `files` names it: under `src/`, without `..` or a leading slash. */
const SOURCE_FILE = /^src\/(?:[\w-][\w.-]*\/)*[\w-][\w.-]*\.ts$/;

/** Parses and checks a manifest, so an authoring slip fails loudly instead of grading wrongly. */
export function parseManifest(text: string, dir: string): ExerciseManifest {
  const data = JSON.parse(text) as ExerciseManifest;
  const where = `exercises/${dir}/manifest.json`;
  if (data.dir !== dir) throw new Error(`${where}: \`dir\` is ${JSON.stringify(data.dir)}, expected ${JSON.stringify(dir)}`);
  if (!/^ex\d+$/.test(data.id)) throw new Error(`${where}: \`id\` must look like ex1, got ${JSON.stringify(data.id)}`);
  if (!Array.isArray(data.tasks) || data.tasks.length === 0) throw new Error(`${where}: \`tasks\` must list at least one task`);
  const ids = new Set<string>();
  for (const task of data.tasks) {
    if (ids.has(task.id)) throw new Error(`${where}: task id ${task.id} appears twice`);
    ids.add(task.id);
    if (!(task.points > 0)) throw new Error(`${where}: task ${task.id} needs positive \`points\``);
    if (!Array.isArray(task.hints) || task.hints.length === 0) throw new Error(`${where}: task ${task.id} needs \`hints\``);
    if (task.files !== undefined && !(Array.isArray(task.files) && task.files.length > 0 && task.files.every((file) => typeof file === 'string' && SOURCE_FILE.test(file)))) {
      throw new Error(`${where}: task ${task.id} \`files\` must list files under src/, like "src/cache.ts", got ${JSON.stringify(task.files)}`);
    }
    if (task.bonus !== undefined && typeof task.bonus !== 'boolean') throw new Error(`${where}: task ${task.id} \`bonus\` must be true or false, got ${JSON.stringify(task.bonus)}`);
    for (const [rule, weight] of Object.entries(task.rules ?? {})) {
      if (!(weight > 0)) throw new Error(`${where}: task ${task.id} rule ${JSON.stringify(rule)} needs a positive weight, got ${weight}`);
    }
  }
  return data;
}

/** The points an exercise is graded out of: its tasks' points, extra credit left out. */
export const requiredPoints = (manifest: ExerciseManifest): number => manifest.tasks.reduce((sum, task) => sum + (task.bonus ? 0 : task.points), 0);
