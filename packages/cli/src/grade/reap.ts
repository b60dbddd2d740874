import { existsSync, readdirSync, readFileSync } from 'node:fs';

const PROC = '/proc';

/** State and parent pid of a process, from /proc (Linux); undefined when it is gone or /proc is missing. */
function statOf(pid: number): { state: string; parent: number } | undefined {
  try {
    const stat = readFileSync(`${PROC}/${pid}/stat`, 'utf8');
    const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: state!, parent: Number(parent) };
  } catch {
    return undefined;
  }
}

const alive = (pid: number): boolean => {
  const stat = statOf(pid);
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
};

function allPids(): number[] {
  if (!existsSync(PROC)) return [];
  return readdirSync(PROC).filter((name) => /^\d+$/.test(name)).map(Number);
}

/** Every live descendant of `root` (Linux; empty elsewhere, where the process group is the only net). */
export function snapshotDescendants(root: number | undefined): number[] {
  if (root === undefined) return [];
  const parents = new Map(allPids().map((pid) => [pid, statOf(pid)?.parent]));
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.pop()!;
    for (const [pid, ppid] of parents) {
      if (ppid === parent) {
        found.push(pid);
        queue.push(pid);
      }
    }
  }
  return found;
}

function carriesToken(pid: number, token: string): boolean {
  try {
    return readFileSync(`${PROC}/${pid}/environ`, 'latin1').includes(`WORKBOOK_RUN_TOKEN=${token}`);
  } catch {
    return false;
  }
}

/**
 * Stops what a grading run left behind: the descendants seen while it ran and any process carrying its run token.
 * Returns how many were still alive.
 */
export function reapProcesses(token: string, seen: Iterable<number>): number {
  const targets = new Set([...seen].filter((pid) => pid !== process.pid && alive(pid)));
  for (const pid of allPids()) if (pid !== process.pid && alive(pid) && carriesToken(pid, token)) targets.add(pid);
  let reaped = 0;
  for (const pid of targets) {
    try {
      process.kill(pid, 'SIGKILL');
      reaped += 1;
    } catch {
      // Already gone.
    }
  }
  return reaped;
}
