import { describe, expect, it } from 'vitest';
import { estimateCost, type ChatResponse, type Usage } from '@workbook/openrouter';
import { CacheStats, InstrumentedClient } from '@impl';
import { request, response, scriptedClient } from '../helpers/clients.js';
import { manualClock } from '../helpers/clock.js';

const usage = (prompt: number, completion: number, cost?: number): Usage => ({ prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, ...(cost === undefined ? {} : { cost }) });

interface Step {
  hit: boolean;
  ms: number;
  model?: string;
  usage?: Usage;
}

/** Plays `steps` through an InstrumentedClient on a manual clock; each answer carries the step's mark and usage. */
async function play(steps: Step[]) {
  const clock = manualClock();
  const stats = new CacheStats({ now: clock.now });
  let i = 0;
  const { client: inner } = scriptedClient(clock, {
    latencyMs: () => steps[i]!.ms,
    answer: (req): ChatResponse => {
      const step = steps[i++]!;
      return response(req.model, step.usage, { hit: step.hit, key: 'k' });
    },
  });
  const client = new InstrumentedClient(inner, { stats });
  for (const step of steps) await client.chat(request('q', step.model ?? 'openai/gpt-4o-mini'));
  return stats.value;
}

describe('the value of the hits', () => {
  it('starts at zero, with no NaN anywhere', () => {
    const value = new CacheStats({ now: manualClock().now }).value;
    expect(value).toEqual({
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

  it('saves the tokens and the reported cost of every response served from the cache', async () => {
    const value = await play([
      { hit: false, ms: 500, usage: usage(100, 40, 0.002) },
      { hit: true, ms: 1, usage: usage(100, 40, 0.002) },
      { hit: true, ms: 1, usage: usage(30, 10, 0.0005) },
    ]);
    expect(value).toMatchObject({ callsAvoided: 2, promptTokensSaved: 130, completionTokensSaved: 50, tokensSaved: 180 });
    expect(value.costSavedUsd).toBeCloseTo(0.0025, 12);
  });

  it('adds what the misses cost to the paid side, not the saved side', async () => {
    const value = await play([
      { hit: false, ms: 500, usage: usage(100, 40, 0.002) },
      { hit: false, ms: 500, usage: usage(10, 10, 0.001) },
    ]);
    expect(value).toMatchObject({ callsAvoided: 0, tokensSaved: 0, costSavedUsd: 0, tokensPaid: 160, requests: 2 });
    expect(value.costPaidUsd).toBeCloseTo(0.003, 12);
  });

  it("prices a hit without a reported cost from its tokens and the model's list price (estimateCost)", async () => {
    const value = await play([{ hit: true, ms: 1, model: 'openai/gpt-4o', usage: usage(1000, 500) }]);
    expect(value.costSavedUsd).toBeCloseTo(estimateCost('openai/gpt-4o', { prompt_tokens: 1000, completion_tokens: 500 }), 12);
  });

  it('saves no tokens and no dollars for a hit without usage, but still avoids a call', async () => {
    const value = await play([{ hit: true, ms: 1 }]);
    expect(value).toMatchObject({ callsAvoided: 1, tokensSaved: 0, costSavedUsd: 0 });
  });

  it('saves, per hit, the mean miss latency minus the time the hit took', async () => {
    const value = await play([
      { hit: false, ms: 400 },
      { hit: false, ms: 600 },
      { hit: true, ms: 2 },
      { hit: true, ms: 4 },
      { hit: true, ms: 6 },
    ]);
    expect(value.meanMissMs).toBe(500);
    expect(value.timeSavedMs, '3 hits × 500 ms − (2 + 4 + 6) ms').toBe(1488);
  });

  it('saves no time before there is a miss to compare with', async () => {
    const value = await play([{ hit: true, ms: 2 }]);
    expect(value.timeSavedMs).toBe(0);
  });

  it('breaks everything down per model, using the mean over all models for a model without misses', async () => {
    const value = await play([
      { hit: false, ms: 800, model: 'a/slow', usage: usage(10, 10, 0.01) },
      { hit: true, ms: 0, model: 'a/slow', usage: usage(10, 10, 0.01) },
      { hit: false, ms: 200, model: 'b/fast', usage: usage(5, 5, 0.001) },
      { hit: false, ms: 200, model: 'b/fast', usage: usage(5, 5, 0.001) },
      { hit: true, ms: 0, model: 'c/cached-only', usage: usage(1, 1, 0.0001) },
    ]);
    expect(Object.keys(value.byModel).sort()).toEqual(['a/slow', 'b/fast', 'c/cached-only']);
    expect(value.byModel['a/slow']).toMatchObject({ requests: 2, callsAvoided: 1, hitRate: 0.5, tokensSaved: 20, meanMissMs: 800, timeSavedMs: 800 });
    expect(value.byModel['b/fast']).toMatchObject({ requests: 2, callsAvoided: 0, hitRate: 0, tokensSaved: 0, tokensPaid: 20, meanMissMs: 200, timeSavedMs: 0 });
    expect(value.byModel['c/cached-only'], 'no misses of its own: priced at the mean miss over all models, (800 + 200 + 200) / 3').toMatchObject({ callsAvoided: 1, meanMissMs: 0, timeSavedMs: 400 });
    expect(value.timeSavedMs, 'the total is the sum over models').toBe(1200);
    expect(value).toMatchObject({ requests: 5, callsAvoided: 2, tokensSaved: 22, meanMissMs: 400 });
  });

  it('counts nothing for a failed request', async () => {
    const stats = new CacheStats({ now: manualClock().now });
    const client = new InstrumentedClient({ chat: async () => Promise.reject(new Error('down')) }, { stats });
    await expect(client.chat(request('a'))).rejects.toThrow();
    expect(stats.value).toMatchObject({ requests: 0, callsAvoided: 0, byModel: {} });
  });
});
