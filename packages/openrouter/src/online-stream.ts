import { reportedError } from './choice-error.js';
import { abortedError, OpenRouterError } from './errors.js';
import { serverSentEvents } from './sse.js';
import { BufferedChatStream, ResponseAssembler } from './stream.js';
import { failure, invalidBody, send, type AttemptContext, type Transport } from './transport.js';
import type { ChatCallOptions, ChatChunk, ChatRequest, ChatResponse, ChatStream } from './types.js';

/**
 * Streams `request` from OpenRouter: POSTs it with `stream: true` and turns the server-sent events into chunks.
 *
 * - Until the response starts (status line and headers), failures are retried like `chat()`'s.
 * - Comment lines (`: OPENROUTER PROCESSING`) only keep the connection alive; `data: [DONE]` ends the stream.
 * - An event with a top-level `error`, or a choice with `error` / `finish_reason: 'error'`, fails the stream with
 *   an `OpenRouterError` (`code`, `metadata`, `retryAfterMs`) after the chunks before it: never retried, since the
 *   tokens so far were generated and billed, and the caller may already have shown them.
 * - `timeoutMs` is the longest silence allowed (comments count), not a limit on the whole answer.
 * - The caller's signal, or leaving the loop early, aborts the HTTP request.
 */
export function openStream(transport: Transport, request: ChatRequest, options: ChatCallOptions = {}): ChatStream {
  const body = JSON.stringify({ ...request, stream: true });
  return new BufferedChatStream(async (push, closed) => {
    const signal = options.signal ? AbortSignal.any([options.signal, closed]) : closed;
    const attempt = await send(
      transport,
      '/chat/completions',
      body,
      { signal, accept: 'text/event-stream', keepOpen: true },
      async (context) => ({ value: context }),
    );
    try {
      return await readChunks(transport, attempt, push);
    } catch (cause) {
      if (closed.aborted && !options.signal?.aborted) throw abortedError(closed.reason);
      throw failure(transport, cause, options.signal, attempt.timer);
    } finally {
      attempt.done();
    }
  });
}

async function readChunks(transport: Transport, attempt: AttemptContext, push: (chunk: ChatChunk) => void): Promise<ChatResponse> {
  const { response, timer } = attempt;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('text/event-stream')) {
    // Some gateways answer a streaming request with one JSON body; an error body must not pass as an empty stream.
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw invalidBody(response.status, text, transport.secret, 'a body that is neither an event stream nor JSON');
    }
    throw reportedError(json, transport.secret) ?? invalidBody(response.status, text, transport.secret, 'JSON instead of an event stream');
  }
  if (!response.body) throw invalidBody(response.status, '', transport.secret, 'an empty body');
  const retryAfterMs = transport.retryAfterMs(response.headers.get('retry-after'));
  const assembler = new ResponseAssembler();
  for await (const event of serverSentEvents(response.body, () => timer.touch())) {
    if (event.data === '[DONE]') return assembler.result();
    let chunk: unknown;
    try {
      chunk = JSON.parse(event.data);
    } catch {
      throw invalidBody(response.status, event.data, transport.secret, 'an event that is not JSON');
    }
    const failed = reportedError(chunk, transport.secret, retryAfterMs);
    if (failed) throw failed;
    assembler.add(chunk as ChatChunk);
    push(chunk as ChatChunk);
  }
  // The connection closed without `[DONE]`: the answer may be cut short, so it must not pass as complete.
  throw new OpenRouterError('The stream ended before `data: [DONE]`; the answer may be incomplete. Try again.', {
    code: 'network',
    retryable: true,
  });
}
