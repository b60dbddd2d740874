import { setTimeout as delay } from 'node:timers/promises';
import type { Cache } from '@workbook/cache';
import { BufferedChatStream } from '@workbook/openrouter';
import type { ChatCallOptions, ChatChunk, ChatClient, ChatRequest, ChatResponse, ChatStream, Sleep, StreamingChatClient } from '@workbook/openrouter';
import { cacheKey } from './cache-key.js';
import { answerOf, chunksToReplay, replay, type RecordedResponse } from './replay.js';
import { StreamFlight } from './stream-flight.js';
import { assertPauseMs, assertTtl } from './validate.js';

export interface CachingClientOptions {
  /** The client that answers misses: OpenRouter, the offline model, or another wrapper. `stream()` needs its `stream()`. */
  client: ChatClient & Partial<StreamingChatClient>;
  /** Where responses are kept; any cache with the workbook's interface, sync or async. */
  cache: Cache<ChatResponse>;
  /**
   * Time to live for stored responses, in ms: positive, or `Infinity`. @default undefined (the cache's own default)
   */
  ttlMs?: number;
  /** How a request becomes a key. @default cacheKey */
  key?: (request: ChatRequest) => string;
  /** Told about every cache failure; the call itself goes on as a miss. @default undefined (ignored) */
  onCacheError?: (error: unknown, operation: 'get' | 'set') => void;
  /** Rethrow cache failures instead of falling back to the upstream client. @default false */
  throwOnCacheError?: boolean;
  /**
   * Pause between two chunks of a replayed hit, in ms, to pace it like a model (the first chunk is never delayed).
   * `0` replays at once. @default 0
   */
  replayDelayMs?: number;
  /** How to wait out `replayDelayMs`; injectable so tests never really wait. @default a real timer */
  sleep?: Sleep;
}

/**
 * Whether a response may be stored: no error body, no choice that failed, and every choice finished with `stop`.
 * A response cut short by `max_tokens`, a content filter or an error would be served again and again if it were cached.
 */
export function isCacheable(response: ChatResponse): boolean {
  // TODO(ex1.caching-client): true only with no `error`, at least one choice, and on every choice finish_reason
  // 'stop' and no `error` of its own.
  throw new Error(`TODO(ex1.caching-client): isCacheable ${response.id}`);
}

/** Whether a recorded stream may be stored: its answer is cacheable and no chunk on the way carried an error. */
function isCompleteStream(response: ChatResponse, chunks: readonly ChatChunk[]): boolean {
  // TODO(ex1.stream-cache): isCacheable(response), and no chunk carries an `error`, on itself or on any choice.
  throw new Error(`TODO(ex1.stream-cache): isCompleteStream ${response.id} ${chunks.length}`);
}

/**
 * A chat client that answers repeated requests from a cache (a decorator: it has the client's own interface).
 * A hit returns a copy marked `cache.hit = true` without calling upstream; a miss calls upstream exactly once and
 * stores a copy if the response is complete. Cache failures never fail a call unless `throwOnCacheError` is set.
 * `chat()` and `stream()` share entries: an answer is the same whichever way it was delivered.
 */
export class CachingClient implements ChatClient, StreamingChatClient {
  readonly #options: CachingClientOptions;
  /** Streams still arriving from upstream, by key: identical requests join them instead of starting another. */
  readonly #flights = new Map<string, StreamFlight>();

  constructor(options: CachingClientOptions) {
    // TODO(ex1.caching-client): A missing `client` (no chat method) or `cache` (no get/set) throws a TypeError
    // naming the option. A `ttlMs` option, when given, follows TTLCache's rule (assertTtl in validate.ts): a
    // positive number of ms, or Infinity; else it throws here rather than failing every set().
    // TODO(ex1.stream-cache): A `replayDelayMs` option, when given, is a pause (assertPauseMs in validate.ts): a
    // TypeError for a non-number, a RangeError for a negative, NaN or Infinity, naming `replayDelayMs`.
    this.#options = options;
  }

  async chat(request: ChatRequest, options?: ChatCallOptions): Promise<ChatResponse> {
    // TODO(ex1.caching-client): A hit returns a copy of the stored response with cache: { hit: true, key } and no
    // upstream call. A miss calls the wrapped client exactly once (passing `options` on), stores a copy only if
    // isCacheable, and returns it with cache: { hit: false, key }. A failing cache get/set is reported to
    // onCacheError and treated as a miss, unless throwOnCacheError is set.
    // TODO(ex1.stream-cache): An entry recorded by stream() holds `chunks` too: a hit returns answerOf(entry).
    throw new Error(`TODO(ex1.caching-client): chat ${request.model} ${options?.signal?.aborted}`);
  }

  /**
   * Streams the answer: a hit replays the recorded chunks (paced by `replayDelayMs`); a miss streams from upstream
   * while it is recorded, shared with every identical request that arrives before it ends, and stored only complete.
   */
  stream(request: ChatRequest, options: ChatCallOptions = {}): ChatStream {
    // TODO(ex1.stream-cache): A client without stream() throws a TypeError naming `client`, at once. Otherwise return
    // a BufferedChatStream whose producer (push, closed) reads until `options.signal` or `closed` aborts
    // (AbortSignal.any). It looks the key up as chat() does. A hit replays chunksToReplay(entry) through replay(),
    // paced by `replayDelayMs`, and returns answerOf(entry) with cache: { hit: true, key }. A miss follows
    // #flightFor(key, …) and returns its response with cache: { hit: false, key }.
    throw new Error(`TODO(ex1.stream-cache): stream ${request.model} ${options.signal?.aborted}`);
  }

  /** The stream in flight for `key`, or a new one, recorded and stored when it ends complete. */
  #flightFor(key: string, request: ChatRequest, open: StreamingChatClient['stream']): StreamFlight {
    // TODO(ex1.stream-cache): Return the flight in #flights for `key` unless it is missing or abandoned. Else start
    // a StreamFlight that opens `open(request, { signal })` and, when it ends, stores a copy of the response with
    // its `chunks` if isCompleteStream; keep it in #flights until its outcome settles, then remove it (only if it
    // is still the one there).
    throw new Error(`TODO(ex1.stream-cache): flightFor ${key} ${request.model} ${typeof open}`);
  }
}

/** The default pause between replayed chunks: a real timer that stops when the reader leaves. */
const sleep: Sleep = (ms, signal) => delay(ms, undefined, signal ? { signal } : {});
