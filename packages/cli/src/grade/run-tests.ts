import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestStatus, WorkerJob, WorkerMessage } from './protocol.js';

/** One test as the worker reported it, or as the parent had to conclude when the worker never finished it. */
export interface TestOutcome {
  file: string;
  name: string;
  status: TestStatus;
  message?: string;
  /** True for a stand-in entry when a whole file could not be loaded or finished: its task earns nothing. */
  wholeFile?: boolean;
}

export interface RunOutcome {
  tests: TestOutcome[];
  /** Why a run ended early, in words a learner can act on. */
  notes: string[];
}

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

interface FileState {
  tests: Map<string, { name: string; status?: TestStatus; message?: string }>;
  collected: boolean;
  error?: string;
}

/**
 * Runs the job's tests in a grading worker under a wall-clock limit. The worker is a process group leader, so on
 * time-out the whole tree (vitest's own forks included) is killed, and the tests it never finished are reported
 * as `timeout` rather than lost.
 */
export function runTests(job: WorkerJob, timeLimitMs: number): Promise<RunOutcome> {
  const files = new Map<string, FileState>(job.files.map((file) => [file, { tests: new Map(), collected: false }]));
  const notes: string[] = [];
  let done = false;
  let timedOut = false;

  const child = spawn(process.execPath, ['--import', TSX, WORKER], {
    cwd: job.root,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  child.send(job);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });

  const killTree = (): void => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    notes.push(`Stopped after the exercise's time limit of ${timeLimitMs / 1000} s: look for an endless loop or a promise that never settles.`);
    killTree();
  }, timeLimitMs);

  child.on('message', (message: WorkerMessage) => {
    const file = 'file' in message ? fileState(files, message.file) : undefined;
    switch (message.type) {
      case 'collected':
        file!.collected = true;
        for (const test of message.tests) file!.tests.set(test.id, { name: test.name });
        break;
      case 'result':
        file!.collected = true;
        file!.tests.set(message.id, { name: message.name, status: message.status, message: message.message });
        break;
      case 'module-error':
        file!.error = message.message;
        break;
      case 'done':
        done = true;
        for (const error of message.unhandled) notes.push(`Unhandled error during the run: ${error}`);
        // The results are in; don't wait for student code that keeps the worker alive.
        setTimeout(killTree, 1000).unref();
        break;
    }
  });

  return new Promise((resolve) => {
    child.on('exit', () => {
      clearTimeout(timer);
      killTree();
      if (!done && !timedOut) {
        notes.push(`The test process ended before it finished (did the code call process.exit?).${stderr ? `\n${lastLines(stderr)}` : ''}`);
      }
      resolve({ tests: [...outcomes(files, timedOut)], notes });
    });
  });
}

function fileState(files: Map<string, FileState>, file: string): FileState {
  let state = files.get(file);
  if (!state) {
    state = { tests: new Map(), collected: false };
    files.set(file, state);
  }
  return state;
}

function* outcomes(files: Map<string, FileState>, timedOut: boolean): Generator<TestOutcome> {
  const unfinished: TestStatus = timedOut ? 'timeout' : 'error';
  for (const [file, state] of files) {
    if (state.tests.size === 0) {
      const message = state.error ?? (timedOut ? 'did not finish loading before the time limit' : 'was never run');
      yield { file, name: `${file.split('/').slice(-2).join('/')} (could not run)`, status: state.error ? 'error' : unfinished, message, wholeFile: true };
      continue;
    }
    for (const test of state.tests.values()) {
      if (test.status) yield { file, name: test.name, status: test.status, message: test.message };
      else yield { file, name: test.name, status: unfinished, message: timedOut ? 'did not finish before the time limit' : 'did not finish' };
    }
  }
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-5).join('\n');
}
