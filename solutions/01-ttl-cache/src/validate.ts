/**
 * The longest delay Node can schedule, in ms (about 24.8 days). `setTimeout` and `setInterval` run a longer one
 * after 1 ms instead, with only a warning, so every delay option is checked against it when it is given.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Throws unless `value` is a positive number of milliseconds or `Infinity`. A TTL has no upper limit below Infinity:
 * it is compared with the clock, never handed to a timer, so a TTL of a month is as valid as a minute.
 */
export function assertTtl(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`\`${name}\` must be a number of milliseconds, got ${typeof value}`);
  if (!(value > 0)) throw new RangeError(`\`${name}\` must be a positive number or Infinity, got ${value}`);
}

/** Throws unless `value` is a positive, finite number of milliseconds up to {@link MAX_TIMER_MS}: a timer period. */
export function assertTimerMs(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`\`${name}\` must be a number of milliseconds, got ${typeof value}`);
  if (!(value > 0) || value === Infinity) throw new RangeError(`\`${name}\` must be a positive, finite number of milliseconds, got ${value}`);
  if (value > MAX_TIMER_MS) throw new RangeError(`\`${name}\` must be at most ${MAX_TIMER_MS} ms (about 24.8 days, the longest delay Node can schedule), got ${value}`);
}

/** Throws unless `value` is a pause in ms: zero or more, finite, up to {@link MAX_TIMER_MS}. */
export function assertPauseMs(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`\`${name}\` must be a number of milliseconds, got ${typeof value}`);
  if (!(value >= 0 && value <= MAX_TIMER_MS)) throw new RangeError(`\`${name}\` must be between 0 and ${MAX_TIMER_MS} ms, got ${value}`);
}

/** Throws unless `value` is a positive integer or `Infinity`. */
export function assertCapacity(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`\`${name}\` must be a number, got ${typeof value}`);
  if (!(value >= 1) || (value !== Infinity && !Number.isInteger(value))) {
    throw new RangeError(`\`${name}\` must be a positive integer or Infinity, got ${value}`);
  }
}

/** Throws unless `value` is a string, the only key type the workbook's caches accept. */
export function assertKey(value: unknown): asserts value is string {
  if (typeof value !== 'string') throw new TypeError(`\`key\` must be a string, got ${typeof value}`);
}
