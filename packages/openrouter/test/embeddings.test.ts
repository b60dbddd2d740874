import { afterEach, describe, expect, it, vi } from 'vitest';
import { OfflineClient } from '../src/offline.js';
import { cosineSimilarity, lexicalEmbedding } from '../src/offline-embed.js';
import type { EmbeddingResponse } from '../src/types.js';
import { rejectionOf, startFakeOpenRouter, testClient, type FakeOpenRouter } from './helpers/fake-openrouter.js';

let server: FakeOpenRouter | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.useRealTimers();
});

const instant = (): OfflineClient => new OfflineClient({ latencyMs: 0 });

async function similarity(a: string, b: string): Promise<number> {
  const { data } = await instant().embed([a, b]);
  return cosineSimilarity(data[0]!.embedding, data[1]!.embedding);
}

function embeddings(vectors: number[][], model = 'openai/text-embedding-3-small'): EmbeddingResponse {
  return {
    id: 'gen-emb-1',
    object: 'list',
    data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
    model,
    usage: { prompt_tokens: 7, total_tokens: 7, cost: 1.4e-7 },
  };
}

describe('OpenRouterClient.embed', () => {
  it('posts model and input to /embeddings and resolves with one vector per input, usage and cost', async () => {
    server = await startFakeOpenRouter([{ body: embeddings([[0.6, 0.8], [1, 0]]) }]);
    const { client } = testClient(server.baseUrl);
    const response = await client.embed(['first', 'second']);
    expect(server.requests[0]?.url).toBe('/api/v1/embeddings');
    expect(JSON.parse(server.requests[0]!.body)).toEqual({
      model: 'openai/text-embedding-3-small',
      input: ['first', 'second'],
      encoding_format: 'float',
    });
    expect(response.data.map((item) => item.embedding)).toEqual([[0.6, 0.8], [1, 0]]);
    expect(response.usage).toEqual({ prompt_tokens: 7, total_tokens: 7, cost: 1.4e-7 });
    expect(client.calls).toBe(1);
  });

  it('sends a single string as is, with the model, dimensions and input_type asked for', async () => {
    server = await startFakeOpenRouter([{ body: embeddings([[1]]) }]);
    await testClient(server.baseUrl).client.embed('hello', { model: 'openai/text-embedding-3-large', dimensions: 1, input_type: 'search_query' });
    expect(JSON.parse(server.requests[0]!.body)).toEqual({
      model: 'openai/text-embedding-3-large',
      input: 'hello',
      encoding_format: 'float',
      dimensions: 1,
      input_type: 'search_query',
    });
  });

  it('orders the vectors by index, whatever order the server sent them in', async () => {
    const body = embeddings([[1, 0], [0, 1]]);
    body.data.reverse();
    server = await startFakeOpenRouter([{ body }]);
    const response = await testClient(server.baseUrl).client.embed(['a', 'b']);
    expect(response.data.map((item) => item.index)).toEqual([0, 1]);
  });

  it('rejects an HTTP 200 error body with an OpenRouterError', async () => {
    server = await startFakeOpenRouter([{ body: { error: { code: 400, message: 'Model does not support embeddings' } } }]);
    const error = await rejectionOf(testClient(server.baseUrl).client.embed('x'));
    expect(error).toMatchObject({ name: 'OpenRouterError', status: 400, code: 400 });
  });

  it('rejects a 200 body without one embedding per input as invalid_response', async () => {
    server = await startFakeOpenRouter([{ body: embeddings([[1]]) }]);
    const error = await rejectionOf(testClient(server.baseUrl).client.embed(['a', 'b']));
    expect(error).toMatchObject({ code: 'invalid_response' });
  });

  it('retries a 503 and resolves with the next success', async () => {
    server = await startFakeOpenRouter([{ status: 503, body: { error: { code: 503, message: 'busy' } } }, { body: embeddings([[1]]) }]);
    const { client, delays } = testClient(server.baseUrl);
    await expect(client.embed('x')).resolves.toMatchObject({ object: 'list' });
    expect(client.calls).toBe(2);
    expect(delays).toHaveLength(1);
  });

  it('gives up after 1 + maxRetries attempts and says so', async () => {
    server = await startFakeOpenRouter([{ status: 503, body: { error: { code: 503, message: 'busy' } } }]);
    const { client } = testClient(server.baseUrl, { maxRetries: 2 });
    const error = await rejectionOf(client.embed('x'));
    expect(error).toMatchObject({ status: 503, retryable: true });
    expect((error as Error).message).toMatch(/Gave up after 3 attempts/);
    expect(client.calls).toBe(3);
  });

  it('rejects with code aborted when the caller aborts', async () => {
    server = await startFakeOpenRouter([{ hang: true }]);
    const controller = new AbortController();
    const pending = rejectionOf(testClient(server.baseUrl).client.embed('x', { signal: controller.signal }));
    while (server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    expect(await pending).toMatchObject({ code: 'aborted' });
  });

  it.each([[''], [[]], [['ok', '']], [[42 as unknown as string]]])('rejects input %j with a TypeError before any request', async (input) => {
    server = await startFakeOpenRouter([{ body: embeddings([[1]]) }]);
    const { client } = testClient(server.baseUrl);
    await expect(client.embed(input)).rejects.toThrow(TypeError);
    expect(server.requests).toHaveLength(0);
    expect(client.calls).toBe(0);
  });
});

describe('OfflineClient.embed: deterministic unit vectors', () => {
  it('returns 256-dimensional unit vectors by default, one per input, in order', async () => {
    const response = await instant().embed(['one', 'two', 'three']);
    expect(response.data.map((item) => item.index)).toEqual([0, 1, 2]);
    for (const { embedding } of response.data) {
      expect(embedding).toHaveLength(256);
      expect(Math.hypot(...embedding)).toBeCloseTo(1, 12);
    }
  });

  it('gives the same text the same vector, in every client and call', async () => {
    const first = await instant().embed('How long should a cache entry live?');
    const second = await new OfflineClient({ latencyMs: 0 }).embed(['How long should a cache entry live?']);
    expect(second.data[0]?.embedding).toEqual(first.data[0]?.embedding);
  });

  it.each([
    ['dimensions per call', { dimensions: 64 }, {}],
    ['embeddingDimensions per client', {}, { embeddingDimensions: 64 }],
  ])('honours %s', async (_what, call, client) => {
    const response = await new OfflineClient({ latencyMs: 0, ...client }).embed('x', call);
    expect(response.data[0]?.embedding).toHaveLength(64);
  });

  it('reports usage and cost, and counts one call', async () => {
    const client = instant();
    const response = await client.embed(['abcdefgh', 'abcd']);
    expect(response.usage).toMatchObject({ prompt_tokens: 3, total_tokens: 3 });
    expect(response.usage?.cost).toBeCloseTo((3 * 0.02) / 1e6, 15);
    expect(response.model).toBe('openai/text-embedding-3-small');
    expect(client.calls).toBe(1);
  });

  it('waits latencyMs on a (fake-clocked) timer', async () => {
    vi.useFakeTimers();
    let settled = false;
    const pending = new OfflineClient({ latencyMs: 50 }).embed('x').then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(49);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await pending;
    expect(settled).toBe(true);
  });

  it('rejects with code aborted, counting no call, when the signal is already aborted', async () => {
    const client = instant();
    await expect(client.embed('x', { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'aborted' });
    expect(client.calls).toBe(0);
  });

  it.each([0, 1.5, -3])('rejects embeddingDimensions = %s with a RangeError naming it', (embeddingDimensions) => {
    expect(() => new OfflineClient({ embeddingDimensions })).toThrow(/`embeddingDimensions`/);
  });
});

describe('OfflineClient.embed: lexical similarity', () => {
  it('scores identical text 1', async () => {
    expect(await similarity('Cache the answer for an hour', 'Cache the answer for an hour')).toBeCloseTo(1, 12);
  });

  it('ignores case, accents and punctuation', async () => {
    expect(await similarity('Café prices, today!', 'cafe PRICES today')).toBeCloseTo(1, 12);
  });

  it.each([
    ['What is the capital of France?', 'Tell me the capital city of France.', 'Write a haiku about autumn leaves.'],
    ['How long should cached responses live?', 'How long may a cached response live for?', 'Which football team won the cup?'],
    ['Explain the TTL of a cache entry', 'What does the time to live of a cached entry mean?', 'Recommend a good pasta recipe'],
  ])('scores the paraphrase pair (%j, %j) above an unrelated pair', async (text, paraphrase, unrelated) => {
    const close = await similarity(text, paraphrase);
    const far = await similarity(text, unrelated);
    expect(close, `paraphrase ${close.toFixed(3)} vs unrelated ${far.toFixed(3)}`).toBeGreaterThan(far + 0.3);
    expect(close).toBeGreaterThan(0.4);
    expect(Math.abs(far)).toBeLessThan(0.2);
  });

  it('matches inflections of the same word (cache, caching, cached)', async () => {
    expect(await similarity('caching responses', 'cached response')).toBeGreaterThan(0.9);
  });

  it('sees word order: swapping two words lowers the similarity', async () => {
    expect(await similarity('convert 5 km to miles', 'convert 5 miles to km')).toBeLessThan(0.9);
    expect(await similarity('flights from London to Paris', 'flights from Paris to London')).toBeLessThan(0.9);
  });

  it('ignores the pieces of contractions and words that only frame a request', async () => {
    expect(await similarity("What's photosynthesis?", 'Explain photosynthesis, please')).toBeCloseTo(1, 12);
  });

  it('counts a repeated word once', async () => {
    expect(await similarity('line by line', 'line')).toBeGreaterThan(0.7);
  });

  it('is available as a pure function with cosineSimilarity', () => {
    const a = lexicalEmbedding('semantic cache', 32);
    expect(a).toHaveLength(32);
    expect(cosineSimilarity(a, a)).toBeCloseTo(1, 12);
    expect(() => cosineSimilarity(a, [1])).toThrow(RangeError);
    expect(() => lexicalEmbedding('x', 0)).toThrow(/`dimensions`/);
  });
});
