/** Buckets per doubling: each bucket's upper bound is 2^(1/16) ≈ 1.044 times the one before. */
const SUB_BUCKETS = 16;
/** The first bucket holds everything up to 2^-20 ms (about 1 ns), zero included. */
const LOWEST_EXPONENT = -20;
/** Regular buckets end at 2^22 ms (about 70 minutes); anything slower lands in one overflow bucket. */
const HIGHEST_EXPONENT = 22;
const FIRST_INDEX = LOWEST_EXPONENT * SUB_BUCKETS;
const OVERFLOW = (HIGHEST_EXPONENT - LOWEST_EXPONENT) * SUB_BUCKETS + 1;
const GROWTH = 2 ** (1 / SUB_BUCKETS);

/**
 * Upper bound of every regular bucket, in ms: `UPPER[j] = 2^((j + FIRST_INDEX) / 16)`. Every 16th bound is an exact
 * power of two, so a report can regroup the buckets by doubling — or by Prometheus `le` — without losing exactness.
 */
const UPPER = Float64Array.from({ length: OVERFLOW }, (_, j) => 2 ** ((j + FIRST_INDEX) / SUB_BUCKETS));
const SMALLEST = UPPER[0]!;
const LARGEST = UPPER[OVERFLOW - 1]!;

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

  readonly #counts = new Float64Array(OVERFLOW + 1);
  #count = 0;
  #sum = 0;
  #min = Infinity;
  #max = 0;

  /** Samples recorded. */
  get count(): number {
    return this.#count;
  }

  /**
   * Adds one sample, in ms. A negative duration (a clock that stepped back) counts as 0; `NaN` and `±Infinity`
   * are ignored, so a broken clock can never poison the statistics.
   */
  record(ms: number): void {
    if (!Number.isFinite(ms)) return;
    if (ms < 0) ms = 0;
    this.#counts[bucketOf(ms)]!++;
    this.#count++;
    this.#sum += ms;
    if (ms < this.#min) this.#min = ms;
    if (ms > this.#max) this.#max = ms;
  }

  /**
   * The nearest-rank `p`-th percentile in ms (see the class comment), or 0 when empty.
   * @throws RangeError unless `p` is a number from 0 to 100.
   */
  percentile(p: number): number {
    if (typeof p !== 'number' || !(p >= 0 && p <= 100)) throw new RangeError(`\`p\` must be a number from 0 to 100, got ${p}`);
    if (this.#count === 0) return 0;
    if (p === 0) return this.#min;
    if (p === 100) return this.#max;
    // p * count is exact for integer p, so the rank has no rounding surprise (0.07 * 100 would be 7.000000000000001).
    const rank = Math.max(1, Math.ceil((p * this.#count) / 100 - 1e-9));
    let seen = 0;
    for (let j = 0; j <= OVERFLOW; j++) {
      seen += this.#counts[j]!;
      if (seen >= rank) return clamp(estimate(j, this.#max), this.#min, this.#max);
    }
    return this.#max;
  }

  /** The distribution as plain, JSON-safe data. */
  summary(): LatencySummary {
    const count = this.#count;
    const buckets: LatencyBucket[] = [];
    for (let j = 0; j <= OVERFLOW; j++) {
      const n = this.#counts[j]!;
      if (n > 0) buckets.push({ leMs: j === OVERFLOW ? this.#max : UPPER[j]!, count: n });
    }
    return {
      count,
      sumMs: this.#sum,
      minMs: count === 0 ? 0 : this.#min,
      maxMs: this.#max,
      meanMs: count === 0 ? 0 : this.#sum / count,
      p50Ms: this.percentile(50),
      p95Ms: this.percentile(95),
      p99Ms: this.percentile(99),
      buckets,
    };
  }

  /** Forgets every sample. */
  reset(): void {
    this.#counts.fill(0);
    this.#count = 0;
    this.#sum = 0;
    this.#min = Infinity;
    this.#max = 0;
  }
}

/** The bucket holding `ms` (finite, ≥ 0): the j with UPPER[j − 1] < ms ≤ UPPER[j]. */
function bucketOf(ms: number): number {
  if (ms <= SMALLEST) return 0;
  if (ms > LARGEST) return OVERFLOW;
  let j = Math.ceil(Math.log2(ms) * SUB_BUCKETS) - FIRST_INDEX;
  // log2 may be off by one ulp at a bound; the table, not the logarithm, decides.
  if (ms > UPPER[j]!) j++;
  else if (ms <= UPPER[j - 1]!) j--;
  return j;
}

/** A value for bucket j that is within RELATIVE_ERROR of anything in it. */
function estimate(j: number, max: number): number {
  if (j === OVERFLOW) return max;
  return (2 * UPPER[j]!) / (GROWTH + 1);
}

function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}
