import type { LanguageModelMiddleware } from 'ai';
import { FailOpenStore, type CacheAdapterOptions } from './fail-open.js';
import { hashKey } from './key.js';

/** The types the middleware speaks, taken from the SDK's own signature so they follow its version. */
type WrapGenerate = NonNullable<LanguageModelMiddleware['wrapGenerate']>;
type CallOptions = Parameters<WrapGenerate>[0]['params'];
type Model = Parameters<WrapGenerate>[0]['model'];
type GenerateResult = Awaited<ReturnType<WrapGenerate>>;
type StreamResult = Awaited<ReturnType<NonNullable<LanguageModelMiddleware['wrapStream']>>>;
type StreamPart = StreamResult['stream'] extends ReadableStream<infer P> ? P : never;

/** What one entry holds: a generate result without its raw HTTP bodies, or the parts of a complete stream. */
export type AiSdkCacheEntry = { kind: 'generate'; result: GenerateResult } | { kind: 'stream'; parts: StreamPart[] };

/** Options of {@link cacheMiddleware}: the workbook cache behind it (entries are JSON-safe). */
export type AiSdkCacheOptions = CacheAdapterOptions<AiSdkCacheEntry>;

/**
 * Call options that cannot change the answer and so stay out of the key: the abort signal, HTTP headers (tracing,
 * auth) and whether raw provider chunks are passed through (they are never stored, see {@link recordable}).
 */
const IGNORED_PARAMS: ReadonlySet<string> = new Set(['abortSignal', 'headers', 'includeRawChunks']);

/**
 * The cache key of a model call: the provider, the model id, and every call option that can change the answer
 * (prompt, temperature, max tokens, stop sequences, seed, tools, response format, provider options, …), hashed.
 * Options the SDK adds later are kept, not ignored: an unknown option that splits the cache costs a miss, one wrongly
 * ignored serves a wrong answer. `generate` and `stream` entries are apart because they hold different shapes.
 */
export function aiSdkKey(kind: 'generate' | 'stream', model: Pick<Model, 'provider' | 'modelId'>, params: CallOptions): string {
  const fields = Object.fromEntries(Object.entries(params).filter(([name]) => !IGNORED_PARAMS.has(name)));
  return hashKey(`ai-sdk-${kind}`, [model.provider, model.modelId, fields]);
}

/**
 * A language-model middleware that answers repeated calls from a workbook cache (the middleware pattern: the SDK runs
 * it around every call of a model wrapped with `wrapLanguageModel({ model, middleware: cacheMiddleware(...) })`).
 * `generateText` repeats are served by `wrapGenerate`; `streamText` repeats by `wrapStream`, which replays the
 * recorded parts of an earlier complete stream. Only answers that finished with `stop` are stored: one cut short by
 * a token limit, a content filter, a tool call round or an error would otherwise be served again and again.
 * A hit carries `providerMetadata.workbookCache.hit = true`. A failing cache never fails the call.
 */
export function cacheMiddleware(options: AiSdkCacheOptions): LanguageModelMiddleware {
  const store = new FailOpenStore(options);
  return {
    specificationVersion: 'v3',
    async wrapGenerate({ doGenerate, params, model }) {
      const key = aiSdkKey('generate', model, params);
      const cached = await store.get(key);
      if (cached?.kind === 'generate') return markHit(revive(cached.result));
      const result = await doGenerate();
      if (result.finishReason.unified === 'stop') await store.set(key, { kind: 'generate', result: storable(result) });
      return result;
    },
    async wrapStream({ doStream, params, model }) {
      const key = aiSdkKey('stream', model, params);
      const cached = await store.get(key);
      if (cached?.kind === 'stream') return { stream: replay(cached.parts.map(revive)) };
      const result = await doStream();
      return { ...result, stream: result.stream.pipeThrough(recorder((parts) => store.set(key, { kind: 'stream', parts }))) };
    },
  };
}

/** A generate result without what belongs to one HTTP exchange: the raw request and response bodies and headers. */
function storable(result: GenerateResult): GenerateResult {
  const { request: _request, response, ...rest } = result;
  if (response === undefined) return rest;
  const { body: _body, headers: _headers, ...metadata } = response;
  return { ...rest, response: metadata };
}

function markHit(result: GenerateResult): GenerateResult {
  return { ...result, providerMetadata: { ...result.providerMetadata, workbookCache: { hit: true } } };
}

/**
 * Passes every part through unchanged and, when the stream ends complete — a `finish` part with reason `stop` and no
 * `error` part on the way — hands the recorded parts to `save`. A stream the reader cancels never reaches `flush`,
 * so it is never stored. `flush` waits for the write so that a repeat made right after the stream ends is a hit.
 */
function recorder(save: (parts: StreamPart[]) => Promise<void>): TransformStream<StreamPart, StreamPart> {
  const parts: StreamPart[] = [];
  let complete = false;
  let failed = false;
  return new TransformStream({
    transform(part, controller) {
      controller.enqueue(part);
      if (part.type === 'error') failed = true;
      if (part.type === 'finish') complete = part.finishReason.unified === 'stop';
      if (recordable(part)) parts.push(part);
    },
    async flush() {
      if (complete && !failed) await save(parts);
    },
  });
}

/** Raw provider chunks are only sent to callers who asked for them (`includeRawChunks`), so a replay leaves them out. */
function recordable(part: StreamPart): boolean {
  return part.type !== 'raw';
}

/** A stream that plays recorded parts back at once, marking the `finish` part as a cache hit. */
function replay(parts: StreamPart[]): ReadableStream<StreamPart> {
  return new ReadableStream({
    start(controller) {
      for (const part of parts) {
        controller.enqueue(part.type === 'finish' ? { ...part, providerMetadata: { ...part.providerMetadata, workbookCache: { hit: true } } } : part);
      }
      controller.close();
    },
  });
}

/**
 * Undoes what a JSON-backed cache (disk, Redis) does to a response timestamp: the SDK hands out a `Date`, JSON keeps
 * an ISO string. An in-memory cache returns the `Date` itself, which passes through.
 */
function revive<T>(value: T): T {
  const withResponse = value as { response?: { timestamp?: unknown }; timestamp?: unknown; type?: unknown };
  if (typeof withResponse.response?.timestamp === 'string') {
    return { ...value, response: { ...withResponse.response, timestamp: new Date(withResponse.response.timestamp) } };
  }
  if (withResponse.type === 'response-metadata' && typeof withResponse.timestamp === 'string') {
    return { ...value, timestamp: new Date(withResponse.timestamp) };
  }
  return value;
}
