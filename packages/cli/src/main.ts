import { parseArgs } from 'node:util';
import { benchCommand } from './commands/bench.js';
import { bundleCommand } from './commands/bundle.js';
import { progressCommand } from './commands/progress.js';
import { resetCommand } from './commands/reset.js';
import { gradeCommand, selectExercises } from './commands/grade.js';
import { gradeClassCommand } from './commands/grade-class.js';
import { runCommand } from './commands/run.js';
import { loadDotenv } from './env.js';
import { processIO, type IO } from './io.js';
import { loadManifests } from './manifest.js';
import { findRepoRoot } from './paths.js';
import { TargetError } from './targets.js';

export const USAGE = `Usage:
  workbook run exN [--target exercises|solutions|<dir>] [--solution] [--demo] [--watch]
  workbook grade [exN…] [--target exercises|solutions|<dir>] [--json] [--gradescope <file>] [--junit <file>]
  workbook grade [exN…] --submissions <dir> [--out <dir>] [--force]   grade a class: one folder or zip per student
  workbook bench [exN|suite…] [--target exercises|solutions|<dir>] [--json] [--quick]   your code against well-known libraries
  workbook bench --markdown [--quick]     measure the reference solutions into theory/measurements.md
  workbook bundle <dir> [--allow-dirty]   the student edition of the last commit: no solutions/, hidden tests or instructor-only parts
  workbook progress         each exercise's last score and what to do next
  workbook reset <exercise> [--yes]       restore one exercise's src/ (1, ex1) from the last commit`;

/** The CLI: takes its arguments, prints through `io`, and resolves to the exit code. */
export async function main(argv: string[], io: IO = processIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const root = findRepoRoot();
    loadDotenv(root);
    switch (command) {
      case 'run':
        return await run(root, rest, io);
      case 'grade': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: {
            target: { type: 'string' },
            json: { type: 'boolean', default: false },
            gradescope: { type: 'string' },
            junit: { type: 'string' },
            submissions: { type: 'string' },
            out: { type: 'string' },
            force: { type: 'boolean', default: false },
          },
        });
        const manifests = loadManifests(root);
        if (values.submissions !== undefined) {
          const single = (['target', 'json', 'gradescope', 'junit'] as const).filter((name) => values[name] !== undefined && values[name] !== false);
          if (single.length > 0) throw new TargetError(`\`--submissions\` grades a folder of submissions; ${single.map((name) => `\`--${name}\``).join(', ')} grade${single.length === 1 ? 's' : ''} one target and cannot be combined with it.`);
          return await gradeClassCommand(root, { submissions: values.submissions, out: values.out, force: values.force, selected: selectExercises(manifests, positionals) }, io);
        }
        if (values.out !== undefined || values.force) throw new TargetError('`--out` and `--force` go with `--submissions`.');
        return await gradeCommand(root, manifests, { target: values.target, json: values.json, gradescope: values.gradescope, junit: values.junit, only: positionals }, io);
      }
      case 'bench': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { target: { type: 'string' }, json: { type: 'boolean', default: false }, quick: { type: 'boolean', default: false }, markdown: { type: 'boolean', default: false } },
        });
        return await benchCommand(root, loadManifests(root), { target: values.target, json: values.json, quick: values.quick, markdown: values.markdown, only: positionals }, io);
      }
      case 'bundle': {
        const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { 'allow-dirty': { type: 'boolean', default: false } } });
        if (positionals.length > 1) throw new TargetError(`Name one folder for the student edition; got ${positionals.length}: ${positionals.join(' ')}.`);
        return bundleCommand(root, { dir: positionals[0], allowDirty: values['allow-dirty'] }, io);
      }
      case 'progress': {
        parseArgs({ args: rest, allowPositionals: false, options: {} });
        return progressCommand(root, loadManifests(root), io);
      }
      case 'reset': {
        const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { yes: { type: 'boolean', short: 'y', default: false } } });
        if (positionals.length > 1) throw new TargetError(`Name one exercise to reset; got ${positionals.length}: ${positionals.join(' ')}.`);
        return await resetCommand(root, loadManifests(root), { exercise: positionals[0], yes: values.yes }, io);
      }
      default:
        io.err(command ? `Unknown command ${JSON.stringify(command)}.\n${USAGE}` : USAGE);
        return 2;
    }
  } catch (error) {
    if (error instanceof TargetError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

async function run(root: string, rest: string[], io: IO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      target: { type: 'string' },
      solution: { type: 'boolean', default: false },
      demo: { type: 'boolean', default: false },
      watch: { type: 'boolean', default: false },
    },
  });
  const id = positionals[0];
  if (!id || !/^ex\d+$/.test(id)) {
    io.err(`Name an exercise, like ex1.\n${USAGE}`);
    return 2;
  }
  const manifests = loadManifests(root);
  const manifest = manifests.find((m) => m.id === id);
  if (!manifest) {
    io.err(`Unknown exercise ${id}: the exercises are ${manifests.map((m) => m.id).join(', ')}.`);
    return 2;
  }
  const target = values.solution ? 'solutions' : values.target;
  return runCommand(root, manifest, { target, demo: values.demo, watch: values.watch }, io);
}
