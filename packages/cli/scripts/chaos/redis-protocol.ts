/** What the Redis chaos section (redis.ts) and its app processes (redis-worker.ts) say to each other. */

/** The settings the section states in its rows; a short l1TtlMs keeps every process reading L2 all along. */
export const WORKER_SETTINGS = { l2TimeoutMs: 200, l2RetryMs: 250, reconnectMaxDelayMs: 250, ttlMs: 5000, l1TtlMs: 100 } as const;

export type ToWorker =
  /** Start a measuring window: calls starting from now count in the window's slowest call. */
  | { type: 'window' }
  /** Write `key` = `value`, then delete it, both while Redis hangs; answer `deleted`. */
  | { type: 'doom'; key: string; value: string }
  /** From now on, watch for reads of `key` answering `value`. */
  | { type: 'watch'; key: string; value: string }
  | { type: 'report' }
  | { type: 'stop' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'recovered'; at: number }
  | { type: 'deleted'; at: number }
  /** `eventLoopLagMs`: the longest the worker's event loop was held up in the window (CPU starvation, not Redis). */
  | { type: 'report'; calls: number; failures: string[]; slowestInWindowMs: number; eventLoopLagMs: number; deletedValueReads: number };
