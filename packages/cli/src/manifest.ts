import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One graded task of an exercise, as its manifest declares it. */
export interface TaskManifest {
  /** Matches the test files that grade it: `test/<id>.test.ts` or `hidden/<id>/….test.ts`. */
  id: string;
  title: string;
  /** Points for passing every test of the task; split evenly between its tests. */
  points: number;
  /** Stepped hints, from a nudge to a pointer into theory.md; one more is shown on each failing run. */
  hints: string[];
}

/** `exercises/NN-name/manifest.json`: the one description of an exercise that the CLI, grader and docs read. */
export interface ExerciseManifest {
  /** `ex1` … `ex4`. */
  id: string;
  number: number;
  title: string;
  /** Folder name under `exercises/` and `solutions/`, e.g. `01-ttl-cache`. */
  dir: string;
  /** Per-test time limit in ms. @default 5000 */
  testTimeoutMs?: number;
  /** Wall-clock limit for the whole exercise in ms, after which unfinished tests count as `timeout`. @default 120000 */
  timeLimitMs?: number;
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
  }
  return data;
}
