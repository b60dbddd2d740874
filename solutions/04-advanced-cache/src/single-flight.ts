/**
 * Starts the shared work of a flight. `signal` aborts when every caller waiting on it has given up; `isCurrent()`
 * turns false once the flight has been forgotten (the key was set, deleted or cleared meanwhile), and then the
 * result must not be written anywhere.
 */
export type FlightStart<T> = (signal: AbortSignal, isCurrent: () => boolean) => Promise<T>;

interface Flight<T> {
  promise: Promise<T>;
  /** Callers still waiting; only callers with a signal can leave early. */
  waiters: number;
  controller: AbortController;
}

/**
 * At most one piece of work in flight per key: callers for a key that is already being worked on wait for that
 * work's result instead of starting their own. Different keys never wait for each other.
 */
export class SingleFlight<T> {
  readonly #flights = new Map<string, Flight<T>>();

  /** Keys with work in flight. */
  get size(): number {
    return this.#flights.size;
  }

  /**
   * Joins the flight for `key`, or starts one with `start`. Every caller gets the flight's result or its rejection.
   * `signal` abandons this caller's wait only (rejecting with the signal's reason); the work is aborted only when
   * the last waiting caller has left.
   */
  run(key: string, start: FlightStart<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const flight = this.#flights.get(key) ?? this.#start(key, start);
    return this.#wait(key, flight, signal);
  }

  /** Detaches the flight for `key`: its callers still get its result, but the next caller starts anew. */
  forget(key: string): void {
    this.#flights.delete(key);
  }

  /** Detaches every flight. */
  forgetAll(): void {
    this.#flights.clear();
  }

  /** The keys with work in flight, as a copy (safe to forget while iterating). */
  keys(): string[] {
    return [...this.#flights.keys()];
  }

  #start(key: string, start: FlightStart<T>): Flight<T> {
    const flight = { waiters: 0, controller: new AbortController() } as Flight<T>;
    const isCurrent = (): boolean => this.#flights.get(key) === flight;
    this.#flights.set(key, flight);
    // The async wrapper turns a synchronous throw in `start` into a rejection every caller sees.
    flight.promise = (async () => start(flight.controller.signal, isCurrent))().finally(() => {
      if (isCurrent()) this.#flights.delete(key);
    });
    return flight;
  }

  #wait(key: string, flight: Flight<T>, signal: AbortSignal | undefined): Promise<T> {
    flight.waiters++;
    if (signal === undefined) return flight.promise;
    return new Promise<T>((resolve, reject) => {
      const leave = (): void => {
        if (--flight.waiters === 0) {
          // Nobody wants the result any more: stop the work, and let the next caller start fresh.
          if (this.#flights.get(key) === flight) this.#flights.delete(key);
          flight.controller.abort(signal.reason);
        }
        reject(signal.reason);
      };
      signal.addEventListener('abort', leave, { once: true });
      flight.promise.then(
        (value) => {
          signal.removeEventListener('abort', leave);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', leave);
          reject(error);
        },
      );
    });
  }
}
