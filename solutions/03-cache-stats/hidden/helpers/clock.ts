/** A hand-moved clock in milliseconds: pass `clock.now` as CacheStats' `now` option. */
export interface ManualClock {
  now: () => number;
  /** Moves time forward by `ms`. */
  advance(ms: number): void;
  /** Jumps to the absolute time `ms`. */
  set(ms: number): void;
  /** How many times `now()` was read. */
  readonly reads: number;
}

export function manualClock(start = 0): ManualClock {
  let time = start;
  let reads = 0;
  return {
    now: () => {
      reads++;
      return time;
    },
    advance: (ms) => {
      time += ms;
    },
    set: (ms) => {
      time = ms;
    },
    get reads() {
      return reads;
    },
  };
}
