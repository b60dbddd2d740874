/** A clock the test moves by hand, for classes that take `now?: () => number`. */
export interface ManualClock {
  now: () => number;
  /** Moves time forward by `ms`. */
  advance(ms: number): void;
  /** Sets the time to `ms`. */
  set(ms: number): void;
}

export function manualClock(start = 0): ManualClock {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => void (t += ms),
    set: (ms) => void (t = ms),
  };
}

/**
 * Per-test timeout, in ms, for a test that starts processes (a `redis-server`, a tsx child): on a busy machine
 * starting one can take seconds, so the limit is generous. It only stops a test that hangs; it is no speed claim.
 */
export const PROCESS_TEST_TIMEOUT_MS = 60_000;

/**
 * Polls `condition` every `intervalMs` until it holds, for things that happen on real time outside the test's
 * control (a server restarting, a client reconnecting). Not for TTLs: inject a clock for those. The default
 * `timeoutMs` (20 s) is generous, as a busy machine can take seconds for what a quiet one does at once.
 * @throws Error naming `what` after `timeoutMs`.
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, { timeoutMs = 20_000, intervalMs = 20 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() >= deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
