import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_PRICE, estimateCost, MODEL_PRICES } from '../src/pricing.js';

describe('estimateCost', () => {
  it.each([
    ['openai/gpt-4o-mini', 0.15, 0.6],
    ['openai/gpt-4o', 2.5, 10],
    ['anthropic/claude-3.5-haiku', 0.8, 4],
    ['anthropic/claude-sonnet-4', 3, 15],
    ['google/gemini-2.0-flash-001', 0.1, 0.4],
    ['meta-llama/llama-3.1-8b-instruct', 0.02, 0.05],
  ])('prices %s at $%s in / $%s out per million tokens', (model, input, output) => {
    expect(MODEL_PRICES[model]).toEqual({ input, output });
    expect(estimateCost(model, { prompt_tokens: 1_000_000, completion_tokens: 0 })).toBeCloseTo(input, 12);
    expect(estimateCost(model, { prompt_tokens: 0, completion_tokens: 1_000_000 })).toBeCloseTo(output, 12);
  });

  it('adds input and output cost', () => {
    expect(estimateCost('openai/gpt-4o', { prompt_tokens: 1000, completion_tokens: 500 })).toBeCloseTo(0.0075, 12);
  });

  it('prices unknown models at the documented default', () => {
    const cost = estimateCost('acme/unknown-model', { prompt_tokens: 1_000_000, completion_tokens: 1_000_000 });
    expect(cost).toBeCloseTo(DEFAULT_MODEL_PRICE.input + DEFAULT_MODEL_PRICE.output, 12);
  });

  it('prices :free model variants at zero', () => {
    expect(estimateCost('meta-llama/llama-3.1-8b-instruct:free', { prompt_tokens: 100, completion_tokens: 100 })).toBe(0);
  });

  it('does not treat inherited object keys as models', () => {
    expect(estimateCost('constructor', { prompt_tokens: 1_000_000, completion_tokens: 0 })).toBe(DEFAULT_MODEL_PRICE.input);
  });

  it.each([-1, Number.NaN])('rejects a token count of %s with a RangeError', (count) => {
    expect(() => estimateCost('openai/gpt-4o', { prompt_tokens: count, completion_tokens: 0 })).toThrow(RangeError);
  });

  it('freezes the price table', () => {
    expect(Object.isFrozen(MODEL_PRICES)).toBe(true);
  });
});
