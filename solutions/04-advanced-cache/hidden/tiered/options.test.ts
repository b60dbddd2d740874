import { describe, expect, it } from 'vitest';
import { TieredCache } from '@impl';

describe('TieredCache options', () => {
  it.each(['l2TimeoutMs', 'l2RetryMs', 'lockWaitMs', 'lockPollMs'])('rejects %s 0 with a RangeError naming it', (name) => {
    expect(() => new TieredCache({ [name]: 0 })).toThrow(RangeError);
    expect(() => new TieredCache({ [name]: 0 })).toThrow(`\`${name}\``);
  });

  it.each(['ttlMs', 'l1TtlMs'])('rejects %s -1 with a RangeError naming it', (name) => {
    expect(() => new TieredCache({ [name]: -1 })).toThrow(`\`${name}\``);
  });

  it('rejects an l2 that is not a Keyv with a TypeError naming `l2`', () => {
    expect(() => new TieredCache({ l2: {} as never })).toThrow(TypeError);
    expect(() => new TieredCache({ l2: {} as never })).toThrow('`l2`');
  });

  it('rejects an L1 without a bound', () => {
    expect(() => new TieredCache({ l1: {} })).toThrow(TypeError);
  });
});
