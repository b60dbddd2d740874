import { cpSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Heap limit of a test process, in MiB: a memory bomb ends that process, not the machine. */
export const TEST_PROCESS_HEAP_MB = 768;

/**
 * A private scratch folder for one grading run: the only place its test processes may write. It lives under the
 * grader's checkout (`.workbook/runs/`), so that the code under test, copied into it, resolves the workbook's
 * packages from there — in the test process and in any child process a test starts.
 */
export function makeScratch(toolRoot: string): string {
  const runs = join(toolRoot, '.workbook', 'runs');
  mkdirSync(runs, { recursive: true });
  return realpathSync(mkdtempSync(join(runs, 'run-')));
}

/** Files of a submission that are configuration, not code: the grader uses its own. */
const CONFIG = /^(?:package\.json|tsconfig(?:\..*)?\.json|node_modules|\..*)$/;

/**
 * Copies the code under test (the folder of its entry point) into the scratch folder, without the submission's own
 * configuration, beside a `package.json` of the grader's. Returns the copy's entry point.
 */
export function copySubmission(entry: string, scratch: string): string {
  const dir = join(scratch, 'impl', 'src');
  cpSync(join(entry, '..'), dir, { recursive: true, filter: (source) => !CONFIG.test(basename(source)) || source === join(entry, '..') });
  writeFileSync(join(scratch, 'impl', 'package.json'), '{ "type": "module", "private": true }\n');
  return join(dir, basename(entry));
}

export interface SandboxOptions {
  /** The checkout the grader runs from: its packages and dependencies are readable. */
  toolRoot: string;
  /** The code under test, readable so child processes and stack traces can use it. */
  implDir: string;
  scratch: string;
  /** Exercises whose tests start child processes (crash tests, redis-server) need this. */
  allowChildProcesses: boolean;
  /** Extra files the tests may read, such as the redis-server binary. */
  readable?: string[];
}

/**
 * Node options for test processes: Node's permission model (reads limited to the workbook's packages and
 * dependencies, the code under test and the scratch folder; writes to the scratch folder only; no worker threads;
 * child processes only where the exercise needs them) and a heap cap. Enforced by Node itself, so code under test
 * cannot patch its way around it.
 */
export function sandboxArgs(options: SandboxOptions): string[] {
  const permission = process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';
  const reads = [join(options.toolRoot, 'node_modules'), join(options.toolRoot, 'packages'), options.implDir, options.scratch, ...(options.readable ?? [])];
  return [
    permission,
    ...reads.map((path) => `--allow-fs-read=${path}`),
    `--allow-fs-write=${options.scratch}`,
    ...(options.allowChildProcesses ? ['--allow-child-process'] : []),
    `--max-old-space-size=${TEST_PROCESS_HEAP_MB}`,
    '--no-warnings=ExperimentalWarning',
  ];
}
