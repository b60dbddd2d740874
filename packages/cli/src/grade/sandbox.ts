import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Heap limit of a test process, in MiB: a memory bomb ends that process, not the machine. */
export const TEST_PROCESS_HEAP_MB = 768;

/** A private scratch folder for one grading run: the only place its test processes may write. */
export function makeScratch(): string {
  return realpathSync(mkdtempSync(join(tmpdir(), 'workbook-run-')));
}

export interface SandboxOptions {
  root: string;
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
  const reads = [join(options.root, 'node_modules'), join(options.root, 'packages'), options.implDir, options.scratch, ...(options.readable ?? [])];
  return [
    permission,
    ...reads.map((path) => `--allow-fs-read=${path}`),
    `--allow-fs-write=${options.scratch}`,
    ...(options.allowChildProcesses ? ['--allow-child-process'] : []),
    `--max-old-space-size=${TEST_PROCESS_HEAP_MB}`,
    '--no-warnings=ExperimentalWarning',
  ];
}
