import { describe, expect, it } from 'vitest';
import { estimateCost, type Usage } from '@workbook/openrouter';
import { CacheStats, OTHER_MODELS, ValueLedger } from '@impl';
import { manualClock } from '../helpers/clock.js';

const usage = (prompt: number, completion: number, cost?: number): Usage => ({ prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, ...(cost === undefined ? {} : { cost }) });

interface Step {
  hit: boolean;
  ms: number;
  model?: string;
  usage?: Usage;
}

/** Records `steps` into a new ledger and returns its summary. */
function play(steps: Step[]) {
  const ledger = new ValueLedger();
  for (const step of steps) ledger.record(step.model ?? 'openai/gpt-4o-mini', step.hit, step.ms, step.usage);
  return ledger.summary();
}

describe('a hit saves its tokens and its cost [ex3.value.hit-savings]', () => {
  it('saves the tokens and the reported cost of every response served from the cache', () => {
    const value = play([
      { hit: false, ms: 500, usage: usage(100, 40, 0.002) },
      { hit: true, ms: 1, usage: usage(100, 40, 0.002) },
      { hit: true, ms: 1, usage: usage(30, 10, 0.0005) },
    ]);
    expect(value).toMatchObject({ callsAvoided: 2, promptTokensSaved: 130, completionTokensSaved: 50, tokensSaved: 180 });
    expect(value.costSavedUsd, 'usage.cost of the two hits: 0.002 + 0.0005').toBeCloseTo(0.0025, 12);
  });

  it("prices a hit without a reported cost from its tokens and the model's list price (estimateCost)", () => {
    const value = play([{ hit: true, ms: 1, model: 'openai/gpt-4o', usage: usage(1000, 500) }]);
    expect(value.costSavedUsd).toBeCloseTo(estimateCost('openai/gpt-4o', { prompt_tokens: 1000, completion_tokens: 500 }), 12);
  });

  it.each([Number.NaN, -1, Infinity])('prices a hit whose usage.cost is %d from its tokens instead', (cost) => {
    const value = play([{ hit: true, ms: 1, model: 'openai/gpt-4o', usage: usage(1000, 500, cost) }]);
    expect(value.costSavedUsd, 'a cost that is not a finite number ≥ 0 is not a price: use estimateCost').toBeCloseTo(estimateCost('openai/gpt-4o', { prompt_tokens: 1000, completion_tokens: 500 }), 12);
  });

  it('uses a reported cost of 0 as it is', () => {
    const value = play([{ hit: true, ms: 1, model: 'openai/gpt-4o', usage: usage(1000, 500, 0) }]);
    expect(value.costSavedUsd, 'a free response saved $0').toBe(0);
  });

  it('saves no tokens and no dollars for a hit without usage, but still avoids a call', () => {
    const value = play([{ hit: true, ms: 1 }]);
    expect(value).toMatchObject({ callsAvoided: 1, tokensSaved: 0, costSavedUsd: 0 });
  });
});

describe('nonsense token counts and latencies count as 0 [ex3.value.bad-input]', () => {
  it('treats negative or non-finite token counts as 0 instead of failing', () => {
    const ledger = new ValueLedger();
    expect(() => ledger.record('m', true, 1, { prompt_tokens: -5, completion_tokens: Number.NaN, total_tokens: 0 })).not.toThrow();
    expect(() => ledger.record('m', true, 1, { prompt_tokens: Infinity, completion_tokens: -Infinity, total_tokens: 0 })).not.toThrow();
    expect(ledger.summary()).toMatchObject({ callsAvoided: 2, promptTokensSaved: 0, completionTokensSaved: 0, tokensSaved: 0 });
  });

  it('treats a missing token count as 0', () => {
    const ledger = new ValueLedger();
    ledger.record('m', true, 1, { completion_tokens: 7 } as Usage);
    ledger.record('m', false, 1, { prompt_tokens: 4 } as Usage);
    expect(ledger.summary()).toMatchObject({ promptTokensSaved: 0, completionTokensSaved: 7, tokensPaid: 4 });
  });

  it.each([-40, Number.NaN, Infinity])('treats a latency of %d ms as 0', (ms) => {
    const ledger = new ValueLedger();
    ledger.record('m', false, 100);
    ledger.record('m', false, ms);
    ledger.record('m', true, ms);
    const value = ledger.summary();
    expect(value.meanMissMs, 'misses of 100 ms and 0 ms').toBe(50);
    expect(value.timeSavedMs, 'one hit × 50 ms − 0 ms').toBe(50);
  });
});

describe('a miss adds what it cost to the paid side, not the saved side [ex3.value.paid]', () => {
  it('adds what the misses cost to the paid side, not the saved side', () => {
    const value = play([
      { hit: false, ms: 500, usage: usage(100, 40, 0.002) },
      { hit: false, ms: 500, usage: usage(10, 10, 0.001) },
    ]);
    expect(value).toMatchObject({ callsAvoided: 0, tokensSaved: 0, costSavedUsd: 0, tokensPaid: 160, requests: 2 });
    expect(value.costPaidUsd).toBeCloseTo(0.003, 12);
  });

  it('prices a miss without a reported cost from its tokens', () => {
    const value = play([{ hit: false, ms: 500, model: 'openai/gpt-4o', usage: usage(1000, 500) }]);
    expect(value.costPaidUsd).toBeCloseTo(estimateCost('openai/gpt-4o', { prompt_tokens: 1000, completion_tokens: 500 }), 12);
  });
});

describe('summary() gives every field overall and per model [ex3.value.summary]', () => {
  it('starts at zero, with no NaN anywhere', () => {
    expect(new ValueLedger().summary()).toEqual({
      requests: 0,
      callsAvoided: 0,
      hitRate: 0,
      promptTokensSaved: 0,
      completionTokensSaved: 0,
      tokensSaved: 0,
      costSavedUsd: 0,
      tokensPaid: 0,
      costPaidUsd: 0,
      meanMissMs: 0,
      timeSavedMs: 0,
      byModel: {},
    });
  });

  it('breaks every field down per model and adds the models up overall', () => {
    const value = play([
      { hit: false, ms: 800, model: 'a/slow', usage: usage(10, 10, 0.01) },
      { hit: true, ms: 0, model: 'a/slow', usage: usage(10, 6, 0.01) },
      { hit: false, ms: 200, model: 'b/fast', usage: usage(5, 5, 0.001) },
      { hit: false, ms: 200, model: 'b/fast', usage: usage(5, 5, 0.001) },
      { hit: true, ms: 0, model: 'c/cached-only', usage: usage(1, 1, 0.0001) },
    ]);
    expect(Object.keys(value.byModel).sort()).toEqual(['a/slow', 'b/fast', 'c/cached-only']);
    expect(value.byModel['a/slow']).toEqual({
      requests: 2,
      callsAvoided: 1,
      hitRate: 0.5,
      promptTokensSaved: 10,
      completionTokensSaved: 6,
      tokensSaved: 16,
      costSavedUsd: 0.01,
      tokensPaid: 20,
      costPaidUsd: 0.01,
      meanMissMs: 800,
      timeSavedMs: 800,
    });
    expect(value.byModel['b/fast']).toMatchObject({ requests: 2, callsAvoided: 0, hitRate: 0, tokensSaved: 0, tokensPaid: 20, meanMissMs: 200 });
    expect(value, 'overall: the sums over the models, and the mean of all three misses').toMatchObject({
      requests: 5,
      callsAvoided: 2,
      hitRate: 0.4,
      promptTokensSaved: 11,
      completionTokensSaved: 7,
      tokensSaved: 18,
      tokensPaid: 40,
      meanMissMs: 400,
    });
    expect(value.costSavedUsd).toBeCloseTo(0.0101, 12);
    expect(value.costPaidUsd).toBeCloseTo(0.012, 12);
  });

  it('is what CacheStats reports as stats.value, fed by recordRequest', () => {
    const stats = new CacheStats({ now: manualClock().now });
    stats.recordRequest('m', false, 300, usage(10, 5, 0.001));
    stats.recordRequest('m', true, 2, usage(10, 5, 0.001));
    expect(stats.value).toMatchObject({ requests: 2, callsAvoided: 1, tokensSaved: 15, tokensPaid: 15, timeSavedMs: 298 });
  });
});

describe("time saved is hits × mean miss latency − the hits' own latency [ex3.value.time-saved]", () => {
  it('saves, per hit, the mean miss latency minus the time the hit took', () => {
    const value = play([
      { hit: false, ms: 400 },
      { hit: false, ms: 600 },
      { hit: true, ms: 2 },
      { hit: true, ms: 4 },
      { hit: true, ms: 6 },
    ]);
    expect(value.meanMissMs).toBe(500);
    expect(value.timeSavedMs, '3 hits × 500 ms − (2 + 4 + 6) ms').toBe(1488);
  });

  it('saves no time before there is a miss to compare with', () => {
    const value = play([{ hit: true, ms: 2 }]);
    expect(value.timeSavedMs).toBe(0);
    expect(value.byModel['openai/gpt-4o-mini']!.timeSavedMs).toBe(0);
  });

  it('can be negative: hits slower than the misses lose time', () => {
    const value = play([
      { hit: false, ms: 10 },
      { hit: true, ms: 30 },
    ]);
    expect(value.timeSavedMs, '1 hit × 10 ms − 30 ms').toBe(-20);
  });

  it('prices a model without misses of its own at the mean miss over all models, and sums the models', () => {
    const value = play([
      { hit: false, ms: 800, model: 'a/slow' },
      { hit: true, ms: 0, model: 'a/slow' },
      { hit: false, ms: 200, model: 'b/fast' },
      { hit: false, ms: 200, model: 'b/fast' },
      { hit: true, ms: 0, model: 'c/cached-only' },
    ]);
    expect(value.byModel['a/slow']!.timeSavedMs, "a/slow's own mean miss: 800 ms").toBe(800);
    expect(value.byModel['b/fast']!.timeSavedMs, 'no hits, no time saved').toBe(0);
    expect(value.byModel['c/cached-only'], 'no misses of its own: priced at the mean miss over all models, (800 + 200 + 200) / 3').toMatchObject({ meanMissMs: 0, timeSavedMs: 400 });
    expect(value.timeSavedMs, 'the total is the sum over models').toBe(1200);
  });
});

describe('at most maxModels models are tracked one by one, the rest under (other) [ex3.value.max-models]', () => {
  it('tracks at most maxModels models one by one and adds the rest up under OTHER_MODELS', () => {
    const ledger = new ValueLedger({ maxModels: 2 });
    for (const model of ['a', 'b', 'c', 'd', 'a']) ledger.record(model, true, 1, usage(1, 1, 0));
    const { byModel } = ledger.summary();
    expect(Object.keys(byModel).sort()).toEqual(['(other)', 'a', 'b']);
    expect(byModel['a']!.callsAvoided, 'a was among the first two models').toBe(2);
    expect(byModel[OTHER_MODELS]!.callsAvoided, 'c and d').toBe(2);
  });

  it('tracks 100 models one by one by default', () => {
    const ledger = new ValueLedger();
    for (let i = 0; i < 101; i++) ledger.record(`m${i}`, true, 1);
    const { byModel } = ledger.summary();
    expect(Object.keys(byModel).length, '100 models and (other)').toBe(101);
    expect(byModel['m99']?.callsAvoided).toBe(1);
    expect(byModel[OTHER_MODELS]?.callsAvoided, 'the 101st model').toBe(1);
  });

  it.each([0, -1, 2.5])('rejects maxModels %d with a RangeError naming `maxModels`', (maxModels) => {
    expect(() => new ValueLedger({ maxModels })).toThrow(RangeError);
    expect(() => new ValueLedger({ maxModels })).toThrow(/`maxModels`/);
  });
});

describe('reset() forgets everything [ex3.value.reset]', () => {
  it('forgets everything on reset()', () => {
    const ledger = new ValueLedger();
    ledger.record('m', false, 100, usage(10, 5, 0.01));
    ledger.record('m', true, 1, usage(10, 5, 0.01));
    ledger.reset();
    expect(ledger.summary()).toEqual(new ValueLedger().summary());
  });
});
