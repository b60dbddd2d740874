import { describe, expect, it } from 'vitest';
import { hitRate } from '@impl';

/** What `hitRate(hits, misses)` throws, or undefined. */
function thrownBy(hits: unknown, misses: unknown): unknown {
  try {
    hitRate(hits as number, misses as number);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('hitRate takes counts: an argument that is not a non-negative integer throws an error naming it [ex3.counters.hit-rate-counts]', () => {
  it.each([
    ['a negative hits', -1, 2, 'hits'],
    ['a negative misses', 2, -1, 'misses'],
    ['a fractional hits', 1.5, 1, 'hits'],
    ['a fractional misses', 1, 0.5, 'misses'],
    ['a NaN hits', Number.NaN, 1, 'hits'],
    ['an infinite misses', 1, Infinity, 'misses'],
  ])('rejects %s with a RangeError', (_label, hits, misses, name) => {
    const thrown = thrownBy(hits, misses);
    expect(thrown, `hitRate(${hits}, ${misses}) is not a rate of anything (hitRate(-1, 2) would read -1): throw a RangeError`).toBeInstanceOf(RangeError);
    expect((thrown as Error).message, `the message names the argument \`${name}\``).toContain(`\`${name}\``);
  });

  it.each([
    ['hits', '3', 1],
    ['misses', 3, null],
  ])('rejects %s that is not a number with a TypeError', (name, hits, misses) => {
    const thrown = thrownBy(hits, misses);
    expect(thrown, `hitRate(${JSON.stringify(hits)}, ${JSON.stringify(misses)}) must throw a TypeError`).toBeInstanceOf(TypeError);
    expect((thrown as Error).message, `the message names the argument \`${name}\``).toContain(`\`${name}\``);
  });

  it('accepts zero and large whole counts', () => {
    expect(hitRate(0, 7), 'zero hits is a count').toBe(0);
    expect(hitRate(3_000_000_000, 1_000_000_000), 'counts beyond 2^31 are still counts').toBe(0.75);
  });
});
