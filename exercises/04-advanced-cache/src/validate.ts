/** Throws unless `value` is a positive number of milliseconds or `Infinity`. */
export function assertTtl(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`\`${name}\` must be a number of milliseconds, got ${typeof value}`);
  if (!(value > 0)) throw new RangeError(`\`${name}\` must be a positive number or Infinity, got ${value}`);
}

/** Throws unless `value` is a positive integer or `Infinity`. */
export function assertCapacity(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`\`${name}\` must be a number, got ${typeof value}`);
  if (!(value >= 1) || (value !== Infinity && !Number.isInteger(value))) {
    throw new RangeError(`\`${name}\` must be a positive integer or Infinity, got ${value}`);
  }
}

/**
 * The longest delay Node's timers can schedule, in ms (2^31−1, about 24.8 days). `setTimeout` fires a longer one
 * after 1 ms instead, with only a warning: a timeout would expire at once, an interval would spin.
 */
export const MAX_DELAY_MS = 2 ** 31 - 1;

/** Throws unless `value` is a positive number of milliseconds Node's timers can schedule (timeouts, intervals). */
export function assertDuration(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`\`${name}\` must be a number of milliseconds, got ${typeof value}`);
  if (!(value > 0) || value === Infinity) throw new RangeError(`\`${name}\` must be a positive, finite number of milliseconds, got ${value}`);
  assertSchedulable(name, value);
}

function assertSchedulable(name: string, value: number): void {
  if (value > MAX_DELAY_MS) {
    throw new RangeError(`\`${name}\` must be at most ${MAX_DELAY_MS} ms (2^31−1, the longest delay Node's timers can schedule), got ${value}`);
  }
}

/** Throws unless `value` is a string, the only key type the workbook's caches accept. */
export function assertKey(value: unknown): asserts value is string {
  if (typeof value !== 'string') throw new TypeError(`\`key\` must be a string, got ${typeof value}`);
}

/** Throws unless `value` is a function (or, when `optional`, undefined). */
export function assertFunction(name: string, value: unknown, optional = false): void {
  if (optional && value === undefined) return;
  if (typeof value !== 'function') throw new TypeError(`\`${name}\` must be a function, got ${typeof value}`);
}

/** Throws unless `keys` is an array of strings (a batch of cache keys). */
export function assertKeys(keys: unknown): asserts keys is readonly string[] {
  if (!Array.isArray(keys)) throw new TypeError(`\`keys\` must be an array of strings, got ${typeof keys}`);
  for (const key of keys) assertKey(key);
}
