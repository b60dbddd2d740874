/**
 * The share of lookups that were hits: `hits / (hits + misses)`, from 0 to 1. Before the first lookup there is no
 * rate to speak of, and the answer is 0 — never `NaN`, which would poison every sum, chart and JSON it reaches.
 */
export function hitRate(hits: number, misses: number): number {
  const total = hits + misses;
  return total > 0 ? hits / total : 0;
}
