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
 * Polls `condition` every `intervalMs` until it holds, for things that happen on real time outside the test's
 * control (a server restarting, a client reconnecting). Not for TTLs: inject a clock for those.
 * @throws Error naming `what` after `timeoutMs`.
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, { timeoutMs = 5000, intervalMs = 20 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() >= deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
