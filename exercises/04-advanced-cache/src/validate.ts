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

/** Throws unless `value` is an array of strings: the keys of a batch call. */
export function assertKeys(value: unknown): asserts value is readonly string[] {
  if (!Array.isArray(value)) throw new TypeError(`\`keys\` must be an array of strings, got ${typeof value}`);
  for (const key of value) if (typeof key !== 'string') throw new TypeError(`\`keys\` must be an array of strings, got one ${typeof key}`);
}

/**
 * The `[key, value]` pairs of a batch write as an array, checked before anything is written (a bad pair must not
 * leave half a batch stored).
 */
export function entriesOf<V>(value: unknown): [string, V][] {
  if (value === null || typeof value !== 'object' || typeof (value as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new TypeError('`entries` must be an iterable of [key, value] pairs, e.g. an array or a Map');
  }
  const pairs = [...(value as Iterable<unknown>)];
  for (const pair of pairs) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string') {
      throw new TypeError('`entries` must hold [key, value] pairs with a string key');
    }
  }
  return pairs as [string, V][];
}

/** Throws unless `value` is a function (or, when `optional`, undefined). */
export function assertFunction(name: string, value: unknown, optional = false): void {
  if (optional && value === undefined) return;
  if (typeof value !== 'function') throw new TypeError(`\`${name}\` must be a function, got ${typeof value}`);
}
