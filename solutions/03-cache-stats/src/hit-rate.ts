import { assertCount } from './validate.js';

/**
 * The share of lookups that were hits: `hits / (hits + misses)`, from 0 to 1. Before the first lookup there is no
 * rate to speak of, and the answer is 0 — never `NaN`, which would poison every sum, chart and JSON it reaches.
 * @throws TypeError or RangeError naming `hits` or `misses` when it is not a count (a non-negative integer): a
 * negative count would give a "rate" outside 0–1, such as `hitRate(-1, 2) === -1`.
 */
export function hitRate(hits: number, misses: number): number {
  assertCount('hits', hits);
  assertCount('misses', misses);
  const total = hits + misses;
  return total > 0 ? hits / total : 0;
}
