import { describe, expect, it } from 'vitest';
import { TTLCache } from '@impl';
import { thrownBy } from '../helpers/thrown-by.js';

/** The longest delay Node can schedule: setTimeout and setInterval run a longer one after 1 ms. */
const MAX_DELAY = 2 ** 31 - 1;

describe('timer periods above 2^31 − 1 ms, which Node cannot schedule, are rejected with a RangeError naming the option [ex1.ttl-cache.timer-limit]', () => {
  it.each([
    ['a sweepIntervalMs of 2^31 ms', { sweepIntervalMs: MAX_DELAY + 1 }, 'sweepIntervalMs'],
  ])('rejects %s in the constructor', (_label, options, name) => {
    const thrown = thrownBy(() => new TTLCache(options).close());
    expect(thrown, `new TTLCache(${JSON.stringify(options)}) must throw a RangeError: Node would fire such a timer after 1 ms`).toBeInstanceOf(RangeError);
    expect((thrown as Error).message, `the message must name \`${name}\``).toContain(`\`${name}\``);
  });

  it('accepts a ttlMs of a year, as the option and per entry: a TTL is compared with the clock, never scheduled', () => {
    const year = 365 * 24 * 3600 * 1000;
    const cache = new TTLCache<string>({ ttlMs: year, now: () => 0 });
    cache.set('k', 'v', year);
    expect(cache.get('k'), 'a TTL longer than 2^31 − 1 ms is valid: only timer periods such as sweepIntervalMs have that limit').toBe('v');
  });

  it('accepts 2^31 − 1 ms exactly, as ttlMs, per entry and as sweepIntervalMs', () => {
    const cache = new TTLCache<string>({ ttlMs: MAX_DELAY, sweepIntervalMs: MAX_DELAY, now: () => 0 });
    cache.close();
    cache.set('k', 'v', MAX_DELAY);
    expect(cache.get('k'), '2 ** 31 - 1 ms is the longest delay Node can schedule, and is allowed').toBe('v');
  });

  it('still accepts Infinity as a ttlMs: it never expires and is never scheduled', () => {
    expect(() => new TTLCache({ ttlMs: Infinity }).set('k', 'v', Infinity), 'Infinity means "never expires", whatever the limit on finite delays').not.toThrow();
  });
});
