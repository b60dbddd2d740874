import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import { implPath, sandboxedChildArgs } from '@workbook/testkit';

const WORKER = fileURLToPath(new URL('./child-worker.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');
// Only a hang detector, with a message naming the operation: generous, because on a busy machine a child doing real
// disk I/O (fsync included) can take seconds. Tests that start children take PROCESS_TEST_TIMEOUT_MS, which is longer.
const CALL_TIMEOUT_MS = 30_000;

type Reply = { id: number; ok: true; value: { undefined: true } | { value: unknown } } | { id: number; ok: false; error: string };
type Progress = { type: 'progress'; key: string; round: number };

/** A Node process running the implementation under test, driven over IPC; killed when the test ends. */
export interface Child {
  readonly pid: number;
  /** Runs one operation in the child (see child-worker.ts) and resolves to its result. */
  call<T = unknown>(op: string, ...args: unknown[]): Promise<T>;
  /** Called for each set a `burst` completed. */
  onProgress(listener: (progress: Progress) => void): void;
  /** Sends SIGKILL and waits until the process is gone. */
  kill(): Promise<void>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
}

/** Starts a child on the same implementation `@impl` resolves to, and waits until it is ready. */
export async function startChild(): Promise<Child> {
  const proc: ChildProcess = spawn(process.execPath, [...sandboxedChildArgs(WORKER), '--import', TSX, WORKER, implPath()], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  proc.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  onTestFinished(async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await exited;
  });

  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const progress: Array<(p: Progress) => void> = [];
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  proc.on('message', (message: Reply | Progress | { type: 'ready' }) => {
    if ('type' in message) {
      if (message.type === 'ready') ready();
      else for (const listener of progress) listener(message);
      return;
    }
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (!waiter) return;
    if (message.ok) waiter.resolve('value' in message.value ? message.value.value : undefined);
    else waiter.reject(new Error(`in the child process: ${message.error}`));
  });
  void exited.then(() => {
    for (const waiter of pending.values()) waiter.reject(new Error(`the child process exited before answering.\n${stderr}`));
    pending.clear();
  });
  await Promise.race([isReady, exited.then(() => Promise.reject(new Error(`the child process could not start:\n${stderr}`)))]);

  let nextId = 0;
  return {
    pid: proc.pid!,
    exited,
    call<T>(op: string, ...args: unknown[]): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`the child process did not answer ${op} within ${CALL_TIMEOUT_MS / 1000} s`));
        }, CALL_TIMEOUT_MS);
        pending.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value as T);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        proc.send({ id, op, args });
      });
    },
    onProgress(listener) {
      progress.push(listener);
    },
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}
