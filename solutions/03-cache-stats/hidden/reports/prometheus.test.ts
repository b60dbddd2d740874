import { describe, expect, it } from 'vitest';
import { PROMETHEUS_BOUNDS_MS, toPrometheus } from '@impl';
import { deepFreeze, fixture, LONG_MODEL } from '../helpers/fixture.js';
import { familyOf, find, parseExposition, value } from '../helpers/prometheus.js';

describe('toPrometheus writes valid text exposition 0.0.4 [ex3.reports.prometheus-format]', () => {
  it('is valid text exposition: HELP and TYPE once per family, before its samples, and a final newline', () => {
    const exposition = parseExposition(toPrometheus(fixture()));
    for (const sample of exposition.samples) {
      const family = familyOf(sample.name, exposition.type);
      expect(exposition.type.has(family), `no # TYPE for ${family}`).toBe(true);
      expect(exposition.help.has(family), `no # HELP for ${family}`).toBe(true);
    }
  });

  it('gives every family a HELP text that says something', () => {
    const exposition = parseExposition(toPrometheus(fixture()));
    for (const [name, help] of exposition.help) expect(help.trim().length, `# HELP ${name} has no text`).toBeGreaterThan(0);
  });

  it('escapes backslashes, quotes and newlines in label values', () => {
    const snapshot = fixture();
    const odd = 'we"ird\\model\nname';
    snapshot.value.byModel = { [odd]: snapshot.value.byModel['openai/gpt-4o-mini']! };
    const text = toPrometheus(snapshot);
    expect(text).toContain('model="we\\"ird\\\\model\\nname"');
    const e = parseExposition(text);
    expect(value(e, 'llm_cache_upstream_calls_avoided_total', { model: odd })).toBe(4);
  });

  it('writes a number that is not finite as NaN, +Inf or -Inf', () => {
    const snapshot = fixture();
    snapshot.memory = { entries: Number.NaN, bytes: Infinity };
    snapshot.value.byModel['openai/gpt-4o-mini']!.timeSavedMs = -Infinity;
    const text = toPrometheus(snapshot);
    expect(text).toContain('llm_cache_entries NaN\n');
    expect(text).toContain('llm_cache_memory_bytes +Inf\n');
    expect(text).toContain('llm_cache_time_saved_seconds{model="openai/gpt-4o-mini"} -Inf\n');
  });

  it('does not modify the snapshot', () => {
    const snapshot = deepFreeze(fixture());
    expect(() => toPrometheus(snapshot)).not.toThrow();
  });
});

describe('every name starts with the prefix and every counter ends in _total [ex3.reports.prometheus-names]', () => {
  it('names every counter with _total, and every metric with the llm_cache_ prefix', () => {
    const exposition = parseExposition(toPrometheus(fixture()));
    for (const [name, type] of exposition.type) {
      expect(name.startsWith('llm_cache_'), name).toBe(true);
      if (type === 'counter') expect(name.endsWith('_total'), `counter ${name}`).toBe(true);
    }
  });

  it('uses the prefix it is given', () => {
    const e = parseExposition(toPrometheus(fixture(), { prefix: 'myapp_cache' }));
    expect(value(e, 'myapp_cache_lookups_total', { result: 'hit' })).toBe(5);
    for (const name of e.type.keys()) expect(name.startsWith('myapp_cache_'), name).toBe(true);
  });

  it.each(['my-app', '9lives', 'a b', ''])('rejects the prefix %j with a RangeError naming `prefix`', (prefix) => {
    expect(() => toPrometheus(fixture(), { prefix })).toThrow(RangeError);
    expect(() => toPrometheus(fixture(), { prefix })).toThrow(/`prefix`/);
  });

  it('accepts a prefix with colons and underscores', () => {
    expect(() => toPrometheus(fixture(), { prefix: '_ns:cache_1' })).not.toThrow();
  });
});

describe('toPrometheus exposes the documented families [ex3.reports.prometheus-families]', () => {
  it('gives each family its documented type', () => {
    const e = parseExposition(toPrometheus(fixture()));
    const types: Record<string, string> = {
      lookups_total: 'counter',
      operations_total: 'counter',
      removals_total: 'counter',
      errors_total: 'counter',
      requests_total: 'counter',
      request_hit_ratio: 'gauge',
      request_recent_hit_ratio: 'gauge',
      request_duration_seconds: 'histogram',
      operation_duration_seconds: 'histogram',
      time_to_first_token_seconds: 'histogram',
      upstream_calls_avoided_total: 'counter',
      tokens_saved_total: 'counter',
      cost_saved_usd_total: 'counter',
      time_saved_seconds: 'gauge',
      entries: 'gauge',
      memory_bytes: 'gauge',
    };
    for (const [name, type] of Object.entries(types)) expect(e.type.get(`llm_cache_${name}`), `# TYPE llm_cache_${name}`).toBe(type);
  });

  it('exposes the cache counters', () => {
    const e = parseExposition(toPrometheus(fixture()));
    expect(value(e, 'llm_cache_lookups_total', { result: 'hit' })).toBe(5);
    expect(value(e, 'llm_cache_lookups_total', { result: 'miss' })).toBe(3);
    expect(value(e, 'llm_cache_operations_total', { operation: 'set' })).toBe(3);
    expect(value(e, 'llm_cache_operations_total', { operation: 'has' })).toBe(1);
    expect(value(e, 'llm_cache_operations_total', { operation: 'delete' })).toBe(2);
    expect(value(e, 'llm_cache_operations_total', { operation: 'clear' })).toBe(0);
    expect(value(e, 'llm_cache_removals_total', { reason: 'expire' })).toBe(4);
    expect(value(e, 'llm_cache_removals_total', { reason: 'evict' })).toBe(6);
    expect(value(e, 'llm_cache_errors_total')).toBe(1);
  });

  it('exposes requests, hit ratios and memory', () => {
    const e = parseExposition(toPrometheus(fixture()));
    expect(value(e, 'llm_cache_requests_total', { result: 'hit' })).toBe(5);
    expect(value(e, 'llm_cache_requests_total', { result: 'miss' })).toBe(3);
    expect(value(e, 'llm_cache_requests_total', { result: 'error' })).toBe(1);
    expect(value(e, 'llm_cache_request_hit_ratio')).toBe(0.625);
    expect(value(e, 'llm_cache_request_recent_hit_ratio')).toBeCloseTo(4 / 7, 12);
    expect(value(e, 'llm_cache_entries')).toBe(3);
    expect(value(e, 'llm_cache_memory_bytes')).toBe(4_321);
  });

  it('exposes the value saved per model', () => {
    const e = parseExposition(toPrometheus(fixture()));
    expect(value(e, 'llm_cache_upstream_calls_avoided_total', { model: 'openai/gpt-4o-mini' })).toBe(4);
    expect(value(e, 'llm_cache_upstream_calls_avoided_total', { model: LONG_MODEL })).toBe(1);
    expect(value(e, 'llm_cache_tokens_saved_total', { model: LONG_MODEL, kind: 'prompt' })).toBe(2_245);
    expect(value(e, 'llm_cache_tokens_saved_total', { model: LONG_MODEL, kind: 'completion' })).toBe(100);
    expect(value(e, 'llm_cache_cost_saved_usd_total', { model: 'openai/gpt-4o-mini' })).toBeCloseTo(0.04, 12);
    expect(value(e, 'llm_cache_time_saved_seconds', { model: 'openai/gpt-4o-mini' }), 'timeSavedMs 2000 is 2 s').toBe(2);
  });

  it('exposes time to first token as a histogram by result', () => {
    const snapshot = fixture();
    snapshot.latency.firstTokenMiss = snapshot.latency.miss;
    const e = parseExposition(toPrometheus(snapshot));
    expect(value(e, 'llm_cache_time_to_first_token_seconds_count', { result: 'miss' })).toBe(3);
    expect(value(e, 'llm_cache_time_to_first_token_seconds_sum', { result: 'miss' })).toBeCloseTo(1.964, 12);
    expect(value(e, 'llm_cache_time_to_first_token_seconds_count', { result: 'hit' }), 'no streamed hit yet').toBe(0);
  });

  it('leaves out the memory gauges when the snapshot has no memory figures', () => {
    const e = parseExposition(toPrometheus({ ...fixture(), memory: null }));
    expect(e.type.has('llm_cache_memory_bytes')).toBe(false);
    expect(e.type.has('llm_cache_entries')).toBe(false);
    expect(find(e, 'llm_cache_memory_bytes')).toEqual([]);
    expect(find(e, 'llm_cache_entries')).toEqual([]);
  });
});

describe('a histogram has cumulative buckets in seconds, +Inf, _sum and _count [ex3.reports.prometheus-histogram]', () => {
  it('exposes request latency as a histogram in seconds: cumulative buckets, +Inf, _sum and _count', () => {
    const snapshot = fixture();
    const e = parseExposition(toPrometheus(snapshot));
    for (const result of ['hit', 'miss'] as const) {
      const summary = snapshot.latency[result];
      const buckets = find(e, 'llm_cache_request_duration_seconds_bucket', { result });
      const finite = buckets.filter((b) => b.labels['le'] !== '+Inf');
      expect(
        finite.map((b) => Number(b.labels['le'])),
        `${result}: one bucket per PROMETHEUS_BOUNDS_MS bound, in seconds, ascending`,
      ).toEqual(PROMETHEUS_BOUNDS_MS.map((ms) => ms / 1000));
      for (const bucket of finite) {
        const le = Number(bucket.labels['le']);
        // A snapshot bucket counts under `le` when its upper bound (ms) is at most le (s) × 1000.
        const expected = summary.buckets.filter((b) => b.leMs <= le * 1000 * (1 + 1e-9)).reduce((sum, b) => sum + b.count, 0);
        expect(bucket.value, `${result} bucket le="${bucket.labels['le']}"`).toBe(expected);
      }
      expect(buckets.at(-1)!.labels['le']).toBe('+Inf');
      expect(buckets.at(-1)!.value).toBe(summary.count);
      expect(value(e, 'llm_cache_request_duration_seconds_count', { result })).toBe(summary.count);
      expect(value(e, 'llm_cache_request_duration_seconds_sum', { result })).toBeCloseTo(summary.sumMs / 1000, 12);
    }
  });

  it('counts a bucket whose bound equals le under that le: le is inclusive', () => {
    const e = parseExposition(toPrometheus(fixture()));
    // The hit buckets end at 2^-7, 2^-6 and 2^-5 ms: exactly on Prometheus bounds.
    expect(value(e, 'llm_cache_request_duration_seconds_bucket', { result: 'hit', le: String(2 ** -7 / 1000) })).toBe(1);
    expect(value(e, 'llm_cache_request_duration_seconds_bucket', { result: 'hit', le: String(2 ** -6 / 1000) })).toBe(4);
  });

  it('exposes the cache operation latency as a histogram too', () => {
    const snapshot = fixture();
    snapshot.latency.operation = { ...snapshot.latency.hit };
    const e = parseExposition(toPrometheus(snapshot));
    expect(value(e, 'llm_cache_operation_duration_seconds_count')).toBe(5);
    expect(value(e, 'llm_cache_operation_duration_seconds_sum')).toBeCloseTo(0.0001, 12);
    expect(find(e, 'llm_cache_operation_duration_seconds_bucket', { le: '+Inf' })[0]?.value).toBe(5);
    expect(value(e, 'llm_cache_operation_duration_seconds_bucket', { le: String(2 ** -6 / 1000) })).toBe(4);
  });
});
