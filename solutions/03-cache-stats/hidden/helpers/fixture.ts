import type { StatsSnapshot } from '@impl';

const emptyLatency = { count: 0, sumMs: 0, minMs: 0, maxMs: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, buckets: [] };

export const LONG_MODEL = 'meta-llama/llama-3.1-8b-instruct:with-a-rather-long-routing-suffix';

const model = (requests: number, callsAvoided: number, tokensSaved: number, costSavedUsd: number) => ({
  requests,
  callsAvoided,
  hitRate: callsAvoided / requests,
  promptTokensSaved: tokensSaved - 100,
  completionTokensSaved: 100,
  tokensSaved,
  costSavedUsd,
  tokensPaid: 1_000,
  costPaidUsd: 0.01,
  meanMissMs: 500,
  timeSavedMs: callsAvoided * 500,
});

/**
 * A hand-written snapshot, independent of any CacheStats: 8 requests (5 hits), hit latencies in microseconds, miss
 * latencies from 250 ms to 1.234 s, two models, memory tracked. Bucket bounds lie on LatencyHistogram's grid.
 */
export function fixture(): StatsSnapshot {
  return {
    version: 1,
    takenAtMs: 190_000,
    sinceMs: 10_000,
    cache: { hits: 5, misses: 3, hitRate: 0.625, sets: 3, has: 1, deletes: 2, clears: 0, expirations: 4, evictions: 6, errors: 1 },
    requests: {
      total: 9,
      hits: 5,
      misses: 3,
      errors: 1,
      hitRate: 0.625,
      recent: {
        windowMs: 40_000,
        bucketMs: 10_000,
        hits: 4,
        misses: 3,
        hitRate: 4 / 7,
        timeline: [
          { startMs: 150_000, hits: 0, misses: 0, hitRate: 0 },
          { startMs: 160_000, hits: 0, misses: 2, hitRate: 0 },
          { startMs: 170_000, hits: 1, misses: 1, hitRate: 0.5 },
          { startMs: 180_000, hits: 3, misses: 0, hitRate: 1 },
        ],
      },
    },
    latency: {
      hit: {
        count: 5,
        sumMs: 0.1,
        minMs: 0.0075,
        maxMs: 0.03,
        meanMs: 0.02,
        p50Ms: 0.0104,
        p95Ms: 0.03,
        p99Ms: 0.03,
        buckets: [
          { leMs: 2 ** -7, count: 1 },
          { leMs: 2 ** -6, count: 3 },
          { leMs: 2 ** -5, count: 1 },
        ],
      },
      miss: {
        count: 3,
        sumMs: 1_964,
        minMs: 250,
        maxMs: 1_234,
        meanMs: 1_964 / 3,
        p50Ms: 480,
        p95Ms: 1_234,
        p99Ms: 1_234,
        buckets: [
          { leMs: 2 ** 8, count: 1 },
          { leMs: 2 ** 9, count: 1 },
          { leMs: 2 ** (165 / 16), count: 1 },
        ],
      },
      operation: emptyLatency,
      firstTokenHit: emptyLatency,
      firstTokenMiss: emptyLatency,
    },
    value: {
      requests: 8,
      callsAvoided: 5,
      hitRate: 0.625,
      promptTokensSaved: 12_145,
      completionTokensSaved: 200,
      tokensSaved: 12_345,
      costSavedUsd: 0.0412,
      tokensPaid: 2_000,
      costPaidUsd: 0.02,
      meanMissMs: 500,
      timeSavedMs: 2_500,
      byModel: {
        'openai/gpt-4o-mini': model(6, 4, 10_000, 0.04),
        [LONG_MODEL]: model(2, 1, 2_345, 0.0012),
      },
    },
    memory: { entries: 3, bytes: 4_321 },
  };
}

/** A snapshot before any traffic. */
export function emptyFixture(): StatsSnapshot {
  return {
    version: 1,
    takenAtMs: 0,
    sinceMs: 0,
    cache: { hits: 0, misses: 0, hitRate: 0, sets: 0, has: 0, deletes: 0, clears: 0, expirations: 0, evictions: 0, errors: 0 },
    requests: { total: 0, hits: 0, misses: 0, errors: 0, hitRate: 0, recent: { windowMs: 300_000, bucketMs: 10_000, hits: 0, misses: 0, hitRate: 0, timeline: [] } },
    latency: { hit: emptyLatency, miss: emptyLatency, operation: emptyLatency, firstTokenHit: emptyLatency, firstTokenMiss: emptyLatency },
    value: { requests: 0, callsAvoided: 0, hitRate: 0, promptTokensSaved: 0, completionTokensSaved: 0, tokensSaved: 0, costSavedUsd: 0, tokensPaid: 0, costPaidUsd: 0, meanMissMs: 0, timeSavedMs: 0, byModel: {} },
    memory: null,
  };
}

/** Freezes a value and everything in it, so a test can prove a function does not mutate it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
