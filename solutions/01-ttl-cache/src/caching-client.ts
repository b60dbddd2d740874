import type { Cache } from '@workbook/cache';
import type { ChatCallOptions, ChatClient, ChatRequest, ChatResponse } from '@workbook/openrouter';
import { cacheKey } from './cache-key.js';
import { assertTtl } from './validate.js';

export interface CachingClientOptions {
  /** The client that answers misses: OpenRouter, the offline model, or another wrapper. */
  client: ChatClient;
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
}

/**
 * Whether a response may be stored: no error body and every choice finished with `stop`. A response cut short by
 * `max_tokens`, a content filter or an error would be served again and again if it were cached.
 */
export function isCacheable(response: ChatResponse): boolean {
  return response.error === undefined && response.choices.length > 0 && response.choices.every((choice) => choice.finish_reason === 'stop');
}

/**
 * A chat client that answers repeated requests from a cache (a decorator: it has the client's own interface).
 * A hit returns a copy marked `cache.hit = true` without calling upstream; a miss calls upstream exactly once and
 * stores a copy if the response is complete. Cache failures never fail a call unless `throwOnCacheError` is set.
 */
export class CachingClient implements ChatClient {
  readonly #options: CachingClientOptions;

  constructor(options: CachingClientOptions) {
    if (typeof options?.client?.chat !== 'function') throw new TypeError('`client` must be a chat client with a chat() method');
    if (typeof options.cache?.get !== 'function' || typeof options.cache.set !== 'function') {
      throw new TypeError('`cache` must implement get() and set()');
    }
    // Checked here, once: a TTL the cache would reject would otherwise fail every miss's set() and store nothing.
    if (options.ttlMs !== undefined) assertTtl('ttlMs', options.ttlMs);
    this.#options = options;
  }

  async chat(request: ChatRequest, options?: ChatCallOptions): Promise<ChatResponse> {
    const key = (this.#options.key ?? cacheKey)(request);
    const cached = await this.#attempt('get', () => this.#options.cache.get(key));
    if (cached !== undefined) return { ...structuredClone(cached), cache: { hit: true, key } };

    const response = await this.#options.client.chat(request, options);
    // Store a private copy: the caller may mutate what it receives.
    if (isCacheable(response)) await this.#attempt('set', () => this.#options.cache.set(key, structuredClone(response), this.#options.ttlMs));
    return { ...response, cache: { hit: false, key } };
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
