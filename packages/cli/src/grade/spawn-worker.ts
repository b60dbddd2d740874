import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerJob, WorkerMessage } from './protocol.js';
import { reapProcesses, snapshotDescendants } from './reap.js';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

export interface WorkerHandle {
  /** Stops the worker and everything it started; resolves once they are gone. */
  kill(): void;
  /** Resolves when the worker has exited and its processes are reaped, with how many had to be stopped. */
  exited: Promise<{ stderr: string; reaped: number }>;
}

/**
 * Starts a grading worker for one job. It leads its own process group and carries a run token in its environment,
 * so that everything it starts — vitest's test processes, their children, detached ones too — can be found and
 * stopped afterwards.
 */
export function spawnWorker(job: WorkerJob, env: NodeJS.ProcessEnv, onMessage: (message: WorkerMessage) => void): WorkerHandle {
  const token = `workbook-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const child = spawn(process.execPath, ['--import', TSX, WORKER], {
    cwd: job.root,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0', WORKBOOK_RUN_TOKEN: token },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
    if (process.env.WORKBOOK_DEBUG) process.stderr.write(chunk);
  });
  child.on('message', (message: WorkerMessage) => { if (process.env.WORKBOOK_DEBUG) process.stderr.write(JSON.stringify(message).slice(0, 300) + '\n'); onMessage(message); });
  child.on('error', () => {});
  child.send(job);

  // Keep a list of the worker's descendants while it runs: a process that detaches is still found by it.
  const seen = new Set<number>();
  const watch = setInterval(() => {
    for (const pid of snapshotDescendants(child.pid)) seen.add(pid);
  }, 250);
  const kill = (): void => {
    for (const pid of snapshotDescendants(child.pid)) seen.add(pid);
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  const exited = new Promise<{ stderr: string; reaped: number }>((resolve) => {
    child.on('exit', () => {
      clearInterval(watch);
      kill();
      resolve({ stderr, reaped: reapProcesses(token, seen) });
    });
  });
  return { kill, exited };
}
