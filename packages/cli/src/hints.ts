import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExerciseManifest } from './manifest.js';
import type { HintView } from './render/checklist.js';

type Progress = Record<string, number>;

/**
 * Stepped hints: each run on which a task is still the first failing one reveals one more of its hints, up to the
 * last (which points into theory.md). Progress lives in `.workbook/hints.json`, ignored by git.
 */
export function nextHint(root: string, manifest: ExerciseManifest, taskId: string): HintView | undefined {
  const task = manifest.tasks.find((t) => t.id === taskId);
  if (!task) return undefined;
  const file = join(root, '.workbook', 'hints.json');
  const progress = readProgress(file);
  const key = `${manifest.id}:${task.id}`;
  const step = Math.min((progress[key] ?? 0) + 1, task.hints.length);
  progress[key] = step;
  writeProgress(file, progress);
  return { task: task.title, step, of: task.hints.length, text: task.hints[step - 1]! };
}

function readProgress(file: string): Progress {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Progress;
  } catch {
    return {};
  }
}

function writeProgress(file: string, progress: Progress): void {
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, `${JSON.stringify(progress, null, 2)}\n`);
  } catch {
    // Hints still show; they just won't advance on a read-only checkout.
  }
}
