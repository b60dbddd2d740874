import { describe, expect, it } from 'vitest';
import { Keyv } from 'keyv';
import { TieredCache } from '@impl';

describe('the constructor checks its options [ex4.tiered.options]', () => {
  it.each(['l2TimeoutMs', 'l2RetryMs', 'lockTtlMs', 'lockWaitMs', 'lockPollMs'])('rejects %s 0 with a RangeError naming it', (name) => {
    expect(() => new TieredCache({ [name]: 0 })).toThrow(RangeError);
    expect(() => new TieredCache({ [name]: 0 })).toThrow(`\`${name}\``);
  });

  it.each(['l2TimeoutMs', 'l2RetryMs', 'lockTtlMs', 'lockWaitMs', 'lockPollMs'])('rejects %s Infinity: a duration must be finite', (name) => {
    expect(() => new TieredCache({ [name]: Infinity })).toThrow(RangeError);
    expect(() => new TieredCache({ [name]: Infinity })).toThrow(`\`${name}\``);
  });

  it.each(['ttlMs', 'l1TtlMs'])('rejects %s -1 with a RangeError naming it', (name) => {
    expect(() => new TieredCache({ [name]: -1 })).toThrow(`\`${name}\``);
  });

  it('rejects an l2 that is not a Keyv with a TypeError naming `l2`', () => {
    expect(() => new TieredCache({ l2: {} as never })).toThrow(TypeError);
    expect(() => new TieredCache({ l2: {} as never })).toThrow('`l2`');
  });

  it('rejects a lock without an l2 with a TypeError naming `lock`: waiters read the holder\'s value from L2', () => {
    const lock = { acquire: async () => 'token', release: async () => true };
    expect(() => new TieredCache({ lock })).toThrow(TypeError);
    expect(() => new TieredCache({ lock })).toThrow('`lock`');
  });

  it('rejects a lock without acquire() and release() with a TypeError naming `lock`', () => {
    expect(() => new TieredCache({ l2: new Keyv(), lock: {} as never })).toThrow(TypeError);
    expect(() => new TieredCache({ l2: new Keyv(), lock: {} as never })).toThrow('`lock`');
  });

  it('rejects a fractional lockTtlMs: Redis takes whole milliseconds', () => {
    expect(() => new TieredCache({ lockTtlMs: 1.5 })).toThrow(RangeError);
    expect(() => new TieredCache({ lockTtlMs: 1.5 })).toThrow('`lockTtlMs`');
  });

  it('rejects a now that is not a function with a TypeError naming `now`', () => {
    expect(() => new TieredCache({ now: 5 as never })).toThrow(TypeError);
    expect(() => new TieredCache({ now: 5 as never })).toThrow('`now`');
  });

  it('rejects an L1 without a bound', () => {
    expect(() => new TieredCache({ l1: {} })).toThrow(TypeError);
  });
});

describe('timer options reject delays Node cannot schedule [ex4.tiered.timer-limits]', () => {
  // 2^31−1 ms (about 24.8 days) is the longest delay setTimeout keeps; a longer one fires after 1 ms.
  const MAX_DELAY_MS = 2 ** 31 - 1;

  it.each(['l2TimeoutMs', 'l2RetryMs', 'lockTtlMs', 'lockWaitMs', 'lockPollMs'])('rejects %s of 2^31 ms with a RangeError naming it', (name) => {
    expect(() => new TieredCache({ [name]: MAX_DELAY_MS + 1 }), `${name}: 2^31 ms is beyond what Node's timers can schedule`).toThrow(RangeError);
    expect(() => new TieredCache({ [name]: MAX_DELAY_MS + 1 })).toThrow(`\`${name}\``);
  });

  it.each(['l2TimeoutMs', 'l2RetryMs', 'lockTtlMs', 'lockWaitMs', 'lockPollMs'])('accepts %s of 2^31−1 ms, the longest schedulable delay', async (name) => {
    const cache = new TieredCache<string>({ [name]: MAX_DELAY_MS });
    await cache.set('k', 'v');
    expect(await cache.get('k'), `a cache made with ${name} 2^31−1 works`).toBe('v');
  });

  it.each([
    ['ttlMs', 365 * 24 * 3600 * 1000],
    ['l1TtlMs', 365 * 24 * 3600 * 1000],
    ['ttlMs', Infinity],
    ['l1TtlMs', Infinity],
  ])('accepts %s of %s: a TTL is compared with the clock, never scheduled', async (name, ms) => {
    const cache = new TieredCache<string>({ [name]: ms });
    await cache.set('k', 'v', name === 'ttlMs' ? ms : undefined);
    await cache.getOrCompute('c', async () => 'v', name === 'ttlMs' ? { ttlMs: ms } : {});
    expect(await cache.get('k'), `a cache made with ${name} ${ms} works: only timer periods stop at 2^31−1 ms`).toBe('v');
  });
});
