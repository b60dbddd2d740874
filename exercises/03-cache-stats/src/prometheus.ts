import type { LatencySummary } from './histogram.js';
import type { StatsSnapshot } from './stats.js';

export interface PrometheusOptions {
  /** Prefix of every metric name. @default 'llm_cache' */
  prefix?: string;
}

/**
 * Histogram bounds, in ms: the powers of two from 2^-10 ms (about 1 µs) to 2^16 ms (about 65 s), exposed in
 * seconds as Prometheus wants. Fixed, because Prometheus can only add up histograms whose buckets agree.
 */
export const PROMETHEUS_BOUNDS_MS: readonly number[] = Object.freeze(Array.from({ length: 27 }, (_, i) => 2 ** (i - 10)));

/**
 * A snapshot in the Prometheus text exposition format (version 0.0.4): one `# HELP` and one `# TYPE` line per
 * metric family, then its samples. Counters end in `_total`; durations are histograms in seconds with cumulative
 * `_bucket{le="…"}` lines, `_sum` and `_count`; ratios, saved time and memory are gauges.
 */
export function toPrometheus(snapshot: StatsSnapshot, options: PrometheusOptions = {}): string {
  // TODO(ex3.reports): For every metric family: `# HELP <name> <text>` (a text that says something),
  // `# TYPE <name> <type>`, then its samples `<name>{label="value",…} <number>` (NaN, +Inf or -Inf when a number is
  // not finite), and a newline at the very end. Names start with the prefix (a valid metric
  // name, else a RangeError naming `prefix`); counters end in _total. Label values escape \ " and newlines. The
  // families and labels are listed in the guide (exercises/03-cache-stats/README.md) § Task 5, e.g. llm_cache_lookups_total{result="hit"}. Histograms
  // are in seconds: for each bound of PROMETHEUS_BOUNDS_MS, name_bucket{le="<bound / 1000>"} counts the snapshot
  // buckets with leMs ≤ bound (cumulative), then le="+Inf" (= count), name_sum (sumMs / 1000) and name_count.
  // The memory gauges appear only when snapshot.memory is not null.
  throw new Error(`TODO(ex3.reports): toPrometheus of ${snapshot.requests.total} requests with prefix ${String(options.prefix)}`);
}
