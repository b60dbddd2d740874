import { BufferedChatStream } from '@workbook/openrouter';
import type { ChatCallOptions, ChatClient, ChatRequest, ChatResponse, ChatStream, StreamingChatClient } from '@workbook/openrouter';
import { CacheStats } from './stats.js';

export interface InstrumentedClientOptions {
  /** Where to record. Share one with an `InstrumentedCache` to see both layers together. @default a new CacheStats() */
  stats?: CacheStats;
}

/**
 * A chat client that measures the caching client inside it: every request is timed end to end on the stats clock
 * and classified by its response's `cache.hit` mark (a response without the mark came from upstream, so it is a
 * miss). Hits add their usage and cost to the value saved; misses price the time a hit saves. Responses and errors
 * pass through untouched — the same object, the same rejection. Streams are counted the same way, and also record
 * their time to first token.
 */
export class InstrumentedClient implements ChatClient, StreamingChatClient {
  /** Where this wrapper records. */
  readonly stats: CacheStats;
  readonly #client: ChatClient & Partial<StreamingChatClient>;
  readonly #now: () => number;

  constructor(client: ChatClient & Partial<StreamingChatClient>, options: InstrumentedClientOptions = {}) {
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

  /**
   * Streams through the wrapped client's `stream()`, handing on the same chunks and the same response. Once the
   * stream has ended, it is counted as a hit or a miss by its response's `cache.hit`, timed end to end, and its time
   * to first token (call to first chunk) is recorded with it; a stream that fails is an error, with no timing.
   */
  stream(request: ChatRequest, options: ChatCallOptions = {}): ChatStream {
    const client = this.#client;
    if (typeof client.stream !== 'function') throw new TypeError('`client` has no stream() method: wrap a streaming client to call stream()');
    const open = client.stream.bind(client);
    const start = this.#now();
    return new BufferedChatStream(async (push, closed) => {
      // The reader leaving this stream early leaves the wrapped one too, so upstream stops generating.
      const signal = options.signal ? AbortSignal.any([options.signal, closed]) : closed;
      const inner = open(request, { ...options, signal });
      let firstAt: number | undefined;
      let response: ChatResponse;
      try {
        for await (const chunk of inner) {
          firstAt ??= this.#now();
          push(chunk);
        }
        response = await inner.response;
      } catch (error) {
        this.stats.recordRequestError();
        throw error;
      }
      const end = this.#now();
      const hit = response.cache?.hit === true;
      this.stats.recordRequest(request.model, hit, end - start, response.usage, end);
      if (firstAt !== undefined) this.stats.recordFirstToken(hit, firstAt - start);
      return response;
    });
  }
}
