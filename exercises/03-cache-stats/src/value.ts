// Yours to use: estimateCost prices tokens at a model's list price; validate.ts throws the errors the tests expect.
import { estimateCost, type Usage } from '@workbook/openrouter';
import { hitRate } from './hit-rate.js';
import { assertPositiveInteger } from './validate.js';

/** Where models beyond `maxModels` are counted, so a stream of odd model names cannot grow memory without bound. */
export const OTHER_MODELS = '(other)';

/** What the cache was worth for one model (or, in {@link ValueSummary}, for all of them). */
export interface ModelValue {
  /** Requests answered: hits + misses (failed requests are not counted). */
  requests: number;
  /** Upstream calls the cache avoided: one per hit. */
  callsAvoided: number;
  /** `callsAvoided / requests`, 0 before the first request. */
  hitRate: number;
  /** Prompt tokens of the responses served from the cache. */
  promptTokensSaved: number;
  /** Completion tokens of the responses served from the cache. */
  completionTokensSaved: number;
  /** `promptTokensSaved + completionTokensSaved`. */
  tokensSaved: number;
  /** What the responses served from the cache cost when they were generated, in USD. */
  costSavedUsd: number;
  /** Total tokens of the responses that came from upstream (misses). */
  tokensPaid: number;
  /** What the upstream responses cost, in USD. */
  costPaidUsd: number;
  /** Mean latency of a miss, in ms; 0 before the first miss. */
  meanMissMs: number;
  /**
   * Net time saved, in ms: each hit saved a miss's mean latency and spent its own, so
   * `hits × meanMissMs − Σ hit latency`. A model without misses of its own uses the mean over all models; with no
   * miss anywhere there is nothing to compare with and this is 0. Negative when lookups are slower than upstream.
   */
  timeSavedMs: number;
}

/** The value of the cache overall, with the same fields per model. */
export interface ValueSummary extends ModelValue {
  /** One entry per model (the request's `model`), at most `maxModels`, the rest under `(other)`. */
  byModel: Record<string, ModelValue>;
}

export interface ValueLedgerOptions {
  /** Most models tracked one by one; later ones are added up under `(other)`. @default 100 */
  maxModels?: number;
}

/**
 * Adds up what a cache is worth: for every response served from the cache, the tokens and dollars it did not spend
 * again and the upstream call it avoided; for every miss, what upstream cost and how long it took, which prices the
 * time a hit saves. A response's cost is its `usage.cost` when the API reported one, otherwise `estimateCost` from
 * its token counts and the model's list price; a response without `usage` saves no tokens and no dollars.
 */
export class ValueLedger {
  constructor(options: ValueLedgerOptions = {}) {
    // TODO(ex3.value): `maxModels` defaults to 100 and must be a positive integer (assertPositiveInteger: a
    // RangeError naming `maxModels`). Keep one set of running totals per model, in a Map.
  }

  /**
   * Records one answered request for `model`: a hit (served from the cache) or a miss (answered upstream), the
   * time it took in ms, and the response's `usage`.
   */
  record(model: string, hit: boolean, latencyMs: number, usage?: Usage): void {
    // TODO(ex3.value): A hit saves its response's prompt and completion tokens and its cost — usage.cost when it
    // is a finite number ≥ 0, else estimateCost(model, usage); a miss adds them to what was paid. Both add their
    // latency, for the time saved. Token counts that are missing, negative or not finite count as 0, and so does
    // such a latencyMs; no usage saves no tokens.
    // The first `maxModels` models get their own totals; any model after that is added up under '(other)'.
    throw new Error(`TODO(ex3.value): record ${model} ${hit ? 'hit' : 'miss'} ${latencyMs} ms ${usage?.total_tokens ?? 0} tokens`);
  }

  /** Everything so far, overall and per model. */
  summary(): ValueSummary {
    // TODO(ex3.value): Per model and overall, every field of ModelValue. timeSavedMs of a model is
    // hits × meanMissMs − (sum of its hit latencies), where a model without misses uses the mean miss latency over
    // all models, and with no miss anywhere it is 0. The overall timeSavedMs is the sum over the models; the overall
    // meanMissMs is the mean over all misses. Before any request: all zeros and byModel {}.
    throw new Error('TODO(ex3.value): summary');
  }

  /** Forgets everything. */
  reset(): void {
    // TODO(ex3.value): Afterwards summary() reads as a new ledger's.
    throw new Error('TODO(ex3.value): reset');
  }
}
