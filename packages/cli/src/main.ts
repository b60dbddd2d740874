import { parseArgs } from 'node:util';
import { benchCommand } from './commands/bench.js';
import { bundleCommand } from './commands/bundle.js';
import { gradeCommand } from './commands/grade.js';
import { runCommand } from './commands/run.js';
import { loadDotenv } from './env.js';
import { processIO, type IO } from './io.js';
import { loadManifests } from './manifest.js';
import { findRepoRoot } from './paths.js';
import { TargetError } from './targets.js';

export const USAGE = `Usage:
  workbook run exN [--target exercises|solutions|<dir>] [--solution] [--demo] [--watch]
  workbook grade [exN…] [--target exercises|solutions|<dir>] [--json]
  workbook bench [suite…] [--json] [--quick]
  workbook bundle <dir>     copy the workbook without solutions/ and hidden tests, for students`;

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
        const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { target: { type: 'string' }, json: { type: 'boolean', default: false } } });
        return await gradeCommand(root, loadManifests(root), { target: values.target, json: values.json, only: positionals }, io);
      }
      case 'bench': {
        const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: 'boolean', default: false }, quick: { type: 'boolean', default: false } } });
        return await benchCommand(root, { json: values.json, quick: values.quick, only: positionals }, io);
      }
      case 'bundle': {
        const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
        return bundleCommand(root, positionals[0], io);
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
