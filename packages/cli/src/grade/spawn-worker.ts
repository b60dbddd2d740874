import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerJob, WorkerMessage } from './protocol.js';
import { makeCage, reapProcesses, snapshotDescendants, treeCpuMs, type Cage } from './reap.js';

const WORKER = fileURLToPath(new URL('./worker-entry.mjs', import.meta.url));

export interface WorkerHandle {
  /** CPU time used so far by the worker and everything it started, in ms; undefined where it cannot be read. */
  cpuMs(): number | undefined;
  /** Stops the worker and everything it started; resolves once they are gone. */
  kill(): void;
  /** Resolves when the worker has exited and its processes are reaped, with how many had to be stopped. */
  exited: Promise<{ stderr: string; reaped: number }>;
}

interface Started {
  child: ChildProcess;
  token: string;
  key: string;
  cage: Cage | undefined;
}

let spare: Started | undefined;

function startWorker(root: string, env: NodeJS.ProcessEnv): Started {
  const token = `workbook-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const child = spawn(process.execPath, [WORKER], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0', WORKBOOK_RUN_TOKEN: token },
  });
  const cage = makeCage(token);
  try {
    if (child.pid) cage?.add(child.pid);
  } catch {
    // The worker is already gone; its exit is handled like any other.
  }
  return { child, token, key: spareKey(root, env), cage };
}

const spareKey = (root: string, env: NodeJS.ProcessEnv): string => JSON.stringify([root, env]);

function takeSpare(root: string, env: NodeJS.ProcessEnv): Started | undefined {
  const taken = spare;
  spare = undefined;
  if (taken && taken.key === spareKey(root, env) && taken.child.exitCode === null && taken.child.connected) {
    taken.child.ref();
    (taken.child as ChildProcess & { channel?: { ref(): void } }).channel?.ref();
    return taken;
  }
  if (taken) {
    killGroup(taken.child);
    taken.cage?.empty();
  }
  return undefined;
}

/**
 * Starts a worker now for the next run (`--watch`), so that a save is answered without waiting for Node and vitest
 * to load. It waits for its job and does nothing else; it never outlives this process.
 */
export function prepareSpareWorker(root: string, env: NodeJS.ProcessEnv): void {
  if (spare) return;
  spare = startWorker(root, env);
  spare.child.on('error', () => {});
  spare.child.unref();
  (spare.child as ChildProcess & { channel?: { unref(): void } }).channel?.unref();
}

process.once('exit', () => {
  if (spare) {
    killGroup(spare.child);
    spare.cage?.empty();
  }
});

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * Starts a grading worker for one job. It leads its own process group and carries a run token in its environment,
 * so that everything it starts — vitest's test processes, their children, detached ones too — can be found and
 * stopped afterwards.
 */
export function spawnWorker(job: WorkerJob, env: NodeJS.ProcessEnv, onMessage: (message: WorkerMessage) => void): WorkerHandle {
  const { child, token, cage } = takeSpare(job.root, env) ?? startWorker(job.root, env);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
    // WORKBOOK_DEBUG=1 shows what the worker and the test processes print, to debug the grader itself.
    if (process.env.WORKBOOK_DEBUG) process.stderr.write(chunk);
  });
  child.on('message', (message: WorkerMessage) => onMessage(message));
  child.on('error', () => {});
  child.send(job);

  // Keep a list of the worker's descendants while it runs: a process that detaches is still found by it.
  const seen = new Set<number>();
  const watch = setInterval(() => {
    for (const pid of snapshotDescendants(child.pid)) seen.add(pid);
  }, 250);
  const kill = (): void => {
    for (const pid of snapshotDescendants(child.pid)) seen.add(pid);
    killGroup(child);
  };
  const exited = new Promise<{ stderr: string; reaped: number }>((resolve) => {
    child.on('exit', () => {
      clearInterval(watch);
      kill();
      resolve({ stderr, reaped: reapProcesses(token, seen) + (cage?.empty() ?? 0) });
    });
  });
  return { kill, exited, cpuMs: () => treeCpuMs(child.pid) };
}
