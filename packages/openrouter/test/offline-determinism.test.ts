import { describe, expect, it } from 'vitest';
import { OfflineClient } from '../src/offline.js';
import type { ChatRequest, ChatResponse } from '../src/types.js';

const base: ChatRequest = {
  model: 'openai/gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You are a concise assistant.' },
    { role: 'user', content: 'What is response caching?' },
  ],
  temperature: 0,
};

const client = (): OfflineClient => new OfflineClient({ latencyMs: 0 });
const contentOf = (response: ChatResponse): string | null | undefined => response.choices[0]?.message.content;

describe('OfflineClient determinism', () => {
  it('answers the same request with the same content and usage, even across instances', async () => {
    const first = await client().chat(base);
    const again = await client().chat(structuredClone(base));
    expect(contentOf(again)).toBe(contentOf(first));
    expect(again.usage).toEqual(first.usage);
  });

  it('ignores the order of keys in the request', async () => {
    const reordered: ChatRequest = {
      temperature: 0,
      messages: base.messages.map(({ content, role }) => ({ content, role })),
      model: base.model,
    };
    expect(contentOf(await client().chat(reordered))).toBe(contentOf(await client().chat(base)));
  });

  it('ignores properties that are explicitly undefined', async () => {
    const withUndefined: ChatRequest = { ...base, seed: undefined, stop: undefined };
    expect(contentOf(await client().chat(withUndefined))).toBe(contentOf(await client().chat(base)));
  });

  it.each<[string, Partial<ChatRequest>]>([
    ['model', { model: 'anthropic/claude-3.5-haiku' }],
    ['temperature', { temperature: 0.7 }],
    ['top_p', { top_p: 0.9 }],
    ['seed', { seed: 42 }],
    ['max_tokens', { max_tokens: 500 }],
    ['tools', { tools: [{ type: 'function', function: { name: 'lookup' } }] }],
    ['the last message', { messages: [...base.messages.slice(0, 1), { role: 'user', content: 'What is a TTL?' }] }],
    ['the system prompt', { messages: [{ role: 'system', content: 'Be verbose.' }, ...base.messages.slice(1)] }],
  ])('answers differently when %s changes', async (_field, change) => {
    expect(contentOf(await client().chat({ ...base, ...change }))).not.toBe(contentOf(await client().chat(base)));
  });

  it.each<[string, Partial<ChatRequest>]>([
    ['user', { user: 'learner-42' }],
    ['metadata', { metadata: { exercise: '01' } }],
  ])('answers the same when only `%s` changes', async (_field, change) => {
    expect(contentOf(await client().chat({ ...base, ...change }))).toBe(contentOf(await client().chat(base)));
  });

  it('writes one to four sentences of English echoing the question', async () => {
    const content = contentOf(await client().chat(base)) ?? '';
    const sentences = content.split(/(?<=\.)\s+/);
    expect(sentences.length).toBeGreaterThanOrEqual(1);
    expect(sentences.length).toBeLessThanOrEqual(4);
    expect(content).toMatch(/^About "What is response caching",/);
  });

  it.each([
    ['json_object', { type: 'json_object' } as const],
    ['json_schema', { type: 'json_schema', json_schema: { name: 'answer' } } as const],
  ])('returns a valid JSON object for response_format %s', async (_name, format) => {
    const content = contentOf(await client().chat({ ...base, response_format: format }));
    expect(JSON.parse(content ?? '')).toBeTypeOf('object');
  });

  it('fills the properties a json_schema declares, by type', async () => {
    const schema = {
      type: 'object',
      properties: { title: { type: 'string' }, score: { type: 'integer' }, ok: { type: 'boolean' } },
    };
    const response = await client().chat({ ...base, response_format: { type: 'json_schema', json_schema: { name: 'r', schema } } });
    const value = JSON.parse(contentOf(response) ?? '') as Record<string, unknown>;
    expect(value).toEqual({ title: expect.any(String), score: expect.any(Number), ok: expect.any(Boolean) });
  });

  it('cuts the content before the earliest stop string', async () => {
    // Every sentence ends with a period, so stopping at "." leaves the first sentence without it.
    const response = await client().chat({ ...base, stop: ['zzz-not-there', '.'] });
    const content = contentOf(response) ?? '';
    expect(content).toMatch(/^About "What is response caching", [^.]+$/);
    expect(response.choices[0]?.finish_reason).toBe('stop');
  });

  it('calls the named tool when tool_choice demands it', async () => {
    const response = await client().chat({
      ...base,
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });
    const [choice] = response.choices;
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    expect(choice?.message.tool_calls?.[0]?.function.name).toBe('get_weather');
    expect(JSON.parse(choice?.message.tool_calls?.[0]?.function.arguments ?? '')).toHaveProperty('city');
  });
});
