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
  return (
    response.error === undefined &&
    response.choices.length > 0 &&
    response.choices.every((choice) => choice.finish_reason === 'stop' && choice.error === undefined)
  );
}

/** Whether a recorded stream may be stored: its answer is cacheable and no chunk on the way carried an error. */
function isCompleteStream(response: ChatResponse, chunks: readonly ChatChunk[]): boolean {
  return isCacheable(response) && chunks.every((chunk) => chunk.error === undefined && chunk.choices.every((choice) => choice.error === undefined));
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
    if (typeof options?.client?.chat !== 'function') throw new TypeError('`client` must be a chat client with a chat() method');
    if (typeof options.cache?.get !== 'function' || typeof options.cache.set !== 'function') {
      throw new TypeError('`cache` must implement get() and set()');
    }
    // Checked here, once: a TTL the cache would reject would otherwise fail every miss's set() and store nothing.
    if (options.ttlMs !== undefined) assertTtl('ttlMs', options.ttlMs);
    if (options.replayDelayMs !== undefined) assertPauseMs('replayDelayMs', options.replayDelayMs);
    if (options.sleep !== undefined && typeof options.sleep !== 'function') throw new TypeError('`sleep` must be a function');
    this.#options = options;
  }

  async chat(request: ChatRequest, options?: ChatCallOptions): Promise<ChatResponse> {
    const key = (this.#options.key ?? cacheKey)(request);
    const cached = await this.#attempt('get', () => this.#options.cache.get(key));
    if (cached !== undefined) return { ...structuredClone(answerOf(cached)), cache: { hit: true, key } };

    const response = await this.#options.client.chat(request, options);
    // Store a private copy: the caller may mutate what it receives.
    if (isCacheable(response)) await this.#store(key, structuredClone(response));
    return { ...response, cache: { hit: false, key } };
  }

  /**
   * Streams the answer: a hit replays the recorded chunks (paced by `replayDelayMs`); a miss streams from upstream
   * while it is recorded, shared with every identical request that arrives before it ends, and stored only complete.
   */
  stream(request: ChatRequest, options: ChatCallOptions = {}): ChatStream {
    const { client } = this.#options;
    if (typeof client.stream !== 'function') throw new TypeError('`client` has no stream() method: wrap a streaming client to call stream()');
    const open = client.stream.bind(client);
    const key = (this.#options.key ?? cacheKey)(request);
    return new BufferedChatStream(async (push, closed) => {
      const signal = options.signal ? AbortSignal.any([options.signal, closed]) : closed;
      const cached = await this.#attempt('get', () => this.#options.cache.get(key));
      if (cached !== undefined) {
        await replay(chunksToReplay(cached), push, signal, this.#options.replayDelayMs ?? 0, this.#options.sleep ?? sleep);
        return { ...structuredClone(answerOf(cached)), cache: { hit: true, key } };
      }
      const response = await this.#flightFor(key, request, open).follow(push, signal);
      return { ...response, cache: { hit: false, key } };
    });
  }

  /** The stream in flight for `key`, or a new one, recorded and stored when it ends complete. */
  #flightFor(key: string, request: ChatRequest, open: StreamingChatClient['stream']): StreamFlight {
    const current = this.#flights.get(key);
    if (current && !current.abandoned) return current;
    const flight = new StreamFlight(
      (signal) => open(request, { signal }),
      async (response, chunks) => {
        if (isCompleteStream(response, chunks)) await this.#store(key, { ...structuredClone(response), chunks: structuredClone([...chunks]) });
      },
    );
    this.#flights.set(key, flight);
    void flight.outcome.then(() => {
      if (this.#flights.get(key) === flight) this.#flights.delete(key);
    });
    return flight;
  }

  async #store(key: string, entry: RecordedResponse): Promise<void> {
    await this.#attempt('set', () => this.#options.cache.set(key, entry, this.#options.ttlMs));
  }

  async #attempt<T>(operation: 'get' | 'set', run: () => T | Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (error) {
      if (this.#options.throwOnCacheError) throw error;
      this.#options.onCacheError?.(error, operation);
      return undefined;
    }
  }
}

/** The default pause between replayed chunks: a real timer that stops when the reader leaves. */
const sleep: Sleep = (ms, signal) => delay(ms, undefined, signal ? { signal } : {});
