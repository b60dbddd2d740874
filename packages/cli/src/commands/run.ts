import { rmSync, watch } from 'node:fs';
import { dirname, join } from 'node:path';
import { runDemo } from '../demo.js';
import { modeNotice } from '../env.js';
import { gradeExercise } from '../grade/grade-exercise.js';
import { copySubmission, makeScratch } from '../grade/sandbox.js';
import { firstFailingTask, type GradedExercise } from '../grade/score.js';
import { hintsFor } from '../hints.js';
import { recordRun } from '../progress.js';
import type { IO } from '../io.js';
import type { ExerciseManifest } from '../manifest.js';
import { renderChecklist } from '../render/checklist.js';
import { makeStyle, wantsColor, type Style } from '../render/style.js';
import { implEntry, resolveTarget, shortPath, testFiles, type Target } from '../targets.js';
import { createTypeChecker, type TypeChecker, type TypeProblem } from '../typecheck/index.js';

export interface RunArgs {
  target?: string;
  /** Only run the demo. */
  demo: boolean;
  watch: boolean;
}

interface Loop {
  root: string;
  manifest: ExerciseManifest;
  target: Target;
  style: Style;
  io: IO;
  /** Whose code this is, in the learner's words: "your code" or "the reference solution". */
  whose: string;
  types?: TypeChecker;
  /** Keep a grading worker started for the next run (`--watch`). */
  keepWarm?: boolean;
}

/**
 * `pnpm exN`: the student loop. Public tests, and hidden ones where present, against the target; load errors and
 * type errors first, then a checklist with the hints revealed so far; the demo once everything passes. Exit 0 only
 * when every test passed (and the demo ran).
 */
export async function runCommand(root: string, manifest: ExerciseManifest, args: RunArgs, io: IO): Promise<number> {
  const target = resolveTarget(root, args.target, io.cwd);
  const style = makeStyle(wantsColor(io.env, io.isTTY));
  const whose = target.label === 'solutions' ? 'the reference solution' : target.label === 'exercises' ? 'your code' : `the code in ${target.label}`;
  const entry = implEntry(target, manifest);
  const cacheFile = join(root, '.workbook', 'types', `${manifest.id}-${target.label.replace(/\W+/g, '_')}.json`);
  const types = entry ? createTypeChecker({ root, srcDir: dirname(entry), cacheFile }) : undefined;
  const loop: Loop = { root, manifest, target, style, io, whose, ...(types ? { types } : {}) };
  if (args.demo) return demoOnly(loop);
  if (!args.watch) return once(loop, { counts: true });
  loop.keepWarm = true;
  // Ctrl+C ends through `exit`, so the spare worker and anything it started are stopped with the watcher.
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));

  const dir = entry ? dirname(entry) : join(target.dir, manifest.dir);
  io.out(style.dim(`Watching ${dir} — save a file to re-run, Ctrl+C to stop.`));
  await once(loop, { counts: true });
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve(0);
  watch(dir, { recursive: true }, (_event, file) => {
    if (file && /node_modules|\.workbook/.test(file)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(() => {
        clearScreen(io);
        return once(loop, { counts: false });
      });
    }, 100);
  });
  return new Promise(() => {});
}

/** Clears the terminal between watch runs; under CI or without a terminal, a rule instead. */
function clearScreen(io: IO): void {
  if (io.isTTY && !io.env.CI && io.env.TERM !== 'dumb') io.out('\u001b[2J\u001b[3J\u001b[H');
  else io.out(`\n${'─'.repeat(40)}\n`);
}

async function once(loop: Loop, run: { counts: boolean }): Promise<number> {
  const { root, manifest, target, style, io } = loop;
  const grading = gradeExercise(root, manifest, target, 'practice', io.env, { keepWarm: loop.keepWarm ?? false });
  // Type checking runs here while the tests run in their own processes.
  const problems = loop.types ? safeCheck(loop.types) : [];
  const graded = await grading;
  const loadErrors = loadErrorsOf(graded);
  for (const block of renderProblems(root, problems, loadErrors, style)) io.out(block);
  const firstFailing = firstFailingTask(graded);
  const timedOut = graded.tests.some((test) => test.status === 'timeout');
  const hint = hintsFor(root, manifest, firstFailing?.id, { counts: run.counts && loadErrors.length === 0 && !timedOut });
  // Without hidden tests (the student edition has no solutions/), the score is the public tests' alone.
  const publicOnly = testFiles(root, manifest, 'hidden').length === 0;
  io.out(renderChecklist(hideRepeats(graded, loadErrors), { target: loop.whose, style, ...(hint ? { hint } : {}), columns: io.columns ?? 80, publicOnly, where: whereOf(manifest) }));
  // `pnpm progress` shows the last score of the learner's own code.
  if (target.label === 'exercises') recordRun(root, graded);
  // Extra credit is optional: the demo runs once every required task passes.
  if ((firstFailing && !firstFailing.bonus) || graded.maxPoints === 0) return 1;
  io.out('');
  io.out(style.ok(`All of exercise ${manifest.number} passes. Here is what ${loop.whose} does:`));
  return demoOnly(loop);
}

/** The exercise's guide and each task's starter files, as the checklist names them. */
function whereOf(manifest: ExerciseManifest): { guide: string; files: Record<string, string[] | undefined> } {
  return { guide: `exercises/${manifest.dir}/README.md`, files: Object.fromEntries(manifest.tasks.map((task) => [task.id, task.files])) };
}

/** A type checker that fails (a broken TypeScript install) costs the type errors, never the checklist. */
function safeCheck(types: TypeChecker): TypeProblem[] {
  try {
    return types.check();
  } catch {
    return [];
  }
}

const LOAD_ERROR = /^could not load: /;

/** The distinct reasons test files could not load (a syntax error in the code under test, a refused import). */
function loadErrorsOf(graded: GradedExercise): string[] {
  return [...new Set(graded.tests.filter((test) => test.status === 'error' && LOAD_ERROR.test(test.message ?? '')).map((test) => test.message!.replace(LOAD_ERROR, '')))];
}

/** Load errors are shown once, above the checklist; under each test they would only repeat. */
function hideRepeats(graded: GradedExercise, loadErrors: string[]): GradedExercise {
  if (loadErrors.length === 0) return graded;
  const strip = <T extends { message?: string }>(test: T): T => (LOAD_ERROR.test(test.message ?? '') ? { ...test, message: 'could not load (see above)' } : test);
  return { ...graded, tests: graded.tests.map(strip), tasks: graded.tasks.map((task) => ({ ...task, tests: task.tests.map(strip) })) };
}

/** Load errors once, then type errors grouped under the file that has them. */
function renderProblems(root: string, problems: TypeProblem[], loadErrors: string[], style: Style): string[] {
  const blocks = loadErrors.map((error) => `${style.bad('✖ The tests could not load your code:')}\n  ${error.split('\n').slice(0, 12).join('\n  ')}\n`);
  const byFile = new Map<string, TypeProblem[]>();
  for (const problem of problems) byFile.set(problem.file, [...(byFile.get(problem.file) ?? []), problem]);
  for (const [file, list] of byFile) {
    const lines = list.slice(0, 8).map((p) => `  ${style.dim(`${p.line}:${p.column}`)} ${p.code} ${p.message}`);
    if (list.length > 8) lines.push(style.dim(`  … and ${list.length - 8} more`));
    blocks.push(`${style.warn(`Type errors in ${shortPath(root, file)}`)} ${style.dim('(the tests still run; fix these too)')}\n${lines.join('\n')}\n`);
  }
  return blocks;
}

async function demoOnly(loop: Loop): Promise<number> {
  const { root, manifest, target, style, io } = loop;
  const entry = implEntry(target, manifest);
  if (!entry) {
    io.err(`No ${manifest.dir}/src/index.ts in ${target.label}: nothing to demonstrate.`);
    return 1;
  }
  io.out(style.dim(modeNotice(io.env)));
  // Code outside the checkout runs from a copy inside it, where it resolves the workbook's packages, as in grading.
  const scratch = entry.startsWith(`${root}/`) ? undefined : makeScratch(root);
  try {
    await runDemo(root, manifest, scratch ? copySubmission(entry, scratch) : entry, style, io.out);
    return 0;
  } catch (error) {
    io.err(style.bad(`The demo failed: ${error instanceof Error ? error.message : String(error)}`));
    return 1;
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}
