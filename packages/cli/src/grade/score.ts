import { relative } from 'node:path';
import type { ExerciseManifest } from '../manifest.js';
import type { TestStatus } from './protocol.js';
import type { RunOutcome } from './run-tests.js';

export interface GradedTest {
  name: string;
  task: string;
  /** The rule the test checks: its outermost `describe`, or its file. */
  rule: string;
  status: TestStatus;
  points: number;
  maxPoints: number;
  message?: string;
}

export interface GradedRule {
  name: string;
  points: number;
  maxPoints: number;
  passed: number;
  total: number;
}

export interface GradedTask {
  id: string;
  title: string;
  /** Extra credit: its points count in the exercise's `bonusPoints`, never in `points` or `maxPoints`. @default false */
  bonus?: boolean;
  points: number;
  maxPoints: number;
  passed: number;
  total: number;
  rules: GradedRule[];
  tests: GradedTest[];
}

export interface GradedExercise {
  id: string;
  title: string;
  /** Points of the required tasks; extra credit is never part of them, so the scale stays the manifest's 100. */
  points: number;
  maxPoints: number;
  /** Points earned on extra-credit tasks, reported apart (`+5 bonus`); 0 when the exercise has none. */
  bonusPoints: number;
  maxBonusPoints: number;
  tasks: GradedTask[];
  tests: GradedTest[];
  notes: string[];
  /** Why the exercise was flagged as tampered with (it then scores 0); empty for an honest run. */
  tampered: string[];
}

/**
 * The task a test file grades: the first path segment below its `test/` or `hidden/` folder, without
 * `.test.ts` — `test/ttl-cache.test.ts` and `hidden/ttl-cache/expiry.test.ts` both grade `ttl-cache`.
 */
export function taskIdOf(file: string): string {
  const match = /.*\/(?:test|hidden)\/([^/]+)/.exec(file);
  if (!match?.[1]) throw new Error(`${file} is not under a test/ or hidden/ folder`);
  return match[1].replace(/\.test\.ts$/, '');
}

/** Splits `total` hundredths over `weights` so the parts are whole hundredths that add up exactly (largest remainder). */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const exact = weights.map((weight) => (total * weight) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((value, index) => ({ index, rest: value - Math.floor(value) })).sort((a, b) => b.rest - a.rest || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    parts[index]! += 1;
    left -= 1;
  }
  return parts;
}

interface Entry {
  file: string;
  key: string;
  rule: string;
  status: TestStatus;
  message?: string;
}

/** A rule's name: its `describe`, or for tests outside any `describe`, the file they are in. */
function ruleName(root: string, file: string, rule: string): string {
  if (rule) return rule;
  const rel = relative(root, file).split('/');
  return rel.slice(rel.findIndex((part) => part === 'hidden' || part === 'test') + 1).join('/');
}

/**
 * Scores a run by rules. A task's points are split over its rules (each outermost `describe`, or a file's loose
 * tests; the manifest may weight a rule), then a rule's points over its tests, in whole hundredths, so per-test
 * points add up exactly to the task and exercise totals. A test the grader let skip is worth nothing either way; a
 * rule whose every test skipped drops out of the points at stake. A tampered exercise scores 0.
 */
export function scoreExercise(manifest: ExerciseManifest, root: string, run: RunOutcome): GradedExercise {
  const notes = [...run.notes];
  const byTask = new Map<string, Entry[]>(manifest.tasks.map((task) => [task.id, []]));
  for (const [file, tests] of run.results) {
    const task = taskIdOf(file);
    const entries = byTask.get(task);
    if (!entries) throw new Error(`${file} grades task "${task}", which ${manifest.dir}/manifest.json does not list`);
    const rules = new Map((run.spec.get(file)?.tests ?? []).map((test) => [test.key, test.rule]));
    for (const [key, result] of tests) entries.push({ file, key, rule: ruleName(root, file, rules.get(key) ?? ''), ...result });
  }
  const tampered = run.tampered;

  const tasks = manifest.tasks.map((task): GradedTask => {
    const entries = byTask.get(task.id)!;
    if (entries.length === 0) notes.push(`No tests were found for task "${task.title}".`);
    const ruleNames = [...new Set(entries.map((entry) => entry.rule))];
    const counted = (rule: string) => entries.filter((entry) => entry.rule === rule && entry.status !== 'skip');
    const live = ruleNames.filter((rule) => counted(rule).length > 0);
    const ruleCents = apportion(Math.round(task.points * 100), live.map((rule) => task.rules?.[rule] ?? 1));
    const cents = new Map<Entry, number>();
    live.forEach((rule, index) => {
      const tests = counted(rule);
      apportion(ruleCents[index]!, tests.map(() => 1)).forEach((share, i) => cents.set(tests[i]!, share));
    });
    const earned = (entry: Entry): number => (entry.status === 'pass' && tampered.length === 0 ? cents.get(entry) ?? 0 : 0);
    const tests = entries.map((entry): GradedTest => ({
      name: entry.key,
      task: task.id,
      rule: entry.rule,
      status: entry.status,
      points: earned(entry) / 100,
      maxPoints: (cents.get(entry) ?? 0) / 100,
      ...(entry.message ? { message: entry.message } : {}),
    }));
    const rules = ruleNames.map((rule): GradedRule => {
      const inRule = entries.filter((entry) => entry.rule === rule);
      return {
        name: rule,
        points: inRule.reduce((sum, entry) => sum + earned(entry), 0) / 100,
        maxPoints: inRule.reduce((sum, entry) => sum + (cents.get(entry) ?? 0), 0) / 100,
        passed: inRule.filter((entry) => entry.status === 'pass').length,
        total: inRule.filter((entry) => entry.status !== 'skip').length,
      };
    });
    const maxCents = entries.length === 0 ? Math.round(task.points * 100) : ruleCents.reduce((a, b) => a + b, 0);
    return {
      id: task.id,
      title: task.title,
      bonus: task.bonus === true,
      points: entries.reduce((sum, entry) => sum + earned(entry), 0) / 100,
      maxPoints: maxCents / 100,
      passed: entries.filter((entry) => entry.status === 'pass').length,
      total: entries.filter((entry) => entry.status !== 'skip').length,
      rules,
      tests,
    };
  });

  const bonus = totalPoints(tasks.filter((task) => task.bonus));
  return {
    id: manifest.id,
    title: manifest.title,
    ...totalPoints(tasks.filter((task) => !task.bonus)),
    bonusPoints: bonus.points,
    maxBonusPoints: bonus.maxPoints,
    tasks,
    tests: tasks.flatMap((task) => task.tests),
    notes,
    tampered,
  };
}

/** The summed points and maximum of tasks or exercises, added in hundredths so the sum is exact. */
export function totalPoints(items: readonly { points: number; maxPoints: number }[]): { points: number; maxPoints: number } {
  return {
    points: items.reduce((sum, item) => sum + Math.round(item.points * 100), 0) / 100,
    maxPoints: items.reduce((sum, item) => sum + Math.round(item.maxPoints * 100), 0) / 100,
  };
}

/** Whether a test counts against its task: it failed, errored or timed out (a skip does not). */
export const isProblem = (test: GradedTest): boolean => test.status === 'fail' || test.status === 'error' || test.status === 'timeout';

/** Whether a task lost points or has a failing test. */
const isFailing = (task: GradedTask): boolean => task.points < task.maxPoints || task.tests.some(isProblem);

/**
 * The task the learner should work on next: the first required task that lost points or has a failing test, and
 * only once every required task passes, the first such extra-credit task (unless `bonus` is false).
 */
export function firstFailingTask(exercise: GradedExercise, { bonus = true }: { bonus?: boolean } = {}): GradedTask | undefined {
  return exercise.tasks.find((task) => !task.bonus && isFailing(task)) ?? (bonus ? exercise.tasks.find((task) => task.bonus && isFailing(task)) : undefined);
}
