import { generateText, streamText, wrapLanguageModel, type LanguageModelMiddleware } from 'ai';
import { convertArrayToReadableStream, MockLanguageModelV3 } from 'ai/test';
import Keyv from 'keyv';
import { describe, expect, it, vi } from 'vitest';
import { cacheMiddleware, type AiSdkCacheEntry } from '../src/index.js';
import { JsonCache, ObjectCache } from './helpers.js';

type MockGenerate = Awaited<ReturnType<MockLanguageModelV3['doGenerate']>>;
type MockStreamPart = Awaited<ReturnType<MockLanguageModelV3['doStream']>>['stream'] extends ReadableStream<infer P> ? P : never;

const usage = { inputTokens: { total: 5, noCache: 5, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 3, text: 3, reasoning: 0 } };
const stop = { unified: 'stop', raw: 'stop' } as const;

/** An offline model: every doGenerate answers `answer #n`, counting the calls that reached it. */
function generatingModel(finishReason: MockGenerate['finishReason'] = stop) {
  let n = 0;
  return new MockLanguageModelV3({
    doGenerate: async () => ({
      content: [{ type: 'text', text: `answer #${++n}` }],
      finishReason,
      usage,
      warnings: [],
      response: { id: `r${n}`, modelId: 'mock-model-id', timestamp: new Date(0) },
    }),
  });
}

/** An offline model whose doStream plays `Hello, world!` in three deltas, then the given ending. */
function streamingModel(ending: MockStreamPart[] = [{ type: 'finish', finishReason: stop, usage }]) {
  return new MockLanguageModelV3({
    doStream: async () => ({
      stream: convertArrayToReadableStream<MockStreamPart>([
        { type: 'stream-start', warnings: [] },
        { type: 'response-metadata', id: 'r1', modelId: 'mock-model-id', timestamp: new Date(0) },
        { type: 'text-start', id: 't' },
        { type: 'text-delta', id: 't', delta: 'Hello' },
        { type: 'text-delta', id: 't', delta: ', ' },
        { type: 'text-delta', id: 't', delta: 'world!' },
        { type: 'text-end', id: 't' },
        ...ending,
      ]),
    }),
  });
}

function cached(model: MockLanguageModelV3, middleware: LanguageModelMiddleware) {
  return wrapLanguageModel({ model, middleware });
}

describe('cacheMiddleware serves repeated generateText calls from the workbook cache', () => {
  it('answers the second identical call without reaching the model', async () => {
    const inner = generatingModel();
    const model = cached(inner, cacheMiddleware({ cache: new JsonCache<AiSdkCacheEntry>() }));
    const first = await generateText({ model, prompt: 'What is a cache?', temperature: 0 });
    const second = await generateText({ model, prompt: 'What is a cache?', temperature: 0 });
    expect(second.text, 'the repeat should return the stored answer').toBe(first.text);
    expect(inner.doGenerateCalls, 'the model should have been called once: the repeat must be a hit').toHaveLength(1);
    expect(second.providerMetadata?.['workbookCache'], 'a hit is marked so callers can log it').toEqual({ hit: true });
    expect(second.response.timestamp, 'a timestamp read back from a JSON cache is a Date again').toBeInstanceOf(Date);
  });

  it('works with an async cache that keeps values as they are (a Keyv)', async () => {
    const inner = generatingModel();
    const model = cached(inner, cacheMiddleware({ cache: new Keyv<AiSdkCacheEntry>() }));
    await generateText({ model, prompt: 'hi' });
    expect((await generateText({ model, prompt: 'hi' })).text).toBe('answer #1');
    expect(inner.doGenerateCalls).toHaveLength(1);
  });

  it.each([
    ['the prompt', { prompt: 'What is a queue?' }],
    ['the temperature', { temperature: 0.7 }],
    ['max output tokens', { maxOutputTokens: 50 }],
    ['the seed', { seed: 42 }],
  ])('misses when %s differs', async (_name, change) => {
    const inner = generatingModel();
    const model = cached(inner, cacheMiddleware({ cache: new JsonCache<AiSdkCacheEntry>() }));
    await generateText({ model, prompt: 'What is a cache?', temperature: 0 });
    const other = await generateText({ model, prompt: 'What is a cache?', temperature: 0, ...change });
    expect(other.text, 'a call that differs in a parameter that changes the answer must reach the model').toBe('answer #2');
  });

  it('hands out copies, so a caller changing a hit cannot change the cache (a synchronous in-memory cache)', async () => {
    const inner = generatingModel();
    const model = cached(inner, cacheMiddleware({ cache: new ObjectCache<AiSdkCacheEntry>() }));
    const call = { prompt: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }] };
    const miss = await model.doGenerate(call);
    (miss.content[0] as { text: string }).text = 'changed by the caller';
    const hit = await model.doGenerate(call);
    (hit.content[0] as { text: string }).text = 'changed again';
    expect((await model.doGenerate(call)).content[0], 'the cache must keep its own copy of the answer').toEqual({ type: 'text', text: 'answer #1' });
  });

  it('misses for another model id, even on the same cache', async () => {
    const cache = new JsonCache<AiSdkCacheEntry>();
    await generateText({ model: cached(generatingModel(), cacheMiddleware({ cache })), prompt: 'hi' });
    const otherInner = new MockLanguageModelV3({ modelId: 'other-model', doGenerate: generatingModel().doGenerate });
    await generateText({ model: cached(otherInner, cacheMiddleware({ cache })), prompt: 'hi' });
    expect(otherInner.doGenerateCalls).toHaveLength(1);
  });

  it('hits although a header or the abort signal differs: they cannot change the answer', async () => {
    const inner = generatingModel();
    const model = cached(inner, cacheMiddleware({ cache: new JsonCache<AiSdkCacheEntry>() }));
    await generateText({ model, prompt: 'hi', headers: { 'x-trace': 'a' } });
    await generateText({ model, prompt: 'hi', headers: { 'x-trace': 'b' }, abortSignal: new AbortController().signal });
    expect(inner.doGenerateCalls).toHaveLength(1);
  });

  it('does not store an answer cut short by the token limit', async () => {
    const cache = new JsonCache<AiSdkCacheEntry>();
    const model = cached(generatingModel({ unified: 'length', raw: 'length' }), cacheMiddleware({ cache }));
    await generateText({ model, prompt: 'hi' });
    expect(cache.entries.size, 'only answers that finished with stop may be stored').toBe(0);
  });
});

describe('cacheMiddleware replays complete streams', () => {
  it('replays the second identical streamText call without reaching the model', async () => {
    const inner = streamingModel();
    const model = cached(inner, cacheMiddleware({ cache: new JsonCache<AiSdkCacheEntry>() }));
    const first = await streamText({ model, prompt: 'greet' }).text;
    const replayed = streamText({ model, prompt: 'greet' });
    const deltas: string[] = [];
    for await (const delta of replayed.textStream) deltas.push(delta);
    expect(deltas.join(''), 'the replay should deliver the same text').toBe(first);
    expect(deltas, 'the replay keeps the recorded deltas, so the text still streams').toEqual(['Hello', ', ', 'world!']);
    expect(inner.doStreamCalls, 'the model should have been called once: the repeat must be a replay').toHaveLength(1);
    expect((await replayed.providerMetadata)?.['workbookCache']).toEqual({ hit: true });
  });

  it('does not store a stream that ended with an error', async () => {
    const cache = new JsonCache<AiSdkCacheEntry>();
    const model = cached(streamingModel([{ type: 'error', error: new Error('upstream reset') }, { type: 'finish', finishReason: stop, usage }]), cacheMiddleware({ cache }));
    await streamText({ model, prompt: 'greet', onError: () => {} }).consumeStream();
    expect(cache.entries.size, 'a stream with an error part must not be stored').toBe(0);
  });

  it('does not store a stream that finished for another reason than stop', async () => {
    const cache = new JsonCache<AiSdkCacheEntry>();
    const model = cached(streamingModel([{ type: 'finish', finishReason: { unified: 'length', raw: 'length' }, usage }]), cacheMiddleware({ cache }));
    await streamText({ model, prompt: 'greet' }).consumeStream();
    expect(cache.entries.size).toBe(0);
  });

  it('does not store a stream that never finished', async () => {
    const cache = new JsonCache<AiSdkCacheEntry>();
    const model = cached(streamingModel([]), cacheMiddleware({ cache }));
    await streamText({ model, prompt: 'greet', onError: () => {} }).consumeStream();
    expect(cache.entries.size, 'a stream without a finish part is incomplete and must not be stored').toBe(0);
  });

  // streamText reads the model's stream to its end even when its caller stops reading, so the stream to cancel here
  // is the wrapped model's own: what a caller's abort does to the provider's stream.
  it('does not store a stream cancelled before its end', async () => {
    const cache = new JsonCache<AiSdkCacheEntry>();
    const model = cached(streamingModel(), cacheMiddleware({ cache }));
    const { stream } = await model.doStream({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'greet' }] }] });
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();
    expect(cache.entries.size, 'a stream cancelled half way must not be stored').toBe(0);
  });
});

describe('cacheMiddleware fails open', () => {
  it('answers from the model and reports both failures when the cache is down', async () => {
    const cache = new JsonCache<AiSdkCacheEntry>();
    cache.failing = true;
    const onCacheError = vi.fn();
    const model = cached(generatingModel(), cacheMiddleware({ cache, onCacheError }));
    expect((await generateText({ model, prompt: 'hi' })).text, 'a failing cache must not fail the call').toBe('answer #1');
    expect(onCacheError.mock.calls.map(([, operation]) => operation)).toEqual(['get', 'set']);
  });

  it('streams from the model when the cache is down', async () => {
    const cache = new JsonCache<AiSdkCacheEntry>();
    cache.failing = true;
    const onCacheError = vi.fn();
    const model = cached(streamingModel(), cacheMiddleware({ cache, onCacheError }));
    expect(await streamText({ model, prompt: 'greet' }).text).toBe('Hello, world!');
    expect(onCacheError.mock.calls.map(([, operation]) => operation)).toEqual(['get', 'set']);
  });
});
