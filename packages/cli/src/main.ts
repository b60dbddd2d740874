import { parseArgs, type ParseArgsConfig } from 'node:util';
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

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | undefined>;

/** One command of the CLI: its usage lines, its options and its handler, in one place. */
interface CommandSpec {
  usage: string[];
  options: Options;
  /** How many positional arguments it takes at most. @default Infinity */
  maxPositionals?: number;
  /** Names what the positionals are, for the error when there are too many. */
  positionalName?: string;
  handler: (root: string, values: Values, positionals: string[], io: IO) => Promise<number> | number;
}

/**
 * The CLI's commands. Usage, `--help`, unknown-command and unknown-option errors all come from this table; the docs
 * test checks every `workbook` command the docs print against it, through `parseCommand`.
 */
export const COMMANDS: Record<string, CommandSpec> = {
  run: {
    usage: ['workbook run exN [--target exercises|solutions|<dir>] [--solution] [--demo] [--watch]'],
    options: { target: { type: 'string' }, solution: { type: 'boolean', default: false }, demo: { type: 'boolean', default: false }, watch: { type: 'boolean', default: false } },
    maxPositionals: 1,
    positionalName: 'exercise to run',
    handler: run,
  },
  grade: {
    usage: [
      'workbook grade [exN…] [--target exercises|solutions|<dir>] [--json] [--gradescope <file>] [--junit <file>]',
      'workbook grade [exN…] --submissions <dir> [--out <dir>] [--force]   grade a class: one folder or zip per student',
    ],
    options: {
      target: { type: 'string' },
      json: { type: 'boolean', default: false },
      gradescope: { type: 'string' },
      junit: { type: 'string' },
      submissions: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
    handler: grade,
  },
  bench: {
    usage: [
      'workbook bench [exN|suite…] [--target exercises|solutions] [--json] [--quick]   your code against well-known libraries',
      'workbook bench --markdown [--quick]     measure the reference solutions into theory/measurements.md',
    ],
    options: { target: { type: 'string' }, json: { type: 'boolean', default: false }, quick: { type: 'boolean', default: false }, markdown: { type: 'boolean', default: false } },
    handler: (root, values, positionals, io) =>
      benchCommand(root, loadManifests(root), { target: values.target as string | undefined, json: values.json === true, quick: values.quick === true, markdown: values.markdown === true, only: positionals }, io),
  },
  bundle: {
    usage: ['workbook bundle <dir> [--allow-dirty]   the student edition of the last commit: no solutions/, hidden tests or instructor-only parts'],
    options: { 'allow-dirty': { type: 'boolean', default: false } },
    maxPositionals: 1,
    positionalName: 'folder for the student edition',
    handler: (root, values, positionals, io) => bundleCommand(root, { dir: positionals[0], allowDirty: values['allow-dirty'] === true }, io),
  },
  progress: {
    usage: ['workbook progress         each exercise\'s last score and what to do next'],
    options: {},
    maxPositionals: 0,
    handler: (root, _values, _positionals, io) => progressCommand(root, loadManifests(root), io),
  },
  reset: {
    usage: ['workbook reset <exercise> [--yes]       restore one exercise\'s src/ (1, ex1) from the last commit'],
    options: { yes: { type: 'boolean', short: 'y', default: false } },
    maxPositionals: 1,
    positionalName: 'exercise to reset',
    handler: (root, values, positionals, io) => resetCommand(root, loadManifests(root), { exercise: positionals[0], yes: values.yes === true }, io),
  },
};

const usageOf = (specs: CommandSpec[]): string => `Usage:\n${specs.flatMap((spec) => spec.usage).map((line) => `  ${line}`).join('\n')}`;

export const USAGE = `${usageOf(Object.values(COMMANDS))}
  workbook [command] --help   this text, or one command's`;

/** A command line read against the table: which command, its option values and positionals, or a request for help. */
export interface ParsedCommand {
  name: string;
  values: Values;
  positionals: string[];
  /** `--help` or `-h` was given: print the usage, do nothing else. */
  help: boolean;
}

/**
 * Reads `argv` against `COMMANDS` without running anything. Throws a `TargetError` for an unknown command or too many
 * positionals, and `parseArgs`'s own error (`ERR_PARSE_ARGS_…`) for an unknown option or a missing value.
 */
export function parseCommand(argv: string[]): ParsedCommand {
  const [name = '', ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') return { name: '', values: {}, positionals: [], help: true };
  const spec = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!spec) throw new TargetError(name ? `Unknown command ${JSON.stringify(name)}.` : 'Name a command.');
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { ...spec.options, help: { type: 'boolean', short: 'h', default: false } } });
  const { help, ...own } = values;
  if (help) return { name, values: own, positionals, help: true };
  const most = spec.maxPositionals ?? Infinity;
  if (positionals.length > most) {
    throw new TargetError(most === 0 ? `\`${name}\` takes no arguments; got ${positionals.join(' ')}.` : `Name one ${spec.positionalName ?? 'argument'}; got ${positionals.length}: ${positionals.join(' ')}.`);
  }
  return { name, values: own, positionals, help: false };
}

/** The CLI: takes its arguments, prints through `io`, and resolves to the exit code. */
export async function main(argv: string[], io: IO = processIO): Promise<number> {
  if (argv.length === 0) {
    io.err(USAGE);
    return 2;
  }
  try {
    const { name, values, positionals, help } = parseCommand(argv);
    if (help) {
      io.out(name ? usageOf([COMMANDS[name]!]) : USAGE);
      return 0;
    }
    const root = findRepoRoot();
    loadDotenv(root);
    return await COMMANDS[name]!.handler(root, values, positionals, io);
  } catch (error) {
    if (error instanceof TargetError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

async function grade(root: string, values: Values, positionals: string[], io: IO): Promise<number> {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const manifests = loadManifests(root);
  if (values.submissions !== undefined) {
    const single = ['target', 'json', 'gradescope', 'junit'].filter((name) => values[name] !== undefined && values[name] !== false);
    if (single.length > 0) throw new TargetError(`\`--submissions\` grades a folder of submissions; ${single.map((name) => `\`--${name}\``).join(', ')} grade${single.length === 1 ? 's' : ''} one target and cannot be combined with it.`);
    return await gradeClassCommand(root, { submissions: text('submissions')!, out: text('out'), force: values.force === true, selected: selectExercises(manifests, positionals) }, io);
  }
  if (values.out !== undefined || values.force) throw new TargetError('`--out` and `--force` go with `--submissions`.');
  return await gradeCommand(root, manifests, { target: text('target'), json: values.json === true, gradescope: text('gradescope'), junit: text('junit'), only: positionals }, io);
}

async function run(root: string, values: Values, positionals: string[], io: IO): Promise<number> {
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
  const target = values.solution ? 'solutions' : typeof values.target === 'string' ? values.target : undefined;
  return runCommand(root, manifest, { target, demo: values.demo === true, watch: values.watch === true }, io);
}
