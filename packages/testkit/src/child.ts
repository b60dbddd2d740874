import { spawn, type ChildProcess } from 'node:child_process';
import { killOnExit } from './cleanup.js';

export interface SpawnTsOptions {
  /** The child's environment. @default process.env */
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs a TypeScript file in a child Node process through tsx, with an IPC channel (`child.send`, `process.send`),
 * its stdout and stderr piped to the parent. The child is killed when this process exits, if still running.
 */
export function spawnTs(file: string, args: string[] = [], options: SpawnTsOptions = {}): ChildProcess {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), file, ...args], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: options.env ?? process.env,
  });
  killOnExit(child);
  return child;
}

/** Resolves with the child's next IPC message that `match` accepts; rejects if the child exits first. */
export function nextMessage<T>(child: ChildProcess, match: (message: unknown) => message is T): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown): void => {
      if (!match(message)) return;
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null, signal: string | null): void => {
      cleanup();
      reject(new Error(`the child process exited (code ${code}, signal ${signal}) before sending the expected message`));
    };
    const cleanup = (): void => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
