import type { ChatCallOptions, ChatClient, ChatRequest, ChatResponse } from '@workbook/openrouter';
import { CacheStats } from './stats.js';

export interface InstrumentedClientOptions {
  /** Where to record. Share one with an `InstrumentedCache` to see both layers together. @default a new CacheStats() */
  stats?: CacheStats;
}

/**
 * A chat client that measures the caching client inside it: every request is timed end to end on the stats clock
 * and classified by its response's `cache.hit` mark (a response without the mark came from upstream, so it is a
 * miss). Hits add their usage and cost to the value saved; misses price the time a hit saves. Responses and errors
 * pass through untouched — the same object, the same rejection.
 */
export class InstrumentedClient implements ChatClient {
  /** Where this wrapper records. */
  readonly stats: CacheStats;

  constructor(client: ChatClient, options: InstrumentedClientOptions = {}) {
    // TODO(ex3.counters): A `client` without a chat() method throws a TypeError naming `client`; `stats` must be a
    // CacheStats (TypeError naming `stats`). Read the time only through stats.now.
    this.stats = options.stats ?? new CacheStats();
  }

  async chat(request: ChatRequest, options?: ChatCallOptions): Promise<ChatResponse> {
    // TODO(ex3.counters): Call the wrapped client once with the same request and options, and return the very
    // response it gave: stats.recordRequest(request.model, response.cache?.hit === true, latency, response.usage,
    // end). A rejection is stats.recordRequestError() and reaches the caller unchanged.
    // TODO(ex3.latency): latency = end − start, both read from stats.now around the wrapped call; a failed request
    // is not timed.
    throw new Error(`TODO(ex3.counters): chat ${request.model} with ${options ? 'options' : 'no options'}`);
  }
}
