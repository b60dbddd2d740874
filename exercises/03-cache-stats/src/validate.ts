/** Throws unless `value` is a positive, finite number of milliseconds. */
export function assertPositiveMs(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`\`${name}\` must be a number of milliseconds, got ${typeof value}`);
  if (!(value > 0) || value === Infinity) throw new RangeError(`\`${name}\` must be a positive, finite number of milliseconds, got ${value}`);
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
