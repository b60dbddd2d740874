import { open } from 'node:fs/promises';

/**
 * Records which paths get fsynced. Test files replace node:fs's sync functions with {@link recordingFd} wrappers
 * (see crash-safety/durable.test.ts) and call {@link recordFileHandleSyncs} for FileHandle.sync()/datasync(). The
 * list lives on globalThis, because the patched FileHandle prototype outlives any one instance of this module.
 */
export const syncedPaths: string[] = ((globalThis as { __workbookSyncedPaths?: string[] }).__workbookSyncedPaths ??= []);

/** The real readlinkSync, to name a descriptor through /proc/self/fd (Linux). */
let readLink: ((path: string) => string) | undefined;

export function useReadlink(readlink: (path: string) => string): void {
  readLink = readlink;
}

function pathOfFd(fd: number): string {
  try {
    return readLink ? readLink(`/proc/self/fd/${fd}`) : `fd:${fd}`;
  } catch {
    return `fd:${fd}`;
  }
}

/** Wraps an fs function that takes an fd first, recording the fd's path before calling through. */
export function recordingFd<F extends (fd: number, ...rest: any[]) => any>(original: F): F {
  return function (this: unknown, fd: number, ...rest: unknown[]) {
    syncedPaths.push(pathOfFd(fd));
    return original.call(this, fd, ...rest);
  } as F;
}

/**
 * Records FileHandle.sync() and datasync() too: they live on the FileHandle prototype, which every handle from
 * node:fs/promises shares, so patching it once catches them however the code under test imported fs. `dir` is
 * any folder the test may read.
 */
export async function recordFileHandleSyncs(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  const proto = Object.getPrototypeOf(handle) as Record<'sync' | 'datasync', (this: { fd: number }) => Promise<void>> & { __recording?: boolean };
  await handle.close();
  if (proto.__recording) return;
  proto.__recording = true;
  for (const method of ['sync', 'datasync'] as const) {
    const original = proto[method];
    proto[method] = function (this: { fd: number }) {
      syncedPaths.push(pathOfFd(this.fd));
      return original.call(this);
    };
  }
}
