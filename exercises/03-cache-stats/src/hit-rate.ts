/**
 * The share of lookups that were hits: `hits / (hits + misses)`, from 0 to 1. Before the first lookup there is no
 * rate to speak of, and the answer is 0 — never `NaN`, which would poison every sum, chart and JSON it reaches.
 */
export function hitRate(hits: number, misses: number): number {
  // TODO(ex3.counters): hitRate(3, 1) is 0.75, hitRate(5, 0) is 1, and hitRate(0, 0) is 0 — not NaN.
  throw new Error(`TODO(ex3.counters): hitRate(${hits}, ${misses})`);
}
