import { describe, expect, it } from 'vitest';
import { OfflineClient, type ChatRequest } from '@workbook/openrouter';
import { SemanticCache } from '@impl';

const ask = (prompt: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: prompt }], ...extra });

describe('Extra credit — semantic cache (public examples, offline embeddings)', () => {
  it('answers an exact repeat with similarity 1', async () => {
    const cache = new SemanticCache<string>({ embedder: new OfflineClient({ latencyMs: 0 }) });
    await cache.set(ask('How do I reset my password?'), 'Use the reset link.');
    expect(await cache.get(ask('How do I reset my password?'))).toMatchObject({ match: 'exact', similarity: 1 });
  });

  it('answers a paraphrase, and says how similar it was', async () => {
    const cache = new SemanticCache<string>({ embedder: new OfflineClient({ latencyMs: 0 }) });
    await cache.set(ask('How do I reset my password?'), 'Use the reset link.');
    const hit = await cache.get(ask('How can I reset my password?'));
    expect(hit).toMatchObject({ value: 'Use the reset link.', match: 'semantic' });
    expect(hit!.similarity).toBeGreaterThanOrEqual(cache.threshold);
  });

  it('does not answer a near miss, nor a paraphrase asked of another model', async () => {
    const cache = new SemanticCache<string>({ embedder: new OfflineClient({ latencyMs: 0 }) });
    await cache.set(ask('What is the capital of France?'), 'Paris');
    expect(await cache.get(ask('What is the capital of Germany?'))).toBeUndefined();
    expect(await cache.get(ask('What is the capital of France?', { model: 'anthropic/claude-3.5-haiku' }))).toBeUndefined();
  });

  it('names a bad threshold', () => {
    expect(() => new SemanticCache({ embedder: new OfflineClient(), threshold: 2 })).toThrow('`threshold`');
  });
});
