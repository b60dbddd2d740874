import type { ChildProcess } from 'node:child_process';

const alive = new Set<ChildProcess>();
let hooked = false;

/**
 * Kills `child` when this process exits, if it is still running then: a test that fails before its `afterAll`
 * must not leave a `redis-server` or a worker process behind.
 */
export function killOnExit(child: ChildProcess): void {
  alive.add(child);
  child.once('exit', () => alive.delete(child));
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const running of alive) running.kill('SIGKILL');
  });
}
