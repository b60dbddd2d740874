/** Throws unless `value` is a positive number of milliseconds or `Infinity`. */
export function assertTtl(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`\`${name}\` must be a number of milliseconds, got ${typeof value}`);
  if (!(value > 0)) throw new RangeError(`\`${name}\` must be a positive number or Infinity, got ${value}`);
}

/** Throws unless `value` is a whole number of bytes, at least `min`, or `Infinity`. */
export function assertBytes(name: string, value: unknown, min: number): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`\`${name}\` must be a number of bytes, got ${typeof value}`);
  if (!(value >= min) || (value !== Infinity && !Number.isInteger(value))) {
    throw new RangeError(`\`${name}\` must be an integer ≥ ${min} or Infinity, got ${value}`);
  }
}

/** Throws unless `value` is a string, the only key type the workbook's caches accept. */
export function assertKey(value: unknown): asserts value is string {
  if (typeof value !== 'string') throw new TypeError(`\`key\` must be a string, got ${typeof value}`);
}
