import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { firstFailingTask, isProblem, type GradedExercise } from './grade/score.js';
import type { ExerciseManifest } from './manifest.js';
import { PLAIN, type Style } from './render/style.js';
import { formatPoints } from './points.js';

/** The last `pnpm exN` run of the learner's own code, for `pnpm progress`. */
export interface ExerciseProgress {
  points: number;
  maxPoints: number;
  /** When it ran, ISO 8601. */
  at: string;
  /** The first task with failing tests, or absent when everything passed. */
  next?: { task: string; title: string; failing: number };
}

/** Per exercise id. Lives in `.workbook/progress.json`, ignored by git. */
export type Progress = Record<string, ExerciseProgress>;

const progressFile = (root: string): string => join(root, '.workbook', 'progress.json');

export function readProgress(root: string): Progress {
  try {
    const data = JSON.parse(readFileSync(progressFile(root), 'utf8')) as unknown;
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Progress) : {};
  } catch {
    return {};
  }
}

function writeProgress(root: string, progress: Progress): void {
  try {
    mkdirSync(dirname(progressFile(root)), { recursive: true });
    writeFileSync(progressFile(root), `${JSON.stringify(progress, null, 2)}\n`);
  } catch {
    // A read-only checkout still runs the exercises; it just can't remember them.
  }
}

/** What a run of an exercise leaves for `pnpm progress`. */
export function progressOf(graded: GradedExercise, at: Date = new Date()): ExerciseProgress {
  // Extra credit is optional: an exercise whose required tasks all pass is done.
  const failing = firstFailingTask(graded, { bonus: false });
  return {
    points: graded.points,
    maxPoints: graded.maxPoints,
    at: at.toISOString(),
    ...(failing ? { next: { task: failing.id, title: failing.title, failing: failing.tests.filter(isProblem).length } } : {}),
  };
}

export function recordRun(root: string, graded: GradedExercise, at: Date = new Date()): void {
  writeProgress(root, { ...readProgress(root), [graded.id]: progressOf(graded, at) });
}

/** After `pnpm reset`, the exercise starts over. */
export function forgetExercise(root: string, id: string): void {
  const progress = readProgress(root);
  if (!(id in progress)) return;
  delete progress[id];
  writeProgress(root, progress);
}


/** What to do next in an exercise, in a few words. */
function nextStep(manifest: ExerciseManifest, entry: ExerciseProgress | undefined): string {
  if (!entry) return `run pnpm ${manifest.id}`;
  if (!entry.next) return entry.maxPoints > 0 ? 'done' : `pnpm ${manifest.id} found no tests`;
  const n = entry.next.failing;
  // The count first: a narrow terminal cuts the end of the task's title, not the count.
  return `${n} failing test${n === 1 ? '' : 's'} in ${entry.next.title}`;
}

/** `pnpm progress`: one row per exercise with its last score and the next thing to do. */
export function renderProgress(manifests: ExerciseManifest[], progress: Progress, style: Style = PLAIN, columns = 80): string {
  const rows = manifests.map((manifest) => {
    const entry = progress[manifest.id];
    const next = nextStep(manifest, entry);
    return { id: manifest.id, title: manifest.title, score: entry ? `${formatPoints(entry.points)}/${formatPoints(entry.maxPoints)}` : 'not started', next, done: next === 'done', started: Boolean(entry) };
  });
  const header = { id: 'exercise', title: 'title', score: 'last score', next: 'next' };
  const width = (key: 'id' | 'title' | 'score' | 'next') => Math.max(header[key].length, ...rows.map((row) => row[key].length));
  const [idW, scoreW] = [width('id'), width('score')];
  // The next step matters more than the title: the title gets what the line has left, and is cut first.
  const free = Math.max(40, columns) - 2 - idW - 2 - 2 - scoreW - 2;
  const titleW = Math.min(width('title'), Math.max(20, free - width('next')));
  const room = Math.max(12, free - titleW);
  const fit = (text: string, cols: number) => (text.length <= cols ? text : `${text.slice(0, Math.max(0, cols - 1))}…`);
  const line = (id: string, title: string, score: string, next: string) => `  ${id.padEnd(idW)}  ${fit(title, titleW).padEnd(titleW)}  ${score.padEnd(scoreW)}  ${fit(next, room)}`.trimEnd();
  const lines = [style.bold('Your progress'), style.dim(line(header.id, header.title, header.score, header.next))];
  for (const row of rows) {
    const text = line(row.id, row.title, row.score, row.next);
    lines.push(row.done ? style.ok(text) : row.started ? text : style.dim(text));
  }
  const pending = rows.find((row) => !row.done);
  lines.push('', pending ? `Next: pnpm ${pending.id}` : style.ok('Every exercise passes.'));
  return lines.join('\n');
}
