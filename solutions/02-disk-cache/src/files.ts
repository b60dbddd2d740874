import { close, fsync, open, readFile, rename, unlink, write } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tempFileName } from './names.js';

// The callback API, promisified: on Node 20, fs/promises' readFile is about twice as slow for small files (it
// reads through a FileHandle in chunks), and a disk cache is made of small files.
const openAsync = promisify(open);
const writeAsync = promisify(write);
const closeAsync = promisify(close);
const fsyncAsync = promisify(fsync);
const renameAsync = promisify(rename);
const unlinkAsync = promisify(unlink);
export const readFileAsync = promisify(readFile);

/** Owner read/write only: cached answers may hold whatever users asked. */
export const FILE_MODE = 0o600;
/** Owner only. */
export const DIR_MODE = 0o700;

/**
 * Writes `data` to `dir/name` so that no reader, in this process or another, ever sees part of it: the bytes go
 * to a fresh temp file in the same directory, which `rename` then puts in place in one step (POSIX rename is
 * atomic within a filesystem, and replaces an existing file). A crash leaves the old file or the new one, plus
 * perhaps a temp file that `open` later removes.
 *
 * With `durable`, the temp file is fsynced before the rename and the directory after it (through `dirSync`), so
 * the entry also survives a power cut once the promise resolves; without it, the OS flushes within seconds.
 */
export async function writeFileAtomic(dir: string, name: string, data: Buffer, durable: boolean, dirSync?: DirectorySync): Promise<void> {
  const temp = join(dir, tempFileName(name));
  // 'wx' fails if the name exists: two writers never share a temp file.
  const fd = await openAsync(temp, 'wx', FILE_MODE);
  try {
    let written = 0;
    while (written < data.length) written += (await writeAsync(fd, data, written, data.length - written)).bytesWritten;
    if (durable) await fsyncAsync(fd);
  } catch (error) {
    await closeAsync(fd).catch(() => {});
    await removeFile(temp);
    throw error;
  }
  await closeAsync(fd);
  try {
    await renameAsync(temp, join(dir, name));
  } catch (error) {
    await removeFile(temp);
    throw error;
  }
  if (durable) await (dirSync ?? new DirectorySync(dir)).sync();
}

/** Removes a file; returns false when it was already gone. */
export async function removeFile(path: string): Promise<boolean> {
  try {
    await unlinkAsync(path);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** Whether a process with this pid is running (on this machine): signal 0 checks without sending anything. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * fsyncs a directory, which makes the names in it — the renames — durable. Concurrent callers share syncs (a
 * "group commit"): one that starts after a rename covers it, so while a sync runs, every caller that arrives
 * waits for the single next one instead of queueing a sync each.
 */
export class DirectorySync {
  readonly #dir: string;
  #running: Promise<void> | undefined;
  #next: Promise<void> | undefined;

  constructor(dir: string) {
    this.#dir = dir;
  }

  sync(): Promise<void> {
    // A sync that has not started yet will see our rename: join it.
    if (this.#next !== undefined) return this.#next;
    if (this.#running === undefined) return this.#start();
    // The running one may have started before our rename: queue the next one behind it.
    const next = this.#running.then(
      () => this.#start(),
      () => this.#start(),
    );
    this.#next = next;
    return next;
  }

  #start(): Promise<void> {
    this.#next = undefined;
    const running = fsyncPath(this.#dir).finally(() => {
      if (this.#running === running) this.#running = undefined;
    });
    this.#running = running;
    return running;
  }
}

async function fsyncPath(path: string): Promise<void> {
  const fd = await openAsync(path, 'r');
  try {
    await fsyncAsync(fd);
  } finally {
    await closeAsync(fd);
  }
}
