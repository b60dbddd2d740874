import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '@workbook/openrouter';
import { SemanticCache } from '@impl';
import { angle, ask, FakeEmbedder } from '../helpers/embedder.js';

const system = (text: string): ChatRequest['messages'][number] => ({ role: 'system', content: text });

describe('a similar prompt never answers across partitions: model, parameters, system prompt [ex4.semantic-cache.partition]', () => {
  // 'stored' and 'similar' are 1° apart (similarity 0.9998): in one partition, a sure hit.
  const embedder = () => new FakeEmbedder({ stored: angle(0), similar: angle(1) });

  it('hits within the same partition', async () => {
    const cache = new SemanticCache<string>({ embedder: embedder(), threshold: 0.9 });
    await cache.set(ask('stored', { temperature: 0 }), 'v');
    expect((await cache.get(ask('similar', { temperature: 0 })))?.match).toBe('semantic');
  });

  it.each<[string, Partial<ChatRequest>, Partial<ChatRequest>]>([
    ['another model', { model: 'openai/gpt-4o-mini' }, { model: 'anthropic/claude-3.5-haiku' }],
    ['another temperature', { temperature: 0 }, { temperature: 1 }],
    ['a parameter only one of them sets', {}, { max_tokens: 50 }],
    ['another response format', {}, { response_format: { type: 'json_object' } }],
  ])('misses a similar prompt with %s', async (_, storedWith, askedWith) => {
    const cache = new SemanticCache<string>({ embedder: embedder(), threshold: 0.9 });
    await cache.set(ask('stored', storedWith), 'v');
    expect(await cache.get(ask('similar', askedWith)), 'the answer depends on the model and its parameters: a similar prompt may not borrow it').toBeUndefined();
  });

  it('misses a similar prompt under another system prompt', async () => {
    const cache = new SemanticCache<string>({ embedder: embedder(), threshold: 0.9 });
    await cache.set({ model: 'm', messages: [system('Answer in French.'), { role: 'user', content: 'stored' }] }, 'v');
    const hit = await cache.get({ model: 'm', messages: [system('Answer in German.'), { role: 'user', content: 'similar' }] });
    expect(hit, 'the system prompt shapes the answer: it is part of the partition').toBeUndefined();
  });

  it('misses a similar prompt after other earlier turns', async () => {
    const cache = new SemanticCache<string>({ embedder: embedder(), threshold: 0.9 });
    const turns = (said: string): ChatRequest['messages'] => [{ role: 'user', content: said }, { role: 'assistant', content: 'ok' }];
    await cache.set({ model: 'm', messages: [...turns('about cats'), { role: 'user', content: 'stored' }] }, 'v');
    expect(await cache.get({ model: 'm', messages: [...turns('about dogs'), { role: 'user', content: 'similar' }] })).toBeUndefined();
    expect((await cache.get({ model: 'm', messages: [...turns('about cats'), { role: 'user', content: 'similar' }] }))?.match, 'same earlier turns: a hit').toBe('semantic');
  });

  it('embeds only the last user message, not the system prompt', async () => {
    const fake = embedder();
    const cache = new SemanticCache<string>({ embedder: fake });
    await cache.set({ model: 'm', messages: [system('Be brief.'), { role: 'user', content: 'stored' }] }, 'v');
    expect(fake.texts).toEqual(['stored']);
  });

  it('matches a request whose last message is not user text (an image) only exactly, without embedding it', async () => {
    const fake = embedder();
    const cache = new SemanticCache<string>({ embedder: fake });
    const image: ChatRequest = { model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] }] };
    await cache.set(image, 'a cat');
    expect((await cache.get(structuredClone(image)))?.match).toBe('exact');
    expect(fake.texts, 'there is no text to embed').toEqual([]);
  });
});
