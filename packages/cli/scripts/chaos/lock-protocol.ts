/** What the lock chaos section (lock.ts) and its app processes (lock-worker.ts) say to each other. */

/** How long a lock lives, in ms: short, so a run with a killed holder takes seconds; lockWaitMs is left at its default. */
export const LOCK_TTL_MS = 3000;

/**
 * The L2 timeout of the lock section's processes, in ms. Not the default 200: on a 2-core machine running eight
 * processes and two CPU burners, a healthy Redis sometimes answers later than that, and an L2 timeout rightly makes
 * every waiter compute (fail open) — an outage, which is the Redis section's subject, not this one's.
 */
export const LOCK_L2_TIMEOUT_MS = 1000;

export type ToWorker =
  /** Use the cache until L2 answers; reply `up`. */
  | { type: 'probe' }
  /**
   * Ask for `key`: a `quick` compute takes 300 ms; a `held` one says `computing` and waits for `finish` (a holder
   * the section may kill). Reply `answer`.
   */
  | { type: 'go'; key: string; compute: 'quick' | 'held' }
  | { type: 'finish'; key: string }
  | { type: 'stop' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'up' }
  | { type: 'computing'; key: string }
  | { type: 'answer'; key: string; computed: boolean; value: string };
