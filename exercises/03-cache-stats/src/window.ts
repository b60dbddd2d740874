// Yours to use: hitRate() from task 1, and validate.ts throws the errors the tests expect.
import { hitRate } from './hit-rate.js';
import { assertPositiveMs } from './validate.js';

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

  constructor(options: HitRateWindowOptions = {}) {
    // TODO(ex3.snapshots): Validate: `windowMs` and `bucketMs` are positive, finite numbers of at most 2^31 − 1 ms
    // (assertPositiveMs: a RangeError naming the option above it), and
    // windowMs / bucketMs is a whole number of at most 10,000 buckets — else a RangeError naming `windowMs`. Then
    // allocate the ring of windowMs / bucketMs slots: nothing in this class may grow with traffic.
    const { windowMs = 300_000, bucketMs = 10_000 } = options;
    this.windowMs = windowMs;
    this.bucketMs = bucketMs;
  }

  /** Counts one lookup at time `atMs` (ms on the stats clock). A sample older than the window is dropped. */
  record(hit: boolean, atMs: number): void {
    // TODO(ex3.snapshots): A sample at t belongs to bucket floor(t / bucketMs), kept in slot (bucket mod slots).
    // A slot still holding an older bucket (from a lap ago) is zeroed before it counts the new one. A sample whose
    // bucket is already out of the window behind the newest bucket seen is dropped, and so is one whose atMs is not
    // a finite number.
    throw new Error(`TODO(ex3.snapshots): record ${hit} at ${atMs}`);
  }

  /** The hit rate over the window that ends at `atMs`, with its timeline. */
  read(atMs: number): WindowedHitRate {
    // TODO(ex3.snapshots): With windowMs 60 000 and bucketMs 10 000, a reading at 59 999 covers the buckets
    // starting at 0 … 50 000, and a reading at 60 000 no longer covers the one starting at 0. Sum the slots that
    // hold those buckets (a slot holding another bucket counts as empty); list every bucket, oldest first.
    throw new Error(`TODO(ex3.snapshots): read at ${atMs}`);
  }

  /** Forgets every sample. */
  reset(): void {
    // TODO(ex3.snapshots): Afterwards every reading is 0 hits, 0 misses, hit rate 0.
    throw new Error('TODO(ex3.snapshots): reset');
  }
}
