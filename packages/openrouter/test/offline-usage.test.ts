import { describe, expect, it } from 'vitest';
import { OpenRouterError } from '../src/errors.js';
import { OfflineClient } from '../src/offline.js';
import { MODEL_PRICES } from '../src/pricing.js';
import type { ChatRequest } from '../src/types.js';

const request: ChatRequest = {
  model: 'openai/gpt-4o',
  messages: [
    { role: 'system', content: 'You are terse.' }, // 14 chars → 4 tokens
    { role: 'user', content: 'Explain cache stampedes.' }, // 24 chars → 6 tokens
  ],
};

const client = (): OfflineClient => new OfflineClient({ latencyMs: 0 });

describe('OfflineClient responses and usage', () => {
  it('returns a chat.completion for the requested model from provider "offline"', async () => {
    const response = await new OfflineClient({ latencyMs: 0, now: () => 1_700_000_123_456 }).chat(request);
    expect(response).toMatchObject({
      object: 'chat.completion',
      created: 1_700_000_123,
      model: 'openai/gpt-4o',
      provider: 'offline',
      choices: [{ index: 0, message: { role: 'assistant' }, finish_reason: 'stop' }],
    });
    expect(response.id).toMatch(/^gen-offline-[0-9a-f]{16}-1$/);
  });

  it('counts prompt tokens as ceil(chars / 4) + 4 per message', async () => {
    const { usage } = await client().chat(request);
    expect(usage?.prompt_tokens).toBe(4 + 4 + 6 + 4);
  });

  it('counts completion tokens as ceil(content chars / 4), and totals both', async () => {
    const response = await client().chat(request);
    const content = response.choices[0]?.message.content ?? '';
    expect(response.usage?.completion_tokens).toBe(Math.ceil(content.length / 4));
    expect(response.usage?.total_tokens).toBe((response.usage?.prompt_tokens ?? 0) + Math.ceil(content.length / 4));
  });

  it('prices usage with the model price table', async () => {
    const { usage } = await client().chat(request);
    const price = MODEL_PRICES['openai/gpt-4o']!;
    const expected = ((usage?.prompt_tokens ?? 0) * price.input + (usage?.completion_tokens ?? 0) * price.output) / 1e6;
    expect(usage?.cost).toBeCloseTo(expected, 12);
  });

  it('truncates to max_tokens and reports finish_reason "length"', async () => {
    const response = await client().chat({ ...request, max_tokens: 5 });
    expect(response.choices[0]?.finish_reason).toBe('length');
    expect(response.choices[0]?.message.content).toHaveLength(20);
    expect(response.usage?.completion_tokens).toBe(5);
  });

  it('reports finish_reason "stop" when the answer fits in max_tokens', async () => {
    const response = await client().chat({ ...request, max_tokens: 4096 });
    expect(response.choices[0]?.finish_reason).toBe('stop');
  });

  it('counts every call, and resets the count on demand', async () => {
    const offline = client();
    expect(offline.mode).toBe('offline');
    await offline.chat(request);
    await offline.chat(request);
    expect(offline.calls).toBe(2);
    offline.resetCalls();
    expect(offline.calls).toBe(0);
  });

  it('numbers generation ids by call', async () => {
    const offline = client();
    const first = await offline.chat(request);
    const second = await offline.chat(request);
    expect(first.id.replace(/-1$/, '-2')).toBe(second.id);
  });

  it('returns a fresh object on every call, so callers may annotate it', async () => {
    const offline = client();
    const first = await offline.chat(request);
    first.cache = { hit: false, key: 'k' };
    expect(await offline.chat(request)).not.toHaveProperty('cache');
  });
});

describe('OfflineClient validation', () => {
  it.each<[string, ChatRequest, RegExp]>([
    ['an empty model', { ...request, model: '' }, /`model`/],
    ['no messages', { ...request, messages: [] }, /`messages`/],
    ['max_tokens of 0', { ...request, max_tokens: 0 }, /`max_tokens`/],
  ])('rejects %s with a 400 OpenRouterError, counted as a call', async (_name, bad, field) => {
    const offline = client();
    const error = await offline.chat(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenRouterError);
    expect(error).toMatchObject({ status: 400, retryable: false, message: expect.stringMatching(field) });
    expect(offline.calls).toBe(1);
  });
});
