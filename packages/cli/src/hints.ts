import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExerciseManifest } from './manifest.js';
import type { HintView } from './render/checklist.js';

/** Per exercise: how many hints of each task are revealed, and which task failed first on the last counted run. */
type Progress = Record<string, { revealed: Record<string, number>; lastFailing?: string }>;

/** What the run that asks for hints was like. */
export interface RunKind {
  /** A run that may reveal a new hint: not a compile error, not a time-out, not a save in watch mode. */
  counts: boolean;
}

/**
 * Stepped hints for the first failing task. Every hint revealed so far stays visible; the first is revealed the
 * first time the task fails, and one more only on a counted run where the same task is still the first to fail.
 * Progress lives in `.workbook/hints.json`, ignored by git.
 */
export function hintsFor(root: string, manifest: ExerciseManifest, taskId: string | undefined, run: RunKind): HintView | undefined {
  const file = join(root, '.workbook', 'hints.json');
  const progress = readProgress(file);
  const mine = (progress[manifest.id] ??= { revealed: {} });
  const task = manifest.tasks.find((t) => t.id === taskId);
  if (!task) {
    if (run.counts) delete mine.lastFailing;
    writeProgress(file, progress);
    return undefined;
  }
  const shown = mine.revealed[task.id] ?? 0;
  const again = run.counts && mine.lastFailing === task.id;
  const revealed = Math.min(task.hints.length, shown === 0 ? 1 : again ? shown + 1 : shown);
  mine.revealed[task.id] = revealed;
  if (run.counts) mine.lastFailing = task.id;
  writeProgress(file, progress);
  return { task: task.title, hints: task.hints.slice(0, revealed), of: task.hints.length };
}

function readProgress(file: string): Progress {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Progress) : {};
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
