import { spawn, type ChildProcess } from 'node:child_process';
import module from 'node:module';
import { dirname, join } from 'node:path';
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
  const child = spawn(process.execPath, [...sandboxedChildArgs(file), '--import', import.meta.resolve('tsx'), file, ...args], {
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

/**
 * Whether a Node child running TypeScript through tsx can run in the grader's sandbox: only where Node has in-thread
 * module hooks (`module.registerHooks`, Node ≥ 22.15), which tsx then uses. Node 20 runs loader hooks on a worker
 * thread, which the sandbox refuses; there a test's child runs outside it, as Node 20 hands it no flags anyway.
 */
export function childrenCanBeSandboxed(): boolean {
  return typeof (module as { registerHooks?: unknown }).registerHooks === 'function';
}

/** The Node permission flags of this process's command line, when the grader runs it in its sandbox. */
const PERMISSION_FLAG = /^--(?:experimental-)?permission$|^--allow-/;

/**
 * The command-line flags a Node child of this process needs to run `script`: none outside the grader's sandbox;
 * inside it, the sandbox's own permission flags plus read access to the script's folder and to what Node reads to
 * resolve the script's imports: the `package.json` and `node_modules` of every folder above it (never those folders'
 * other files, which may hold a reference solution). Given explicitly, they take the place of what Node ≥ 22.18 and
 * 24 hand a spawned child on their own (the parent's flags, through NODE_OPTIONS), which would leave the child unable
 * to read its own script. On Node 20, which hands down nothing and whose loader hooks the sandbox refuses, there are
 * none: the child runs outside the sandbox (see childrenCanBeSandboxed).
 */
export function sandboxedChildArgs(script: string): string[] {
  const inherited = process.execArgv.filter((arg) => PERMISSION_FLAG.test(arg));
  if (inherited.length === 0 || !childrenCanBeSandboxed()) return [];
  const reads = [dirname(script), ...ancestors(dirname(script)).flatMap((dir) => [join(dir, 'package.json'), join(dir, 'node_modules')])];
  // A Set: Node's permission tree asserts on a path given twice (Node 20 aborts), and the sandbox may list one already.
  return [...new Set([...inherited, ...reads.map((path) => `--allow-fs-read=${path}`)])];
}

/** `dir` and every folder above it, up to the root. */
function ancestors(dir: string): string[] {
  const up = dirname(dir);
  return up === dir ? [dir] : [dir, ...ancestors(up)];
}
