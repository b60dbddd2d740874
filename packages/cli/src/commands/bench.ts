import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeMachine } from '../bench/machine.js';
import { MEASUREMENTS_FILE, renderMeasurements } from '../bench/markdown.js';
import { missedTargets, renderBench } from '../bench/render.js';
import { describeError, runSuite, type BenchTiming } from '../bench/run-suite.js';
import type { BenchResult, BenchSuite, BenchSuiteFactory } from '../bench/types.js';
import type { IO } from '../io.js';
import type { ExerciseManifest } from '../manifest.js';
import { makeStyle, wantsColor } from '../render/style.js';
import { implEntry, resolveTarget, shortPath, TargetError, type Target } from '../targets.js';

export interface BenchArgs {
  json: boolean;
  /** Exercise ids (`ex1`) or suite names (`lru`); every suite when empty. */
  only: string[];
  /** Shorter measurements, for a smoke run. */
  quick: boolean;
  /** Whose code is measured: `exercises` (the default) or `solutions`; never another folder (it runs unsandboxed). */
  target?: string;
  /** Measure the reference solutions and write the appendix {@link MEASUREMENTS_FILE}. */
  markdown: boolean;
}

/** A suite file to run: `exercises/NN-name/bench/<name>.bench.ts`, named after its file. */
export interface BenchFile {
  manifest: ExerciseManifest;
  name: string;
  file: string;
}

export const FULL_TIMING: BenchTiming = { timeMs: 600, warmupMs: 150 };
export const QUICK_TIMING: BenchTiming = { timeMs: 50, warmupMs: 10 };

/** Every `exercises/NN-name/bench/*.bench.ts`, in exercise order. */
export function benchFiles(root: string, manifests: ExerciseManifest[]): BenchFile[] {
  return manifests.flatMap((manifest) => {
    const dir = join(root, 'exercises', manifest.dir, 'bench');
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => f.endsWith('.bench.ts'))
      .sort()
      .map((f) => ({ manifest, name: basename(f, '.bench.ts'), file: join(dir, f) }));
  });
}

/** The suites `only` names, by exercise id or suite name; all of them when it is empty. */
export function selectBenchFiles(files: BenchFile[], manifests: ExerciseManifest[], only: string[]): BenchFile[] {
  const unknown = only.filter((name) => !manifests.some((m) => m.id === name) && !files.some((f) => f.name === name));
  if (unknown.length > 0) {
    throw new TargetError(`Unknown exercise or suite ${unknown.join(', ')}: name an exercise (${manifests.map((m) => m.id).join(', ')}) or a suite (${files.map((f) => f.name).join(', ')}).`);
  }
  return only.length === 0 ? files : files.filter((f) => only.includes(f.manifest.id) || only.includes(f.name));
}

/** What the contender under test is called in the tables: the reference solution, or your code. */
export function subjectName(target: Target): string {
  return target.label === 'solutions' ? 'reference' : 'yours';
}

/** The code `--markdown` measures and checks the options against: always the reference solutions. */
export function benchTarget(root: string, args: Pick<BenchArgs, 'target' | 'markdown' | 'only'>, cwd: string): Target {
  if (!args.markdown) {
    // The grader runs a submission in its sandbox; a benchmark runs the code in this process, with every right the
    // instructor has, so it measures only this checkout's own code.
    if (args.target !== undefined && args.target !== 'exercises' && args.target !== 'solutions') {
      throw new TargetError(`\`pnpm bench\` runs the code it measures in this process, outside the grader's sandbox, so it measures only \`exercises\` or \`solutions\`, not ${JSON.stringify(args.target)}. Grade a submission with \`pnpm grade --target <dir>\`; to measure it, run \`pnpm bench exN\` in a student edition that holds it.`);
    }
    return resolveTarget(root, args.target, cwd);
  }
  if (args.target !== undefined && args.target !== 'solutions') throw new TargetError(`\`--markdown\` measures the reference solutions; leave out \`--target ${args.target}\`.`);
  if (args.only.length > 0) throw new TargetError(`\`--markdown\` writes every suite into ${MEASUREMENTS_FILE}; leave out ${args.only.join(' ')}.`);
  if (!existsSync(join(root, 'solutions'))) throw new TargetError(`\`--markdown\` measures the reference solutions, and this copy has no solutions/ folder (the student edition leaves it out). Measure your own code with \`pnpm bench exN\`.`);
  return resolveTarget(root, 'solutions', cwd);
}

/**
 * Loads one suite around the target's code for its exercise. What cannot be loaded (no code, a module that throws
 * on import, a file that exports no factory) becomes a suite whose one `load` row carries the error.
 */
export async function loadSuite(root: string, bench: BenchFile, target: Target, subject: string): Promise<{ suite: BenchSuite; entry?: string; error?: BenchResult }> {
  const entry = implEntry(target, bench.manifest);
  const fail = (error: string) => ({ suite: { suite: bench.name, baseline: subject, tasks: [] }, entry, error: { suite: bench.name, task: 'load', contender: subject, opsPerSec: null, ratio: null, error } });
  if (entry === undefined) return fail(`no code for ${bench.manifest.id} in ${shortPath(root, target.dir)}`);
  let impl: unknown;
  try {
    impl = await import(pathToFileURL(entry).href);
  } catch (error) {
    return fail(`could not load ${shortPath(root, entry)}: ${describeError(error)}`);
  }
  const factory = ((await import(pathToFileURL(bench.file).href)) as { default?: unknown }).default;
  if (typeof factory !== 'function') throw new Error(`${shortPath(root, bench.file)} must export a suite factory by default (see BenchSuiteFactory in @workbook/cli/bench)`);
  try {
    return { suite: (factory as BenchSuiteFactory<unknown>)(impl, subject), entry };
  } catch (error) {
    return fail(describeError(error));
  }
}

/**
 * `pnpm bench [exN|suite…]`: each exercise's tinybench suites around the target's code (your `exercises/` by
 * default) and the well-known libraries, ratios measured in the same run. A contender that throws is a row that
 * says so, and the run goes on; the exit code is 1 when any did. `--json` prints only the results; `--markdown`
 * measures the reference solutions and writes the appendix.
 */
export async function benchCommand(root: string, manifests: ExerciseManifest[], args: BenchArgs, io: IO): Promise<number> {
  const files = benchFiles(root, manifests);
  const selected = selectBenchFiles(files, manifests, args.only);
  const target = benchTarget(root, args, io.cwd);
  const subject = subjectName(target);
  const style = makeStyle(wantsColor(io.env, io.isTTY));
  const timing = args.quick ? QUICK_TIMING : FULL_TIMING;
  const machine = describeMachine();
  const date = new Date();
  const ran: { suite: BenchSuite; results: BenchResult[] }[] = [];
  const missed: string[] = [];
  for (const bench of selected) {
    const { suite, entry, error } = await loadSuite(root, bench, target, subject);
    if (!args.json) io.out(style.dim(`Measuring ${suite.suite}: ${subject} = ${entry ? shortPath(root, entry) : shortPath(root, target.dir)}…`));
    const results = error ? [error] : await runSuite(suite, timing);
    ran.push({ suite, results });
    missed.push(...missedTargets(suite, results));
    if (!args.json) io.out(`${renderBench(suite, results, style)}\n`);
  }
  const results = ran.flatMap((r) => r.results);
  const failed = results.filter((r) => r.error !== undefined);
  if (args.markdown) {
    const file = join(root, MEASUREMENTS_FILE);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, renderMeasurements({ machine, date, timing, quick: args.quick, suites: ran }));
    if (!args.json) io.out(`Wrote ${MEASUREMENTS_FILE}.`);
  }
  if (args.json) io.out(JSON.stringify({ target: target.label, results }, null, 2));
  else {
    if (missed.length > 0) io.out(style.warn(`Targets missed in this run:\n${missed.map((m) => `  - ${m}`).join('\n')}`));
    if (failed.length > 0) io.out(style.bad(`${failed.length} ${failed.length === 1 ? 'row was' : 'rows were'} not measured (✖ above): a TODO still to do, or an error in the code under test; \`pnpm exN\` shows what is left.`));
  }
  return failed.length > 0 ? 1 : 0;
}
