import { watch } from 'node:fs';
import { join } from 'node:path';
import { runDemo } from '../demo.js';
import { modeNotice } from '../env.js';
import { gradeExercise } from '../grade/grade-exercise.js';
import { firstFailingTask } from '../grade/score.js';
import { nextHint } from '../hints.js';
import type { IO } from '../io.js';
import type { ExerciseManifest } from '../manifest.js';
import { renderChecklist } from '../render/checklist.js';
import { makeStyle, wantsColor, type Style } from '../render/style.js';
import { implEntry, resolveTarget, type Target } from '../targets.js';

export interface RunArgs {
  target?: string;
  /** Only run the demo. */
  demo: boolean;
  watch: boolean;
}

/**
 * `pnpm exN`: the student loop. Public tests, and hidden ones where present, against the target; a checklist with
 * the next hint; the demo once everything passes. Exit 0 only when every test passed (and the demo ran).
 */
export async function runCommand(root: string, manifest: ExerciseManifest, args: RunArgs, io: IO): Promise<number> {
  const target = resolveTarget(root, args.target, io.cwd);
  const style = makeStyle(wantsColor(io.env, io.isTTY));
  if (args.demo) return demoOnly(root, manifest, target, style, io);
  if (!args.watch) return once(root, manifest, target, style, io);

  const dir = join(target.dir, manifest.dir);
  io.out(style.dim(`Watching ${dir} — save a file to re-run, Ctrl+C to stop.`));
  await once(root, manifest, target, style, io);
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve(0);
  watch(dir, { recursive: true }, (_event, file) => {
    if (file && /node_modules|\.workbook/.test(file)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(() => once(root, manifest, target, style, io));
    }, 200);
  });
  return new Promise(() => {});
}

async function once(root: string, manifest: ExerciseManifest, target: Target, style: Style, io: IO): Promise<number> {
  const graded = await gradeExercise(root, manifest, target, 'practice', io.env);
  const firstFailing = firstFailingTask(graded);
  const hint = firstFailing ? nextHint(root, manifest, firstFailing.id) : undefined;
  io.out(renderChecklist(graded, { target: target.label, style, hint }));
  // No task lost points and no test failed: only passes and skips remain.
  if (firstFailing || graded.maxPoints === 0) return 1;
  io.out('');
  io.out(style.ok(`All of exercise ${manifest.number} passes. Here is what your cache does:`));
  return demoOnly(root, manifest, target, style, io);
}

async function demoOnly(root: string, manifest: ExerciseManifest, target: Target, style: Style, io: IO): Promise<number> {
  const entry = implEntry(target, manifest);
  if (!entry) {
    io.err(`No ${manifest.dir}/src/index.ts in ${target.label}: nothing to demonstrate.`);
    return 1;
  }
  io.out(style.dim(modeNotice(io.env)));
  try {
    await runDemo(root, manifest, entry, style, io.out);
    return 0;
  } catch (error) {
    io.err(style.bad(`The demo failed: ${error instanceof Error ? error.message : String(error)}`));
    return 1;
  }
}
