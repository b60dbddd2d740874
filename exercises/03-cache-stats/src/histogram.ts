/**
 * A suggested layout (yours to change, with RELATIVE_ERROR below): 16 log-spaced buckets per doubling, each upper
 * bound 2^(1/16) ≈ 1.044 times the one before, from 2^-20 ms (about 1 ns; the first bucket holds everything up
 * to there, zero included) to 2^22 ms (about 70 minutes), then one overflow bucket.
 */
const SUB_BUCKETS = 16;
const GROWTH = 2 ** (1 / SUB_BUCKETS);

/** One bucket of a histogram: how many samples were at most `leMs` and above the previous bucket's bound. */
export interface LatencyBucket {
  /** Upper bound of the bucket, in ms (inclusive). For the overflow bucket, the largest sample. */
  leMs: number;
  /** Samples in this bucket (not cumulative). */
  count: number;
}

/** A latency distribution as plain data. Every field is a finite number; all are 0 before the first sample. */
export interface LatencySummary {
  /** Samples recorded. */
  count: number;
  /** Sum of all samples, in ms (exact). */
  sumMs: number;
  /** Smallest sample, in ms (exact). */
  minMs: number;
  /** Largest sample, in ms (exact). */
  maxMs: number;
  /** `sumMs / count`, in ms. */
  meanMs: number;
  /** Nearest-rank percentiles in ms, within {@link LatencyHistogram.RELATIVE_ERROR} of the true value. */
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** The non-empty buckets in ascending order of `leMs` (counts are not cumulative). */
  buckets: LatencyBucket[];
}

/**
 * A latency distribution in constant memory: log-spaced buckets, 16 per doubling from 1 ns to 70 minutes (674
 * counters, about 5 KB), however many samples arrive. Count, sum, min and max are exact; percentiles are estimated
 * from the bucket a rank falls in, with a relative error of at most {@link LatencyHistogram.RELATIVE_ERROR}.
 *
 * Percentiles use the nearest-rank definition: `p` is the smallest sample such that at least `p` % of all samples
 * are less than or equal to it, i.e. the sample of rank `ceil(p / 100 × count)`. `p = 0` is the minimum and
 * `p = 100` the maximum, both exact.
 */
export class LatencyHistogram {
  /**
   * Worst relative error of a percentile: a bucket spans (u / γ, u] with γ = 2^(1/16), and the estimate
   * 2u / (γ + 1) is within (γ − 1) / (γ + 1) ≈ 2.17 % of any value in it.
   */
  static readonly RELATIVE_ERROR = (GROWTH - 1) / (GROWTH + 1);

  /** Samples recorded. */
  get count(): number {
    // TODO(ex3.latency): How many samples record() accepted (NaN and ±Infinity are not accepted).
    throw new Error('TODO(ex3.latency): count');
  }

  /**
   * Adds one sample, in ms. A negative duration (a clock that stepped back) counts as 0; `NaN` and `±Infinity`
   * are ignored, so a broken clock can never poison the statistics.
   */
  record(ms: number): void {
    // TODO(ex3.latency): Memory must not grow with the number of samples: add 1 to the count of the bucket that
    // holds `ms` — the bucket i with 2^((i−1)/16) < ms ≤ 2^(i/16) — and keep count, sum, min and max exactly.
    // record(-3) counts a 0; record(NaN) and record(Infinity) change nothing.
    throw new Error(`TODO(ex3.latency): record ${ms}`);
  }

  /**
   * The nearest-rank `p`-th percentile in ms (see the class comment), or 0 when empty.
   * @throws RangeError unless `p` is a number from 0 to 100.
   */
  percentile(p: number): number {
    // TODO(ex3.latency): The answer lies in the bucket where the running count first reaches the rank
    // ceil(p / 100 × count): p50 of 10, 20, 30 ms is about 20 ms (rank 2), p33 about 10 ms (rank 1). Answer with a
    // value within RELATIVE_ERROR of anything in that bucket, clamped to [min, max]; p0 is min and p100 max,
    // exactly; beyond an hour any number between min and max will do. 0 when empty; a RangeError for p outside
    // 0…100, NaN or not a number.
    throw new Error(`TODO(ex3.latency): percentile ${p}`);
  }

  /** The distribution as plain, JSON-safe data. */
  summary(): LatencySummary {
    // TODO(ex3.latency): count, sumMs, minMs, maxMs, meanMs and the p50/p95/p99 estimates, plus every non-empty
    // bucket as { leMs: its upper bound, count } in ascending order (the overflow bucket's leMs is the maximum).
    // Before the first sample every number is 0 (not Infinity, not NaN) and buckets is [].
    throw new Error('TODO(ex3.latency): summary');
  }

  /** Forgets every sample. */
  reset(): void {
    // TODO(ex3.latency): Afterwards the histogram reads exactly as a new one.
    throw new Error('TODO(ex3.latency): reset');
  }
}
