import { describe, expect, it } from 'vitest';
import { TTLCache } from '@impl';
import { thrownBy } from '../helpers/thrown-by.js';

/** The longest delay Node can schedule: setTimeout and setInterval run a longer one after 1 ms. */
const MAX_DELAY = 2 ** 31 - 1;

describe('delays above 2^31 − 1 ms, which Node cannot schedule, are rejected with a RangeError naming the option [ex1.ttl-cache.timer-limit]', () => {
  it.each([
    ['a ttlMs of 2^31 ms', { ttlMs: MAX_DELAY + 1 }, 'ttlMs'],
    ['a ttlMs of a year', { ttlMs: 365 * 24 * 3600 * 1000 }, 'ttlMs'],
    ['a sweepIntervalMs of 2^31 ms', { sweepIntervalMs: MAX_DELAY + 1 }, 'sweepIntervalMs'],
  ])('rejects %s in the constructor', (_label, options, name) => {
    const thrown = thrownBy(() => new TTLCache(options).close());
    expect(thrown, `new TTLCache(${JSON.stringify(options)}) must throw a RangeError: Node would fire such a timer after 1 ms`).toBeInstanceOf(RangeError);
    expect((thrown as Error).message, `the message must name \`${name}\``).toContain(`\`${name}\``);
  });

  it('rejects a per-entry ttlMs of 2^31 ms in set(), storing nothing', () => {
    const cache = new TTLCache<string>();
    const thrown = thrownBy(() => cache.set('k', 'v', MAX_DELAY + 1));
    expect(thrown, 'set("k", "v", 2 ** 31) must throw a RangeError').toBeInstanceOf(RangeError);
    expect((thrown as Error).message, 'the message must name `ttlMs`').toContain('`ttlMs`');
    expect(cache.has('k'), 'a rejected set() stores nothing').toBe(false);
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
