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
  readonly #client: ChatClient;
  readonly #now: () => number;

  constructor(client: ChatClient, options: InstrumentedClientOptions = {}) {
    if (typeof client?.chat !== 'function') throw new TypeError('`client` must be a chat client with a chat() method');
    const { stats = new CacheStats() } = options;
    if (!(stats instanceof CacheStats)) throw new TypeError('`stats` must be a CacheStats');
    this.#client = client;
    this.stats = stats;
    this.#now = stats.now;
  }

  async chat(request: ChatRequest, options?: ChatCallOptions): Promise<ChatResponse> {
    const start = this.#now();
    let response: ChatResponse;
    try {
      response = await this.#client.chat(request, options);
    } catch (error) {
      this.stats.recordRequestError();
      throw error;
    }
    const end = this.#now();
    this.stats.recordRequest(request.model, response.cache?.hit === true, end - start, response.usage, end);
    return response;
  }
}
