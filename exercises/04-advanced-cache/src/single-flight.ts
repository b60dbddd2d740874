/**
 * Starts the shared work of a flight. `signal` aborts when every caller waiting on it has given up; `isCurrent()`
 * turns false once the flight has been forgotten (the key was set, deleted or cleared meanwhile), and then the
 * result must not be written anywhere.
 */
export type FlightStart<T> = (signal: AbortSignal, isCurrent: () => boolean) => Promise<T>;

/**
 * At most one piece of work in flight per key: callers for a key that is already being worked on wait for that
 * work's result instead of starting their own. Different keys never wait for each other.
 *
 * Not exported from index.ts and not graded on its own: a building block for SingleFlightCache and TieredCache.
 * Use it, change it, or do without it.
 */
export class SingleFlight<T> {
  /** Keys with work in flight. */
  get size(): number {
    // TODO(ex4.single-flight): how many keys have a flight.
    throw new Error('TODO(ex4.single-flight): SingleFlight.size');
  }

  /**
   * Joins the flight for `key`, or starts one with `start`. Every caller gets the flight's result or its rejection.
   * `signal` abandons this caller's wait only (rejecting with the signal's reason); the work is aborted only when
   * the last waiting caller has left.
   */
  run(key: string, start: FlightStart<T>, signal?: AbortSignal): Promise<T> {
    // TODO(ex4.single-flight): ten callers of run('k', …) before the first settles share one call of start; once it
    // settles (resolved or rejected), the next run('k', …) calls start again.
    throw new Error('TODO(ex4.single-flight): SingleFlight.run');
  }

  /** Detaches the flight for `key`: its callers still get its result, but the next caller starts anew. */
  forget(key: string): void {
    // TODO(ex4.invalidation): after forget('k'), the running flight's isCurrent() is false and run('k') starts anew.
    throw new Error('TODO(ex4.invalidation): SingleFlight.forget');
  }

  /** Detaches every flight. */
  forgetAll(): void {
    // TODO(ex4.invalidation): forget() for every key.
    throw new Error('TODO(ex4.invalidation): SingleFlight.forgetAll');
  }

  /** The keys with work in flight, as a copy (safe to forget while iterating). */
  keys(): string[] {
    // TODO(ex4.group-invalidation): the keys run() is working on, e.g. to forget every flight under a prefix.
    throw new Error('TODO(ex4.group-invalidation): SingleFlight.keys');
  }
}
