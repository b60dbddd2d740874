/** Reads the clock again after this many uses of one reading, even if no timer has fired. */
const READS_PER_READING = 1024;

let reading = 0;
let readsLeft = 0;
let timer: NodeJS.Timeout | undefined;

/**
 * `Date.now()`, read at most about once per millisecond. A cache with TTLs asks the time on every read, and the
 * system clock costs about as much as the map lookup itself. A reading is kept until an `unref`'d timer clears it a
 * millisecond later — or, since timers cannot fire during a long synchronous loop, after 1,024 uses.
 */
export function coarseNow(): number {
  if (readsLeft-- > 0) return reading;
  reading = Date.now();
  readsLeft = READS_PER_READING;
  if (timer === undefined) {
    timer = setTimeout(expire, 1);
    timer.unref();
  }
  return reading;
}

function expire(): void {
  readsLeft = 0;
  timer = undefined;
}
