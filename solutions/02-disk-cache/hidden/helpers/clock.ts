/** A clock the test moves by hand: `now` for the cache, `set`/`advance` for the test. */
export function manualClock(start = 0) {
  let t = start;
  return {
    now: (): number => t,
    set: (ms: number): void => {
      t = ms;
    },
    advance: (ms: number): void => {
      t += ms;
    },
  };
}
