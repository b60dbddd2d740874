/** A hand-moved clock in milliseconds: pass `clock.now` as a cache's `now` option. */
export interface ManualClock {
  now: () => number;
  /** Moves time forward by `ms`. */
  advance(ms: number): void;
  /** Jumps to the absolute time `ms`. */
  set(ms: number): void;
}

export function manualClock(start = 0): ManualClock {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
    set: (ms) => {
      time = ms;
    },
  };
}
