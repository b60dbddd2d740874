/** Reads the clock again after this many uses of one reading, even if no timer has fired. */
const READS_PER_READING = 1024;

let reading = 0;
let readsLeft = 0;
let timer: NodeJS.Timeout | undefined;

/**
 * `Date.now()`, read at most about once per millisecond. Reading the system clock costs as much as the map lookup
 * itself, so a cache that asked the time on every `get` would spend half its time doing so. A reading is kept until
 * an `unref`'d timer clears it one millisecond later — and, because timers cannot fire during a long synchronous
 * loop, also after 1,024 uses, so time never stands still for long.
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
