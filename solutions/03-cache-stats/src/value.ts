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

/** Running totals for one model. */
interface Account {
  hits: number;
  misses: number;
  promptSaved: number;
  completionSaved: number;
  costSaved: number;
  tokensPaid: number;
  costPaid: number;
  hitMs: number;
  missMs: number;
}

/**
 * Adds up what a cache is worth: for every response served from the cache, the tokens and dollars it did not spend
 * again and the upstream call it avoided; for every miss, what upstream cost and how long it took, which prices the
 * time a hit saves. A response's cost is its `usage.cost` when the API reported one, otherwise `estimateCost` from
 * its token counts and the model's list price; a response without `usage` saves no tokens and no dollars.
 */
export class ValueLedger {
  readonly #maxModels: number;
  readonly #accounts = new Map<string, Account>();

  constructor(options: ValueLedgerOptions = {}) {
    const { maxModels = 100 } = options;
    assertPositiveInteger('maxModels', maxModels);
    this.#maxModels = maxModels;
  }

  /**
   * Records one answered request for `model`: a hit (served from the cache) or a miss (answered upstream), the
   * time it took in ms, and the response's `usage`.
   */
  record(model: string, hit: boolean, latencyMs: number, usage?: Usage): void {
    const account = this.#account(model);
    const ms = Number.isFinite(latencyMs) && latencyMs > 0 ? latencyMs : 0;
    const prompt = tokens(usage?.prompt_tokens);
    const completion = tokens(usage?.completion_tokens);
    const cost = usage === undefined ? 0 : costOf(model, usage, prompt, completion);
    if (hit) {
      account.hits++;
      account.hitMs += ms;
      account.promptSaved += prompt;
      account.completionSaved += completion;
      account.costSaved += cost;
    } else {
      account.misses++;
      account.missMs += ms;
      account.tokensPaid += prompt + completion;
      account.costPaid += cost;
    }
  }

  /** Everything so far, overall and per model. */
  summary(): ValueSummary {
    let misses = 0;
    let missMs = 0;
    for (const account of this.#accounts.values()) {
      misses += account.misses;
      missMs += account.missMs;
    }
    const fallbackMissMs = misses > 0 ? missMs / misses : undefined;
    const total = emptyAccount();
    let timeSavedMs = 0;
    const byModel: Record<string, ModelValue> = {};
    for (const [model, account] of this.#accounts) {
      const value = valueOf(account, fallbackMissMs);
      byModel[model] = value;
      timeSavedMs += value.timeSavedMs;
      for (const field of Object.keys(total) as (keyof Account)[]) total[field] += account[field];
    }
    return { ...valueOf(total, fallbackMissMs), timeSavedMs, byModel };
  }

  /** Forgets everything. */
  reset(): void {
    this.#accounts.clear();
  }

  #account(model: string): Account {
    let account = this.#accounts.get(model);
    if (account !== undefined) return account;
    const name = this.#accounts.size < this.#maxModels ? model : OTHER_MODELS;
    account = this.#accounts.get(name);
    if (account === undefined) {
      account = emptyAccount();
      this.#accounts.set(name, account);
    }
    return account;
  }
}

function valueOf(account: Account, fallbackMissMs: number | undefined): ModelValue {
  const { hits, misses } = account;
  const meanMissMs = misses > 0 ? account.missMs / misses : 0;
  const priced = misses > 0 ? meanMissMs : fallbackMissMs;
  return {
    requests: hits + misses,
    callsAvoided: hits,
    hitRate: hitRate(hits, misses),
    promptTokensSaved: account.promptSaved,
    completionTokensSaved: account.completionSaved,
    tokensSaved: account.promptSaved + account.completionSaved,
    costSavedUsd: account.costSaved,
    tokensPaid: account.tokensPaid,
    costPaidUsd: account.costPaid,
    meanMissMs,
    timeSavedMs: priced === undefined ? 0 : hits * priced - account.hitMs,
  };
}

function emptyAccount(): Account {
  return { hits: 0, misses: 0, promptSaved: 0, completionSaved: 0, costSaved: 0, tokensPaid: 0, costPaid: 0, hitMs: 0, missMs: 0 };
}

/** A token count from a response, or 0 when it is missing or nonsense. */
function tokens(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

function costOf(model: string, usage: Usage, prompt: number, completion: number): number {
  const reported = usage.cost;
  if (typeof reported === 'number' && Number.isFinite(reported) && reported >= 0) return reported;
  return estimateCost(model, { prompt_tokens: prompt, completion_tokens: completion });
}
