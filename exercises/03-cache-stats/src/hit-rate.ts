// Yours to use: validate.ts throws the errors the tests expect.
import { assertCount } from './validate.js';

/**
 * The share of lookups that were hits: `hits / (hits + misses)`, from 0 to 1. Before the first lookup there is no
 * rate to speak of, and the answer is 0 — never `NaN`, which would poison every sum, chart and JSON it reaches.
 * @throws TypeError or RangeError naming `hits` or `misses` when it is not a count (a non-negative integer): a
 * negative count would give a "rate" outside 0–1, such as `hitRate(-1, 2) === -1`.
 */
export function hitRate(hits: number, misses: number): number {
  // TODO(ex3.counters): hitRate(3, 1) is 0.75, hitRate(5, 0) is 1, and hitRate(0, 0) is 0 — not NaN. Both
  // arguments are counts (assertCount): hitRate(-1, 2) or hitRate(1.5, 1) throws a RangeError naming the argument,
  // and a non-number a TypeError, instead of returning a rate outside 0–1.
  throw new Error(`TODO(ex3.counters): hitRate(${hits}, ${misses})`);
}
