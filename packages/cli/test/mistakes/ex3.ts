import type { Mistake } from './mistake.js';

export const mistakes: Mistake[] = [
  {
    id: 'falsy-value-is-a-miss',
    task: 'counters',
    what: 'a get() that finds a stored 0, "", false or null counts as a miss, because the hit test is the truthiness of the value',
    edits: [{ file: 'instrumented-cache.ts', find: 'const hit = value !== undefined;', replace: 'const hit = Boolean(value);' }],
  },
  {
    id: 'rejection-counted-as-miss',
    task: 'counters',
    what: 'an async cache call that rejects is counted as a miss instead of an error',
    edits: [
      {
        file: 'instrumented-cache.ts',
        find: '(error: unknown) => {\n        this.stats.recordError();',
        replace: '(error: unknown) => {\n        this.stats.recordLookup(false);',
      },
    ],
  },
  {
    id: 'unmarked-response-is-a-hit',
    task: 'counters',
    what: 'a response without a cache mark counts as a hit: the client tests cache.hit !== false',
    edits: [{ file: 'instrumented-client.ts', find: 'this.stats.recordRequest(request.model, response.cache?.hit === true,', replace: 'this.stats.recordRequest(request.model, response.cache?.hit !== false,' }],
  },
  {
    id: 'counted-before-settling',
    task: 'counters',
    what: 'set, has, delete and clear are counted when called, before an async cache has answered',
    edits: [
      {
        file: 'instrumented-cache.ts',
        find: '    const done = (value: T): void => {\n      this.stats.recordOperation(operation);\n      completed(value);\n    };',
        replace: '    this.stats.recordOperation(operation);\n    const done = (value: T): void => {\n      completed(value);\n    };',
      },
    ],
  },
  {
    id: 'percentile-rank-rounded',
    task: 'latency',
    what: 'the nearest rank is rounded to the nearest integer instead of rounded up, so p34 of three samples is the first',
    edits: [{ file: 'histogram.ts', find: 'Math.ceil((p * this.#count) / 100 - 1e-9)', replace: 'Math.round((p * this.#count) / 100)' }],
  },
  {
    id: 'client-timed-with-date-now',
    task: 'latency',
    what: 'InstrumentedClient starts its timer with Date.now() instead of the injected stats clock',
    edits: [{ file: 'instrumented-client.ts', find: 'const start = this.#now();\n    let response: ChatResponse;', replace: 'const start = Date.now();\n    let response: ChatResponse;' }],
  },
  {
    id: 'first-token-timed-at-the-end',
    task: 'latency',
    what: 'a stream\'s time to first token is read when the stream ends, so it equals the whole stream\'s duration',
    edits: [{ file: 'instrumented-client.ts', find: 'this.stats.recordFirstToken(hit, firstAt - start);', replace: 'this.stats.recordFirstToken(hit, end - start);' }],
  },
  {
    id: 'every-operation-reads-the-clock',
    task: 'latency',
    what: 'set, has, delete and clear read the clock and record a latency on every call, not only on sampled ones',
    edits: [{ file: 'instrumented-cache.ts', find: 'const start = timed ? this.#now() : undefined;', replace: 'const start = this.#now();' }],
  },
  {
    id: 'negative-latency-dropped',
    task: 'latency',
    what: 'a negative duration is dropped instead of counted as 0',
    edits: [{ file: 'histogram.ts', find: 'if (ms < 0) ms = 0;', replace: 'if (ms < 0) return;' }],
  },
  {
    id: 'reported-cost-ignored',
    task: 'value',
    what: "the cost of a hit is always estimated from the list price, even when the API reported the response's cost",
    edits: [{ file: 'value.ts', find: 'if (typeof reported === \'number\' && Number.isFinite(reported) && reported >= 0) return reported;\n', replace: '' }],
  },
  {
    id: 'no-fallback-miss-latency',
    task: 'value',
    what: 'a model without misses of its own prices its hits at its own mean miss latency, 0, instead of the mean over all models',
    edits: [{ file: 'value.ts', find: 'const priced = misses > 0 ? meanMissMs : fallbackMissMs;', replace: 'const priced = fallbackMissMs === undefined ? undefined : meanMissMs;' }],
  },
  {
    id: 'max-models-off-by-one',
    task: 'value',
    what: 'the ledger lets one model more than maxModels have an entry of its own',
    edits: [{ file: 'value.ts', find: 'this.#accounts.size < this.#maxModels', replace: 'this.#accounts.size <= this.#maxModels' }],
  },
  {
    id: 'window-one-bucket-too-many',
    task: 'snapshots',
    what: 'the window reads windowMs / bucketMs + 1 buckets, so a sample stays in the recent hit rate one bucket too long',
    edits: [{ file: 'window.ts', find: 'let bucket = last - this.#slots + 1;', replace: 'let bucket = last - this.#slots;' }],
  },
  {
    id: 'reset-keeps-miss-latency',
    task: 'snapshots',
    what: 'reset() zeroes the hit and operation histograms but forgets the miss histogram',
    edits: [{ file: 'stats.ts', find: '    this.latency.miss.reset();\n', replace: '' }],
  },
  {
    id: 'recent-read-at-second-clock-reading',
    task: 'snapshots',
    what: 'snapshot() reads the clock again for the recent window instead of using takenAtMs',
    edits: [{ file: 'stats.ts', find: 'recent: this.#window.read(takenAtMs)', replace: 'recent: this.#window.read(this.now())' }],
  },
  {
    id: 'prometheus-le-exclusive',
    task: 'reports',
    what: 'a Prometheus bucket counts only snapshot buckets strictly below its le, though le is inclusive',
    edits: [{ file: 'prometheus.ts', find: 'if (bucket.leMs <= bound) count += bucket.count;', replace: 'if (bucket.leMs < bound) count += bucket.count;' }],
  },
  {
    id: 'hit-rate-trusts-counts',
    task: 'counters',
    what: 'hitRate divides whatever it is given, so hitRate(-1, 2) reads -1',
    edits: [{ file: 'hit-rate.ts', find: "  assertCount('hits', hits);\n  assertCount('misses', misses);\n", replace: '' }],
  },
  {
    id: 'time-saved-as-counter',
    task: 'reports',
    what: 'the time saved is exposed as a counter, though net time saved can go down',
    edits: [{ file: 'prometheus.ts', find: "metric('time_saved_seconds', 'gauge'", replace: "metric('time_saved_seconds', 'counter'" }],
  },
  {
    id: 'memory-overwrite-adds',
    task: 'reports',
    what: 'overwriting a key adds the new size to the old one instead of replacing it',
    edits: [{ file: 'memory.ts', find: "this.#bytes += size - (this.#sizes.get(key) ?? 0);", replace: 'this.#bytes += size;' }],
  },
  {
    id: 'hit-rate-bar-ignores-width',
    task: 'reports',
    what: 'the hit-rate bar is always 30 cells wide, so the line overflows a narrow report',
    edits: [{ file: 'report.ts', find: 'const cells = Math.max(10, Math.min(BAR_CELLS, width - LABEL - rateText.length - 3));', replace: 'const cells = BAR_CELLS;' }],
  },
];
