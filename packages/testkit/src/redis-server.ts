import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { killOnExit } from './cleanup.js';

/** A private `redis-server` started by {@link startRedis}: loopback only, no persistence, its own temp folder. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The server's working folder (its log is `redis.log` there); removed by `stop()`. */
  readonly dir: string;
  /** The process id while the server runs, else `undefined`. */
  readonly pid: number | undefined;
  /** Ends the server and removes its folder. Idempotent; the handle is unusable afterwards. */
  stop(): Promise<void>;
  /** Kills the server with SIGKILL, like a crash. The port is kept, so `restart()` brings it back, empty. */
  kill(): Promise<void>;
  /** Freezes the server with SIGSTOP: connections are accepted by the kernel but nothing answers — a hung Redis. */
  pause(): void;
  /** Lets a paused server run again (SIGCONT); the commands it received meanwhile are answered. */
  resume(): void;
  /** Starts the server again on the same port (killing it first if it still runs) and waits until it answers. */
  restart(): Promise<void>;
}

export interface StartRedisOptions {
  /** Path of the `redis-server` binary. @default `REDIS_SERVER`, else the first `redis-server` on `PATH` */
  binary?: string;
  /** How long to wait for the first `PONG`, in ms: generous, as a busy machine may take seconds to start it. @default 20000 */
  startTimeoutMs?: number;
}

/** Where `redis-server` is: the `REDIS_SERVER` variable if set, else the first executable on `PATH`; or `undefined`. */
export function findRedisServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = env.REDIS_SERVER ? [env.REDIS_SERVER] : (env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'redis-server'));
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Whether a `redis-server` binary is available (see {@link findRedisServer}). */
export function hasRedisServer(env: NodeJS.ProcessEnv = process.env): boolean {
  return findRedisServer(env) !== undefined;
}

/**
 * Starts a private `redis-server` on a free loopback port, with no persistence (`--save ""`, `--appendonly no`) and a
 * fresh temp folder, and resolves once it answers `PING`. Tests that use it never touch a shared Redis. Call
 * `stop()` when done; a server still running when the process exits is killed.
 * @throws Error when no `redis-server` binary exists or the server does not start.
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  const binary = options.binary ?? findRedisServer();
  if (binary === undefined) {
    throw new Error('redis-server was not found: install Redis 7 (apt-get install redis-server, brew install redis) or set REDIS_SERVER to its path.');
  }
  const timeoutMs = options.startTimeoutMs ?? 20_000;
  const dir = mkdtempSync(join(tmpdir(), 'workbook-redis-'));
  let child: ChildProcess | undefined;
  let port = 0;
  let paused = false;
  let cannotRun = false;

  const launch = async (): Promise<void> => {
    child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', join(dir, 'redis.log')], {
      stdio: 'ignore',
    });
    // Resolves when the process ends, with the error when it could not run at all (ENOENT, EACCES).
    const ended = new Promise<Error | undefined>((resolve) => {
      child!.once('exit', () => resolve(undefined));
      child!.once('error', resolve);
    });
    killOnExit(child);
    // A forgotten server must never keep the test process alive; the exit hook kills it.
    child.unref();
    const outcome = await Promise.race([waitForPong(port, timeoutMs), ended]);
    if (outcome === true) return;
    await terminate();
    if (outcome instanceof Error) {
      cannotRun = true;
      throw new Error(`could not run ${binary}: ${outcome.message}`);
    }
    throw new Error(`redis-server did not start on port ${port}:\n${tail(join(dir, 'redis.log'))}`);
  };

  const terminate = async (): Promise<void> => {
    const running = child;
    child = undefined;
    paused = false;
    if (running === undefined || running.pid === undefined || running.exitCode !== null || running.signalCode !== null) return;
    running.ref();
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGKILL');
    await exited;
  };

  // The free port may be taken between our probe and redis-server's bind: try a few.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (error) {
      if (attempt === 3 || cannotRun) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }

  let stopped = false;
  return {
    url: `redis://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    dir,
    get pid() {
      return child?.pid;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      // No data is worth saving, so the quickest end is the right one.
      await terminate();
      rmSync(dir, { recursive: true, force: true });
    },
    kill: terminate,
    pause() {
      if (child && !paused) {
        child.kill('SIGSTOP');
        paused = true;
      }
    },
    resume() {
      if (child && paused) {
        child.kill('SIGCONT');
        paused = false;
      }
    },
    async restart() {
      if (stopped) throw new Error('restart() after stop(): start a new server instead');
      await terminate();
      await launch();
    },
  };
}

/** A port nobody listens on right now, found by letting the OS pick one and releasing it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls with a raw `PING` until the server answers `+PONG`, or gives up after `timeoutMs`. */
async function waitForPong(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ping(port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-5).join('\n');
  } catch {
    return '(no log)';
  }
}
