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

  constructor(client: ChatClient & Partial<StreamingChatClient>, options: InstrumentedClientOptions = {}) {
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

  /**
   * Streams through the wrapped client's `stream()`, handing on the same chunks and the same response. Once the
   * stream has ended, it is counted as a hit or a miss by its response's `cache.hit`, timed end to end, and its time
   * to first token (call to first chunk) is recorded with it; a stream that fails is an error, with no timing.
   */
  stream(request: ChatRequest, options: ChatCallOptions = {}): ChatStream {
    // TODO(ex3.latency): A wrapped client without stream() throws a TypeError naming `client`, at once. Read start
    // from stats.now when stream() is called, and return a BufferedChatStream whose producer (push, closed) calls
    // the wrapped stream() once with the request and a signal that aborts with options.signal or `closed` (so a
    // reader that leaves early stops upstream). Push every chunk on unchanged, reading the time at the first one;
    // resolve with the very response the wrapped stream gave. Then stats.recordRequest(…) as chat() does, with
    // end − start, and stats.recordFirstToken(hit, first − start) when a chunk came. A failure is
    // stats.recordRequestError() and reaches the caller unchanged.
    throw new Error(`TODO(ex3.latency): stream ${request.model} ${typeof BufferedChatStream} ${options.signal?.aborted}`);
  }
}
