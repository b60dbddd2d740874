/** Worker processes for the chaos sections: started through tsx with an IPC channel, awaited message by message. */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { nextMessage, spawnTs } from '@workbook/testkit';

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
 * a generous limit that only stops a run that would otherwise hang.
 */
export async function nextFrom<T>(child: ChildProcess, match: (message: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} from worker ${child.pid} within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  const message = nextMessage(child, (message): message is T => match(message as T));
  message.catch(() => {});
  try {
    return await Promise.race([message, timeout]);
  } catch (error) {
    throw new Error(`waiting for ${what}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
  }
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
