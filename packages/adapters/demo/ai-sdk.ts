/**
 * `pnpm demo:ai-sdk`: a Vercel AI SDK model wrapped with the workbook's cache middleware. Offline: the model is the
 * SDK's own mock, answering after 300 ms and streaming a delta every 80 ms like a real one. Each call is made twice:
 * the first misses and reaches the model, the repeat is served (generateText) or replayed (streamText) from the cache.
 */
import { generateText, simulateReadableStream, streamText, wrapLanguageModel } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import Keyv from 'keyv';
import { cacheMiddleware, type AiSdkCacheEntry } from '../src/index.js';

const usage = { inputTokens: { total: 6, noCache: 6, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 9, text: 9, reasoning: 0 } };
const stop = { unified: 'stop', raw: 'stop' } as const;
const words = ['A ', 'cache ', 'keeps ', 'answers ', 'so ', 'repeats ', 'skip ', 'the ', 'model.'];

const offlineModel = new MockLanguageModelV3({
  modelId: 'offline-demo',
  doGenerate: async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { content: [{ type: 'text', text: words.join('') }], finishReason: stop, usage, warnings: [] };
  },
  doStream: async () => ({
    stream: simulateReadableStream({
      chunkDelayInMs: 80,
      chunks: [
        { type: 'stream-start' as const, warnings: [] },
        { type: 'text-start' as const, id: 't' },
        ...words.map((delta) => ({ type: 'text-delta' as const, id: 't', delta })),
        { type: 'text-end' as const, id: 't' },
        { type: 'finish' as const, finishReason: stop, usage },
      ],
    }),
  }),
});

// Any workbook cache fits (TTLCache, DiskCache, TieredCache); a Keyv satisfies the same interface.
const model = wrapLanguageModel({ model: offlineModel, middleware: cacheMiddleware({ cache: new Keyv<AiSdkCacheEntry>(), ttlMs: 60 * 60_000 }) });

function report(label: string, started: number, detail: string): void {
  console.log(`${label.padEnd(22)} ${(performance.now() - started).toFixed(1).padStart(7)} ms  ${detail}`);
}

for (const label of ['generateText miss', 'generateText hit']) {
  const started = performance.now();
  const { text } = await generateText({ model, prompt: 'What is a cache?', temperature: 0 });
  report(label, started, `model calls so far: ${offlineModel.doGenerateCalls.length}  → ${text}`);
}

for (const label of ['streamText miss', 'streamText replay']) {
  const started = performance.now();
  let firstDeltaMs = 0;
  let text = '';
  for await (const delta of streamText({ model, prompt: 'What is a cache?', temperature: 0 }).textStream) {
    if (text === '') firstDeltaMs = performance.now() - started;
    text += delta;
  }
  report(label, started, `first delta after ${firstDeltaMs.toFixed(1)} ms, model streams so far: ${offlineModel.doStreamCalls.length}  → ${text}`);
}
