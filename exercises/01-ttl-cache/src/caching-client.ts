import type { Cache } from '@workbook/cache';
import type { ChatCallOptions, ChatClient, ChatRequest, ChatResponse } from '@workbook/openrouter';

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
  // TODO(ex1.caching-client): true only with no `error`, at least one choice, and finish_reason 'stop' on each.
  throw new Error(`TODO(ex1.caching-client): isCacheable ${response.id}`);
}

/**
 * A chat client that answers repeated requests from a cache (a decorator: it has the client's own interface).
 * A hit returns a copy marked `cache.hit = true` without calling upstream; a miss calls upstream exactly once and
 * stores a copy if the response is complete. Cache failures never fail a call unless `throwOnCacheError` is set.
 */
export class CachingClient implements ChatClient {
  constructor(options: CachingClientOptions) {
    // TODO(ex1.caching-client): A missing `client` (no chat method) or `cache` (no get/set) throws a TypeError
    // naming the option. A `ttlMs` option, when given, follows TTLCache's rule (assertTtl in validate.ts): a
    // positive number of ms, or Infinity; else it throws here rather than failing every set().
  }

  async chat(request: ChatRequest, options?: ChatCallOptions): Promise<ChatResponse> {
    // TODO(ex1.caching-client): A hit returns a copy of the stored response with cache: { hit: true, key } and no
    // upstream call. A miss calls the wrapped client exactly once (passing `options` on), stores a copy only if
    // isCacheable, and returns it with cache: { hit: false, key }. A failing cache get/set is reported to
    // onCacheError and treated as a miss, unless throwOnCacheError is set.
    throw new Error(`TODO(ex1.caching-client): chat ${request.model}`);
  }
}
