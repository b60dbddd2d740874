/** Worker processes for the chaos sections: started through tsx with an IPC channel, awaited message by message. */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawnTs } from '@workbook/testkit';

/** Starts `packages/cli/scripts/chaos/<file>` with `args`; its stderr goes to `log`, line by line. */
export function startWorker(file: string, args: string[], log: (line: string) => void): ChildProcess {
  const child = spawnTs(fileURLToPath(new URL(file, import.meta.url)), args);
  child.stdout?.resume();
  child.stderr?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) log(`${file} ${child.pid}: ${line}`);
  });
  return child;
}

/**
 * The next message from `child` that `match` accepts. Rejects when the child exits first, or after `timeoutMs` —
 * generous limits that only stop a run that would otherwise hang.
 */
export function nextFrom<T>(child: ChildProcess, match: (message: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: T): void => {
      if (!match(message)) return;
      done();
      resolve(message);
    };
    const onExit = (code: number | null, signal: string | null): void => {
      done();
      reject(new Error(`worker ${child.pid} exited (code ${code}, signal ${signal}) while waiting for ${what}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no ${what} from worker ${child.pid} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Sends `message` to a worker; typed by the worker's protocol. */
export function tell<T>(child: ChildProcess, message: T): void {
  if (child.connected) child.send(message as object);
}

/** Kills what is still running. */
export function killAll(children: ChildProcess[]): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
