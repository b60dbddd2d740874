import { describe, expect, it } from 'vitest';
import { CacheStats, HitRateWindow } from '@impl';

const MAX_DELAY = 2 ** 31 - 1;

/** What `create()` throws, or undefined. */
function thrownBy(create: () => unknown): unknown {
  try {
    create();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('a window or bucket longer than 2^31 − 1 ms is a RangeError naming the option [ex3.snapshots.window-limit]', () => {
  it.each([
    ['windowMs of 2^31 ms', { windowMs: 2 ** 31, bucketMs: 2 ** 21 }, 'windowMs'],
    ['bucketMs of 2^31 ms', { windowMs: 60_000, bucketMs: 2 ** 31 }, 'bucketMs'],
  ])('HitRateWindow rejects a %s', (_label, options, name) => {
    const thrown = thrownBy(() => new HitRateWindow(options));
    expect(thrown, `new HitRateWindow(${JSON.stringify(options)}) must throw a RangeError: every time option stops at 2^31 − 1 ms`).toBeInstanceOf(RangeError);
    expect((thrown as Error).message, `the message names \`${name}\``).toContain(`\`${name}\``);
  });

  it('CacheStats rejects a windowMs of 2^31 ms too', () => {
    const thrown = thrownBy(() => new CacheStats({ now: () => 0, windowMs: 2 ** 31, bucketMs: 2 ** 21 }));
    expect(thrown, 'the window options of CacheStats follow the same rule').toBeInstanceOf(RangeError);
    expect((thrown as Error).message).toContain('`windowMs`');
  });

  it('accepts a window and a bucket of exactly 2^31 − 1 ms', () => {
    const window = new HitRateWindow({ windowMs: MAX_DELAY, bucketMs: MAX_DELAY });
    window.record(true, 0);
    expect(window.read(0).hits, '2^31 − 1 ms is the longest span allowed, and it works').toBe(1);
  });
});
