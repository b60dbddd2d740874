import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeExercise } from '../src/grade/grade-exercise.js';
import { loadManifests } from '../src/manifest.js';
import type { Mistake } from './mistakes/mistake.js';
import { mistakes as ex1 } from './mistakes/ex1.js';
import { mistakes as ex2 } from './mistakes/ex2.js';
import { mistakes as ex3 } from './mistakes/ex3.js';
import { mistakes as ex4 } from './mistakes/ex4.js';

// Every classic mistake, applied to a copy of the reference solution, must cost points in the task it belongs to
// and nowhere else: a mistake that keeps full marks is a missing test, and one that costs points in another task
// is a test that checks more than its task.
const root = join(import.meta.dirname, '../../..');
const manifests = loadManifests(root);
const byExercise: Record<string, Mistake[]> = { ex1, ex2, ex3, ex4 };
const work = mkdtempSync(join(tmpdir(), 'workbook-mistakes-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the reference solution with the mistake's edits applied; returns the folder to grade. */
function withMistake(dir: string, exerciseId: string, mistake: Mistake): string {
  const target = join(work, `${exerciseId}-${mistake.id}`);
  cpSync(join(root, 'solutions', dir, 'src'), join(target, dir, 'src'), { recursive: true });
  for (const edit of mistake.edits) {
    const file = join(target, dir, 'src', edit.file);
    const source = readFileSync(file, 'utf8');
    const count = source.split(edit.find).length - 1;
    expect(count, `${exerciseId}/${mistake.id}: the text to replace must occur exactly once in ${edit.file} (did the solution change?)`).toBe(1);
    writeFileSync(file, source.replace(edit.find, () => edit.replace));
  }
  return target;
}

describe.each(manifests.map((manifest) => [manifest.id, manifest] as const))('classic mistakes in %s', (id, manifest) => {
  const mistakes = byExercise[id] ?? [];

  it('has at least ten, with unique ids, each in a task of the manifest', () => {
    expect(mistakes.length).toBeGreaterThanOrEqual(10);
    expect(new Set(mistakes.map((m) => m.id)).size, 'mistake ids are unique').toBe(mistakes.length);
    const tasks = manifest.tasks.map((task) => task.id);
    for (const mistake of mistakes) {
      expect(tasks, `${mistake.id} names a task of ${id}`).toContain(mistake.task);
      for (const also of mistake.alsoIn ?? []) expect(tasks, `${mistake.id}'s alsoIn names a task of ${id}`).toContain(also.task);
    }
  });

  it.concurrent.each(mistakes.map((mistake) => [mistake.id, mistake] as const))('%s loses points in its task, and only there', async (_, mistake) => {
    const target = withMistake(manifest.dir, id, mistake);
    const grade = () => gradeExercise(root, manifest, { label: target, dir: target }, 'grade', { ...process.env, CI: 'true' });
    let graded = await grade();
    const lost = (task: string) => graded.tests.filter((t) => t.task === task && t.status !== 'pass' && t.status !== 'skip').map((t) => `${t.name}: ${t.status}`);
    // A loss outside the mistake's task must show again in a second grading: the process tests of exercises 2 and 4
    // race real processes, and one unlucky run on a loaded machine is not a test that reaches past its task.
    const mayLose = new Set([mistake.task, ...(mistake.alsoIn ?? []).map((also) => also.task)]);
    if (graded.tasks.some((task) => !mayLose.has(task.id) && lost(task.id).length > 0)) graded = await grade();
    const failing = lost;
    for (const task of graded.tasks) {
      if (mayLose.has(task.id) && task.id !== mistake.task) continue;
      if (task.id === mistake.task) {
        expect(task.points, `${mistake.what} — no test of task ${task.id} caught it`).toBeLessThan(task.maxPoints);
      } else {
        expect(failing(task.id), `${mistake.what} — belongs to task ${mistake.task}, yet task ${task.id} lost points`).toEqual([]);
      }
    }
  });
});
