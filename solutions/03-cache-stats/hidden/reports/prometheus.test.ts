import { describe, expect, it } from 'vitest';
import { toPrometheus } from '@impl';
import { deepFreeze, fixture, LONG_MODEL } from '../helpers/fixture.js';
import { familyOf, find, parseExposition, value } from '../helpers/prometheus.js';

describe('toPrometheus(snapshot)', () => {
  it('is valid text exposition: HELP and TYPE once per family, before its samples, and a final newline', () => {
    const exposition = parseExposition(toPrometheus(fixture()));
    for (const sample of exposition.samples) {
      const family = familyOf(sample.name, exposition.type);
      expect(exposition.type.has(family), `no # TYPE for ${family}`).toBe(true);
      expect(exposition.help.has(family), `no # HELP for ${family}`).toBe(true);
    }
  });

  it('names every counter with _total, and every metric with the llm_cache_ prefix', () => {
    const exposition = parseExposition(toPrometheus(fixture()));
    for (const [name, type] of exposition.type) {
      expect(name.startsWith('llm_cache_'), name).toBe(true);
      if (type === 'counter') expect(name.endsWith('_total'), `counter ${name}`).toBe(true);
    }
  });

  it('exposes the cache counters', () => {
    const e = parseExposition(toPrometheus(fixture()));
    expect(e.type.get('llm_cache_lookups_total')).toBe('counter');
    expect(value(e, 'llm_cache_lookups_total', { result: 'hit' })).toBe(5);
    expect(value(e, 'llm_cache_lookups_total', { result: 'miss' })).toBe(3);
    expect(value(e, 'llm_cache_operations_total', { operation: 'set' })).toBe(3);
    expect(value(e, 'llm_cache_operations_total', { operation: 'delete' })).toBe(2);
    expect(value(e, 'llm_cache_removals_total', { reason: 'expired' })).toBe(4);
    expect(value(e, 'llm_cache_removals_total', { reason: 'evicted' })).toBe(6);
    expect(value(e, 'llm_cache_errors_total')).toBe(1);
  });

  it('exposes requests, hit ratios and memory', () => {
    const e = parseExposition(toPrometheus(fixture()));
    expect(value(e, 'llm_cache_requests_total', { result: 'hit' })).toBe(5);
    expect(value(e, 'llm_cache_requests_total', { result: 'miss' })).toBe(3);
    expect(value(e, 'llm_cache_requests_total', { result: 'error' })).toBe(1);
    expect(e.type.get('llm_cache_request_hit_ratio')).toBe('gauge');
    expect(value(e, 'llm_cache_request_hit_ratio')).toBe(0.625);
    expect(value(e, 'llm_cache_request_recent_hit_ratio')).toBeCloseTo(4 / 7, 12);
    expect(value(e, 'llm_cache_entries')).toBe(3);
    expect(value(e, 'llm_cache_memory_bytes')).toBe(4_321);
  });

  it('exposes request latency as a histogram in seconds: cumulative buckets, +Inf, _sum and _count', () => {
    const snapshot = fixture();
    const e = parseExposition(toPrometheus(snapshot));
    expect(e.type.get('llm_cache_request_duration_seconds')).toBe('histogram');
    for (const result of ['hit', 'miss'] as const) {
      const summary = snapshot.latency[result];
      const buckets = find(e, 'llm_cache_request_duration_seconds_bucket', { result });
      const finite = buckets.filter((b) => b.labels['le'] !== '+Inf');
      expect(finite.length, `${result}: at least 5 finite buckets`).toBeGreaterThanOrEqual(5);
      let previous = -Infinity;
      for (const bucket of buckets) {
        const le = bucket.labels['le'] === '+Inf' ? Infinity : Number(bucket.labels['le']);
        expect(le, `${result}: le values ascend`).toBeGreaterThan(previous);
        previous = le;
        // A snapshot bucket counts under `le` when its upper bound (ms) is at most le (s) × 1000.
        const expected = summary.buckets.filter((b) => b.leMs <= le * 1000 * (1 + 1e-9)).reduce((sum, b) => sum + b.count, 0);
        expect(bucket.value, `${result} bucket le="${bucket.labels['le']}"`).toBe(expected);
      }
      expect(buckets.at(-1)!.labels['le']).toBe('+Inf');
      expect(value(e, 'llm_cache_request_duration_seconds_count', { result })).toBe(summary.count);
      expect(value(e, 'llm_cache_request_duration_seconds_sum', { result })).toBeCloseTo(summary.sumMs / 1000, 12);
    }
  });

  it('exposes the cache operation latency as a histogram too', () => {
    const e = parseExposition(toPrometheus(fixture()));
    expect(e.type.get('llm_cache_operation_duration_seconds')).toBe('histogram');
    expect(value(e, 'llm_cache_operation_duration_seconds_count')).toBe(0);
    expect(find(e, 'llm_cache_operation_duration_seconds_bucket', { le: '+Inf' })[0]?.value).toBe(0);
  });

  it('exposes the value saved per model', () => {
    const e = parseExposition(toPrometheus(fixture()));
    expect(value(e, 'llm_cache_upstream_calls_avoided_total', { model: 'openai/gpt-4o-mini' })).toBe(4);
    expect(value(e, 'llm_cache_tokens_saved_total', { model: LONG_MODEL, kind: 'prompt' })).toBe(2_245);
    expect(value(e, 'llm_cache_tokens_saved_total', { model: LONG_MODEL, kind: 'completion' })).toBe(100);
    expect(value(e, 'llm_cache_cost_saved_usd_total', { model: 'openai/gpt-4o-mini' })).toBeCloseTo(0.04, 12);
    expect(e.type.get('llm_cache_time_saved_seconds'), 'net time saved can go down, so it is a gauge').toBe('gauge');
    expect(value(e, 'llm_cache_time_saved_seconds', { model: 'openai/gpt-4o-mini' })).toBe(2);
  });

  it('escapes backslashes, quotes and newlines in label values', () => {
    const snapshot = fixture();
    const odd = 'we"ird\\model\nname';
    snapshot.value.byModel = { [odd]: snapshot.value.byModel['openai/gpt-4o-mini']! };
    const e = parseExposition(toPrometheus(snapshot));
    expect(value(e, 'llm_cache_upstream_calls_avoided_total', { model: odd })).toBe(4);
  });

  it('leaves out the memory gauges when the snapshot has no memory figures', () => {
    const e = parseExposition(toPrometheus({ ...fixture(), memory: null }));
    expect(e.type.has('llm_cache_memory_bytes')).toBe(false);
    expect(find(e, 'llm_cache_memory_bytes')).toEqual([]);
  });

  it('uses the prefix it is given, and rejects one that is not a metric name', () => {
    const e = parseExposition(toPrometheus(fixture(), { prefix: 'myapp_cache' }));
    expect(value(e, 'myapp_cache_lookups_total', { result: 'hit' })).toBe(5);
    expect(() => toPrometheus(fixture(), { prefix: 'my-app' })).toThrow(RangeError);
  });

  it('does not modify the snapshot', () => {
    const snapshot = deepFreeze(fixture());
    expect(() => toPrometheus(snapshot)).not.toThrow();
  });
});
