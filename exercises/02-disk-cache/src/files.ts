import { readFile, unlink } from 'node:fs';
import { promisify } from 'node:util';

// The callback API, promisified: on Node 20, fs/promises' readFile is about twice as slow for small files (it
// reads through a FileHandle in chunks), and a disk cache is made of small files.
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
  // TODO(ex2.crash-safety): A reader of dir/name sees the old bytes or all of `data`, never a part. Write to
  // join(dir, tempFileName(name)), opened with flag 'wx' (fail rather than share a name) and mode FILE_MODE; with
  // `durable`, fsync it before closing. Then rename it onto dir/name, and with `durable` fsync the directory
  // (dirSync?.sync(), or open the directory read-only, fsync, close). On any failure, remove the temp file and
  // rethrow.
  throw new Error(`TODO(ex2.crash-safety): writeFileAtomic ${dir} ${name} ${data.length} bytes durable=${durable} ${dirSync ? 'shared sync' : ''}`);
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
  // TODO(ex2.crash-safety): process.kill(pid, 0) sends nothing but throws when there is no such process (code
  // ESRCH) → false. EPERM means it exists but belongs to another user → true.
  throw new Error(`TODO(ex2.crash-safety): isProcessAlive ${pid}`);
}

/**
 * fsyncs a directory, which makes the names in it — the renames — durable. Concurrent callers share syncs (a
 * "group commit"): one that starts after a rename covers it, so while a sync runs, every caller that arrives
 * waits for the single next one instead of queueing a sync each.
 */
export class DirectorySync {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  sync(): Promise<void> {
    // TODO(ex2.crash-safety): Resolve once an fsync of the directory that started after this call has finished:
    // open(dir, 'r'), fsync, close. Fsyncing every time is correct; sharing is the optimisation — join a sync that
    // is queued but not started, and queue at most one behind a running one.
    throw new Error(`TODO(ex2.crash-safety): DirectorySync.sync ${this.#dir}`);
  }
}
