import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '@impl';

describe('latency (public)', () => {
  it('estimates the nearest-rank p50 and p99 of 1…100 ms within RELATIVE_ERROR, and the exact max', () => {
    const histogram = new LatencyHistogram();
    for (let ms = 1; ms <= 100; ms++) histogram.record(ms);
    const { p50Ms, p99Ms, maxMs, count } = histogram.summary();
    expect(count).toBe(100);
    expect(Math.abs(p50Ms - 50) / 50).toBeLessThanOrEqual(LatencyHistogram.RELATIVE_ERROR);
    expect(Math.abs(p99Ms - 99) / 99).toBeLessThanOrEqual(LatencyHistogram.RELATIVE_ERROR);
    expect(maxMs).toBe(100);
  });

  it('reads 0, not NaN, when empty', () => {
    expect(new LatencyHistogram().summary()).toMatchObject({ count: 0, meanMs: 0, p95Ms: 0, buckets: [] });
  });
});
