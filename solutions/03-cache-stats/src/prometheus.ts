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

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

type Labels = Record<string, string>;
type Sample = [labels: Labels, value: number];

/**
 * A snapshot in the Prometheus text exposition format (version 0.0.4): one `# HELP` and one `# TYPE` line per
 * metric family, then its samples. Counters end in `_total`; durations are histograms in seconds with cumulative
 * `_bucket{le="…"}` lines, `_sum` and `_count`; ratios, saved time and memory are gauges.
 */
export function toPrometheus(snapshot: StatsSnapshot, options: PrometheusOptions = {}): string {
  const { prefix = 'llm_cache' } = options;
  if (!METRIC_NAME.test(prefix)) throw new RangeError(`\`prefix\` must be a valid Prometheus metric name, got ${JSON.stringify(prefix)}`);
  const { cache, requests, latency, value, memory } = snapshot;
  const models = Object.entries(value.byModel);
  const out: string[] = [];
  // The HELP texts below are fixed and hold no backslash or newline, so they need no escaping.
  const metric = (name: string, type: 'counter' | 'gauge', help: string, samples: Sample[]): void => {
    out.push(`# HELP ${prefix}_${name} ${help}`, `# TYPE ${prefix}_${name} ${type}`);
    for (const [labels, v] of samples) out.push(`${prefix}_${name}${labelText(labels)} ${number(v)}`);
  };
  const histogram = (name: string, help: string, series: [Labels, LatencySummary][]): void => {
    out.push(`# HELP ${prefix}_${name} ${help}`, `# TYPE ${prefix}_${name} histogram`);
    for (const [labels, summary] of series) {
      for (const bound of PROMETHEUS_BOUNDS_MS) {
        let count = 0;
        for (const bucket of summary.buckets) if (bucket.leMs <= bound) count += bucket.count;
        out.push(`${prefix}_${name}_bucket${labelText({ ...labels, le: number(bound / 1000) })} ${count}`);
      }
      out.push(`${prefix}_${name}_bucket${labelText({ ...labels, le: '+Inf' })} ${summary.count}`);
      out.push(`${prefix}_${name}_sum${labelText(labels)} ${number(summary.sumMs / 1000)}`);
      out.push(`${prefix}_${name}_count${labelText(labels)} ${summary.count}`);
    }
  };

  metric('lookups_total', 'counter', 'Cache get() calls, by result: a value (hit) or nothing (miss).', [
    [{ result: 'hit' }, cache.hits],
    [{ result: 'miss' }, cache.misses],
  ]);
  metric('operations_total', 'counter', 'Completed cache operations other than get(), by operation.', [
    [{ operation: 'set' }, cache.sets],
    [{ operation: 'has' }, cache.has],
    [{ operation: 'delete' }, cache.deletes],
    [{ operation: 'clear' }, cache.clears],
  ]);
  metric('removals_total', 'counter', 'Entries the cache dropped on its own, by reason.', [
    [{ reason: 'expire' }, cache.expirations],
    [{ reason: 'evict' }, cache.evictions],
  ]);
  metric('errors_total', 'counter', 'Cache operations that threw or rejected.', [[{}, cache.errors]]);
  metric('requests_total', 'counter', 'Chat requests, by result: served from the cache (hit), upstream (miss), or failed (error).', [
    [{ result: 'hit' }, requests.hits],
    [{ result: 'miss' }, requests.misses],
    [{ result: 'error' }, requests.errors],
  ]);
  metric('request_hit_ratio', 'gauge', 'Share of answered requests served from the cache since the stats began.', [[{}, requests.hitRate]]);
  metric('request_recent_hit_ratio', 'gauge', `Share of answered requests served from the cache over the last ${requests.recent.windowMs / 1000} s.`, [
    [{}, requests.recent.hitRate],
  ]);
  histogram('request_duration_seconds', 'Chat request latency as the caller saw it, by result.', [
    [{ result: 'hit' }, latency.hit],
    [{ result: 'miss' }, latency.miss],
  ]);
  histogram('operation_duration_seconds', 'Latency of sampled cache operations.', [[{}, latency.operation]]);
  histogram('time_to_first_token_seconds', 'Streamed requests: time from the call to the first chunk, by result.', [
    [{ result: 'hit' }, latency.firstTokenHit],
    [{ result: 'miss' }, latency.firstTokenMiss],
  ]);
  metric('upstream_calls_avoided_total', 'counter', 'Upstream calls the cache avoided (one per hit), by model.', models.map(([model, v]) => [{ model }, v.callsAvoided]));
  metric(
    'tokens_saved_total',
    'counter',
    'Tokens of the responses served from the cache, by model and kind.',
    models.flatMap(([model, v]): Sample[] => [
      [{ model, kind: 'prompt' }, v.promptTokensSaved],
      [{ model, kind: 'completion' }, v.completionTokensSaved],
    ]),
  );
  metric('cost_saved_usd_total', 'counter', 'What the responses served from the cache cost when generated, in US dollars, by model.', models.map(([model, v]) => [{ model }, v.costSavedUsd]));
  metric('time_saved_seconds', 'gauge', 'Net time saved by hits (hits x mean miss latency - hit latency), by model.', models.map(([model, v]) => [{ model }, v.timeSavedMs / 1000]));
  if (memory !== null) {
    metric('entries', 'gauge', 'Entries the instrumented caches hold.', [[{}, memory.entries]]);
    metric('memory_bytes', 'gauge', 'Estimated bytes of the keys and values the instrumented caches hold.', [[{}, memory.bytes]]);
  }
  return `${out.join('\n')}\n`;
}

function labelText(labels: Labels): string {
  const pairs = Object.entries(labels).map(([name, v]) => `${name}="${escapeLabel(v)}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function number(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
