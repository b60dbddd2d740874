import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '@impl';

const TOLERANCE = LatencyHistogram.RELATIVE_ERROR;

/** The nearest-rank percentile of `values`: the sample of rank ceil(p / 100 × n). */
function nearestRank(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p * sorted.length) / 100)) - 1]!;
}

/** A deterministic PRNG (mulberry32) in [0, 1). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function expectClose(actual: number, expected: number, what: string): void {
  const error = Math.abs(actual - expected) / expected;
  expect(error, `${what}: expected ${expected} within ${(TOLERANCE * 100).toFixed(2)} %, got ${actual}`).toBeLessThanOrEqual(TOLERANCE + 1e-12);
}

describe('record() counts every finite sample, a negative one as 0 [ex3.latency.record]', () => {
  it('counts every sample it records', () => {
    const histogram = new LatencyHistogram();
    for (const ms of [1, 2, 2, 500]) histogram.record(ms);
    expect(histogram.count).toBe(4);
  });

  it('counts a negative duration (a clock that stepped back) as 0 and ignores NaN and Infinity', () => {
    const histogram = new LatencyHistogram();
    histogram.record(-3);
    histogram.record(Number.NaN);
    histogram.record(Infinity);
    histogram.record(-Infinity);
    expect(histogram.count, 'only the -3 counts, as a 0').toBe(1);
    expect(histogram.summary()).toMatchObject({ count: 1, sumMs: 0, minMs: 0, maxMs: 0 });
  });
});

describe('memory does not grow with the number of samples [ex3.latency.bounded-memory]', () => {
  it('uses bounded memory: 20,000 samples from 1 µs to 10 s give no more than 2,000 buckets', () => {
    const next = random(7);
    const large = new LatencyHistogram();
    // Log-uniform, so every order of magnitude from 1 µs to 10 s gets samples.
    for (let i = 0; i < 20_000; i++) large.record(0.001 * 10 ** (7 * next()));
    const buckets = large.summary().buckets;
    expect(buckets.length, 'buckets are fixed, not one per distinct sample').toBeLessThanOrEqual(2_000);
    expect(large.count).toBe(20_000);
    expect(buckets.reduce((sum, b) => sum + b.count, 0), 'bucket counts add up to count').toBe(20_000);
  });
});

describe('percentile(p) is the sample of nearest rank ceil(p / 100 × count) [ex3.latency.nearest-rank]', () => {
  it.each([50, 90, 95, 99])('estimates the nearest-rank p%i of 1…100 ms', (p) => {
    const histogram = new LatencyHistogram();
    for (let ms = 1; ms <= 100; ms++) histogram.record(ms);
    expectClose(histogram.percentile(p), p, `p${p} of the values 1…100`);
  });

  it('takes the rank ceil(p / 100 × n): p50 of 10, 20, 30 is 20 and p34 is 20, p33 is 10', () => {
    const histogram = new LatencyHistogram();
    for (const ms of [30, 10, 20]) histogram.record(ms);
    expectClose(histogram.percentile(50), 20, 'p50 of 10, 20, 30');
    expectClose(histogram.percentile(34), 20, 'p34 of three samples is the 2nd (ceil(1.02) = 2)');
    expectClose(histogram.percentile(33), 10, 'p33 of three samples is the 1st (ceil(0.99) = 1)');
  });

  it('takes rank 7 of 100 for p7, although 0.07 × 100 is 7.000000000000001 in floating point', () => {
    const histogram = new LatencyHistogram();
    for (let ms = 1; ms <= 100; ms++) histogram.record(ms);
    expectClose(histogram.percentile(7), 7, 'p7 of the values 1…100 is the 7th');
  });

  it('takes the first sample for a tiny p', () => {
    const histogram = new LatencyHistogram();
    for (const ms of [10, 20, 30]) histogram.record(ms);
    expectClose(histogram.percentile(0.001), 10, 'p0.001 of 10, 20, 30 is the 1st (rank ceil(0.00003) = 1)');
  });
});

describe('p0 is the exact minimum and p100 the exact maximum [ex3.latency.extremes]', () => {
  it('gives the exact minimum at p0 and the exact maximum at p100', () => {
    const histogram = new LatencyHistogram();
    for (const ms of [3.3, 0.25, 812.7, 41]) histogram.record(ms);
    expect(histogram.percentile(0), 'p0 is the smallest sample, exactly').toBe(0.25);
    expect(histogram.percentile(100), 'p100 is the largest sample, exactly').toBe(812.7);
  });
});

describe('every other percentile is within RELATIVE_ERROR, at most 5 % [ex3.latency.accuracy]', () => {
  it('estimates p50, p95 and p99 of a long-tailed distribution within a stated bound of at most 5 %', () => {
    expect(TOLERANCE, 'LatencyHistogram.RELATIVE_ERROR').toBeGreaterThan(0);
    expect(TOLERANCE, 'LatencyHistogram.RELATIVE_ERROR').toBeLessThanOrEqual(0.05);
    const next = random(42);
    // Log-normal-ish: most answers in tens of ms, a tail into seconds.
    const values = Array.from({ length: 5_000 }, () => Math.exp(3 + 1.2 * (next() + next() + next() - 1.5) * 2));
    const histogram = new LatencyHistogram();
    for (const v of values) histogram.record(v);
    const summary = histogram.summary();
    expectClose(summary.p50Ms, nearestRank(values, 50), 'p50');
    expectClose(summary.p95Ms, nearestRank(values, 95), 'p95');
    expectClose(summary.p99Ms, nearestRank(values, 99), 'p99');
  });

  it.each([0.0003, 0.004, 0.07, 1, 3, 77.7, 640, 12_345, 3_000_000])('stays within the bound for a single value of %d ms', (ms) => {
    const histogram = new LatencyHistogram();
    histogram.record(ms);
    histogram.record(ms);
    expectClose(histogram.percentile(50), ms, `p50 of two samples of ${ms} ms`);
  });

  it('stays between the smallest and the largest sample for samples beyond an hour', () => {
    const histogram = new LatencyHistogram();
    for (const ms of [2 * 3_600_000, 3 * 3_600_000, 5 * 3_600_000]) histogram.record(ms);
    const p50 = histogram.percentile(50);
    expect(Number.isFinite(p50), `p50 of 2, 3 and 5 hours is a number, got ${p50}`).toBe(true);
    expect(p50).toBeGreaterThanOrEqual(2 * 3_600_000);
    expect(p50).toBeLessThanOrEqual(5 * 3_600_000);
  });

  it.each([1, 2, 0.5, 1024, 0.001])('stays within the bound for the middle of three values just around %d ms', (ms) => {
    const histogram = new LatencyHistogram();
    for (const v of [ms * 0.9, ms, ms * 1.1]) histogram.record(v);
    expectClose(histogram.percentile(50), ms, `p50 of ${ms * 0.9}, ${ms}, ${ms * 1.1}`);
  });
});

describe('percentile() of an empty histogram is 0, and p must lie in 0…100 [ex3.latency.percentile-domain]', () => {
  it('answers 0 before the first sample', () => {
    expect(new LatencyHistogram().percentile(50)).toBe(0);
    expect(new LatencyHistogram().percentile(100)).toBe(0);
  });

  it.each([-1, 101, Number.NaN, '50'])('rejects percentile(%j) with a RangeError', (p) => {
    expect(() => new LatencyHistogram().percentile(p as number)).toThrow(RangeError);
  });
});

describe('summary() is exact where it can be, with the non-empty buckets in order [ex3.latency.summary]', () => {
  it('reads 0 everywhere before the first sample', () => {
    const histogram = new LatencyHistogram();
    expect(histogram.count).toBe(0);
    expect(histogram.summary()).toEqual({ count: 0, sumMs: 0, minMs: 0, maxMs: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, buckets: [] });
  });

  it('keeps count, sum, min, max and mean exact, and gives p50, p95 and p99', () => {
    const histogram = new LatencyHistogram();
    for (const ms of [0.5, 1.5, 250, 1000.25]) histogram.record(ms);
    const summary = histogram.summary();
    expect(summary).toMatchObject({ count: 4, sumMs: 1252.25, minMs: 0.5, maxMs: 1000.25, meanMs: 1252.25 / 4 });
    expectClose(summary.p50Ms, 1.5, 'p50Ms of 0.5, 1.5, 250, 1000.25');
    expect(summary.p95Ms, 'p95Ms of four samples is the largest').toBe(1000.25);
    expect(summary.p99Ms, 'p99Ms of four samples is the largest').toBe(1000.25);
  });

  it('lists only non-empty buckets in ascending order, each bound at least as large as what it holds', () => {
    const histogram = new LatencyHistogram();
    for (const ms of [5, 0.5, 50, 5, 500]) histogram.record(ms);
    const { buckets } = histogram.summary();
    expect(buckets.map((b) => b.count).reduce((a, b) => a + b)).toBe(5);
    for (const bucket of buckets) expect(bucket.count).toBeGreaterThan(0);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.leMs).toBeGreaterThan(buckets[i - 1]!.leMs);
    expect(buckets[0]!.leMs).toBeGreaterThanOrEqual(0.5);
    expect(buckets.at(-1)!.leMs).toBeGreaterThanOrEqual(500);
  });

  it('puts every sample in a bucket whose bound is at least the sample and below the next bucket\'s samples', () => {
    // Powers of two and of 2^(1/16), the next number up from some of them, and the extremes of the range.
    const above = (x: number) => x * (1 + 2 ** -52);
    const roots = [-7, 2, 8].map((k) => 2 ** (k / 16));
    const samples = [0, 2 ** -21, 2 ** -20, 0.001, 0.5, 1 - 1e-12, 1, 1 + 1e-12, 2, 2 ** (1 / 16), 1024, 2 ** 22, 2 ** 22 * 1.5, ...roots, ...roots.map(above)].sort((a, b) => a - b);
    const histogram = new LatencyHistogram();
    for (const ms of samples) histogram.record(ms);
    const { buckets } = histogram.summary();
    // Bucket counts, in order, share out the sorted samples.
    let next = 0;
    for (const [i, bucket] of buckets.entries()) {
      const held = samples.slice(next, next + bucket.count);
      next += bucket.count;
      for (const ms of held) {
        expect(ms, `a sample of ${ms} ms in the bucket with leMs ${bucket.leMs}`).toBeLessThanOrEqual(bucket.leMs);
        if (i > 0) expect(ms, `a sample of ${ms} ms is above the previous bucket's leMs ${buckets[i - 1]!.leMs}`).toBeGreaterThan(buckets[i - 1]!.leMs);
      }
    }
    expect(next, 'bucket counts add up to the number of samples').toBe(samples.length);
  });
});

describe('reset() makes a histogram read as new [ex3.latency.reset]', () => {
  it('forgets everything on reset()', () => {
    const histogram = new LatencyHistogram();
    histogram.record(10);
    histogram.record(0.5);
    histogram.reset();
    expect(histogram.count).toBe(0);
    expect(histogram.summary()).toEqual({ count: 0, sumMs: 0, minMs: 0, maxMs: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, buckets: [] });
  });

  it('keeps exact minimum and maximum after a reset', () => {
    const histogram = new LatencyHistogram();
    histogram.record(0.1);
    histogram.record(900);
    histogram.reset();
    histogram.record(20);
    histogram.record(40);
    expect(histogram.summary()).toMatchObject({ minMs: 20, maxMs: 40, count: 2, sumMs: 60 });
  });
});
