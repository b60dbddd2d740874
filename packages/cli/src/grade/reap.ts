import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';

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

/**
 * A process cage: a Linux control group that a grading worker joins, so that every process it ever starts stays
 * inside — detached, double-forked, with a cleared environment — and can be stopped at the end. Where control groups
 * cannot be made (macOS, no rights), undefined: the run token and the list of descendants are the net there.
 */
export interface Cage {
  add(pid: number): void;
  /** Stops every process in the cage and removes it; returns how many were still running. */
  empty(): number;
}

const CGROUP_ROOTS = ['/sys/fs/cgroup/pids', '/sys/fs/cgroup/unified', '/sys/fs/cgroup'];

export function makeCage(token: string): Cage | undefined {
  for (const base of CGROUP_ROOTS) {
    const dir = `${base}/${token}`;
    try {
      if (!existsSync(`${base}/cgroup.procs`)) continue;
      mkdirSync(dir);
      return {
        add: (pid) => writeFileSync(`${dir}/cgroup.procs`, String(pid)),
        empty: () => {
          let stopped = 0;
          for (let pass = 0; pass < 20; pass += 1) {
            const pids = readFileSync(`${dir}/cgroup.procs`, 'utf8').split('\n').filter(Boolean).map(Number);
            if (pids.length === 0) break;
            for (const pid of pids) {
              try {
                if (alive(pid)) stopped += 1;
                process.kill(pid, 'SIGKILL');
              } catch {
                // Already gone.
              }
            }
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
          }
          try {
            rmdirSync(dir);
          } catch {
            // A process still leaving; the empty group is harmless.
          }
          return stopped;
        },
      };
    } catch {
      // Not this hierarchy.
    }
  }
  return undefined;
}

/**
 * CPU time used so far by the descendants of `root`, in ms (Linux; undefined elsewhere). An endless loop shows as
 * CPU time that keeps growing; a process starved by a busy machine does not, so a watchdog that counts CPU time
 * never mistakes load for a hang.
 */
export function treeCpuMs(root: number | undefined): number | undefined {
  if (root === undefined || !existsSync(PROC)) return undefined;
  let ticks = 0;
  for (const pid of [root, ...snapshotDescendants(root)]) {
    try {
      const stat = readFileSync(`${PROC}/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone meanwhile.
    }
  }
  return ticks * (1000 / CLOCK_TICKS);
}

/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second on every architecture Node runs on. */
const CLOCK_TICKS = 100;
