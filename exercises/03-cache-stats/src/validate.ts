/**
 * The longest span of time any option may give, in ms: 2^31 − 1 (about 24.8 days), the longest delay Node can
 * schedule. Every time option in the workbook shares this limit, so a value that works here works as a timer too.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Throws unless `value` is a positive, finite number of milliseconds, at most {@link MAX_TIMER_MS}. */
export function assertPositiveMs(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`\`${name}\` must be a number of milliseconds, got ${typeof value}`);
  if (!(value > 0) || value === Infinity) throw new RangeError(`\`${name}\` must be a positive, finite number of milliseconds, got ${value}`);
  if (value > MAX_TIMER_MS) throw new RangeError(`\`${name}\` must be at most ${MAX_TIMER_MS} ms (about 24.8 days, the longest delay Node can schedule), got ${value}`);
}

/** Throws unless `value` is a count: a non-negative integer. */
export function assertCount(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`\`${name}\` must be a count (a number), got ${typeof value}`);
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`\`${name}\` must be a count: a non-negative integer, got ${value}`);
}

/** Throws unless `value` is a positive integer. */
export function assertPositiveInteger(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`\`${name}\` must be a number, got ${typeof value}`);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`\`${name}\` must be a positive integer, got ${value}`);
}

/** Throws unless `value` is a function (a clock, a callback). */
export function assertFunction(name: string, value: unknown): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') throw new TypeError(`\`${name}\` must be a function, got ${typeof value}`);
}
