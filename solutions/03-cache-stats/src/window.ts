import { hitRate } from './hit-rate.js';
import { assertPositiveMs } from './validate.js';

/** Most buckets a window may hold, so a typo such as `bucketMs: 1` cannot allocate millions of them. */
const MAX_BUCKETS = 10_000;

export interface HitRateWindowOptions {
  /**
   * How far back the windowed hit rate looks, in ms; a whole multiple of `bucketMs`, at most 2^31 − 1 ms (about
   * 24.8 days, the limit of every time option in the workbook).
   * @default 300_000 (5 minutes)
   */
  windowMs?: number;
  /**
   * Width of one time bucket, in ms. Counts are kept per bucket, so memory is `windowMs / bucketMs` buckets however
   * much traffic arrives, and the window moves forward one bucket at a time.
   * @default 10_000 (10 s)
   */
  bucketMs?: number;
}

/** Hits and misses in one time bucket. */
export interface TimelinePoint {
  /** Start of the bucket on the stats clock, in ms: a multiple of `bucketMs`. */
  startMs: number;
  hits: number;
  misses: number;
  /** `hits / (hits + misses)`, 0 for a bucket without traffic. */
  hitRate: number;
}

/** The hit rate over the last `windowMs`, and the buckets it is made of. */
export interface WindowedHitRate {
  windowMs: number;
  bucketMs: number;
  hits: number;
  misses: number;
  /** `hits / (hits + misses)` over the window, 0 without traffic. */
  hitRate: number;
  /** Every bucket of the window, oldest first, empty ones included: `windowMs / bucketMs` points. */
  timeline: TimelinePoint[];
}

/**
 * A hit rate over the last few minutes, in constant memory: a ring of time buckets. A sample at time `t` goes into
 * bucket `floor(t / bucketMs)`; a reading at `t` covers that bucket and the `windowMs / bucketMs − 1` before it, so
 * it looks back between `windowMs − bucketMs` and `windowMs`. The window has no clock of its own: callers pass the
 * time, read from the stats clock.
 */
export class HitRateWindow {
  readonly windowMs: number;
  readonly bucketMs: number;
  readonly #slots: number;
  /** Per slot: which bucket number it currently holds (NaN: none yet), and its counts. */
  readonly #bucket: Float64Array;
  readonly #hits: Float64Array;
  readonly #misses: Float64Array;
  /** The newest bucket recorded into; older samples than the window behind it are dropped. */
  #newest = -Infinity;

  constructor(options: HitRateWindowOptions = {}) {
    const { windowMs = 300_000, bucketMs = 10_000 } = options;
    assertPositiveMs('windowMs', windowMs);
    assertPositiveMs('bucketMs', bucketMs);
    const slots = windowMs / bucketMs;
    if (!Number.isInteger(slots)) throw new RangeError(`\`windowMs\` must be a whole multiple of \`bucketMs\` (${bucketMs}), got ${windowMs}`);
    if (slots > MAX_BUCKETS) throw new RangeError(`\`windowMs\` / \`bucketMs\` must be at most ${MAX_BUCKETS} buckets, got ${slots}`);
    this.windowMs = windowMs;
    this.bucketMs = bucketMs;
    this.#slots = slots;
    this.#bucket = new Float64Array(slots).fill(NaN);
    this.#hits = new Float64Array(slots);
    this.#misses = new Float64Array(slots);
  }

  /** Counts one lookup at time `atMs` (ms on the stats clock). A sample older than the window is dropped. */
  record(hit: boolean, atMs: number): void {
    const bucket = Math.floor(atMs / this.bucketMs);
    if (!Number.isFinite(bucket) || bucket <= this.#newest - this.#slots) return;
    if (bucket > this.#newest) this.#newest = bucket;
    const slot = this.#slotOf(bucket);
    if (this.#bucket[slot] !== bucket) {
      // The slot still holds a bucket from a lap ago: start it afresh.
      this.#bucket[slot] = bucket;
      this.#hits[slot] = 0;
      this.#misses[slot] = 0;
    }
    if (hit) this.#hits[slot]!++;
    else this.#misses[slot]!++;
  }

  /** The hit rate over the window that ends at `atMs`, with its timeline. */
  read(atMs: number): WindowedHitRate {
    const last = Math.floor(atMs / this.bucketMs);
    const timeline: TimelinePoint[] = [];
    let hits = 0;
    let misses = 0;
    for (let bucket = last - this.#slots + 1; bucket <= last; bucket++) {
      const slot = this.#slotOf(bucket);
      const held = this.#bucket[slot] === bucket;
      const h = held ? this.#hits[slot]! : 0;
      const m = held ? this.#misses[slot]! : 0;
      hits += h;
      misses += m;
      timeline.push({ startMs: bucket * this.bucketMs, hits: h, misses: m, hitRate: hitRate(h, m) });
    }
    return { windowMs: this.windowMs, bucketMs: this.bucketMs, hits, misses, hitRate: hitRate(hits, misses), timeline };
  }

  /** Forgets every sample. */
  reset(): void {
    this.#bucket.fill(NaN);
    this.#hits.fill(0);
    this.#misses.fill(0);
    this.#newest = -Infinity;
  }

  #slotOf(bucket: number): number {
    return ((bucket % this.#slots) + this.#slots) % this.#slots;
  }
}
