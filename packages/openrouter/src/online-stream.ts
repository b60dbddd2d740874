import { reportedError } from './choice-error.js';
import { abortedError, OpenRouterError } from './errors.js';
import { serverSentEvents } from './sse.js';
import { BufferedChatStream, ResponseAssembler } from './stream.js';
import { failure, invalidBody, send, type AttemptContext, type Outcome, type Transport } from './transport.js';
import type { ChatCallOptions, ChatChunk, ChatRequest, ChatStream } from './types.js';

/**
 * Streams `request` from OpenRouter: POSTs it with `stream: true` and turns the server-sent events into chunks.
 *
 * - Until the first chunk arrives, failures are retried like `chat()`'s, by the same loop and within the same
 *   `deadlineMs`: nothing has reached the caller yet, so a fresh attempt is safe.
 * - Comment lines (`: OPENROUTER PROCESSING`) only keep the connection alive; `data: [DONE]` ends the stream.
 * - An event with a top-level `error`, or a choice with `error` / `finish_reason: 'error'`, fails the stream with
 *   an `OpenRouterError` (`code`, `metadata`, `retryAfterMs`) after the chunks before it: never retried once a
 *   chunk has been handed on, since those tokens were generated and billed, and the caller may have shown them.
 * - `timeoutMs` is the longest silence allowed (comments count), not a limit on the whole answer.
 * - The caller's signal, or leaving the loop early, aborts the HTTP request.
 */
export function openStream(transport: Transport, request: ChatRequest, options: ChatCallOptions = {}): ChatStream {
  const body = JSON.stringify({ ...request, stream: true });
  return new BufferedChatStream(async (push, closed) => {
    const signal = options.signal ? AbortSignal.any([options.signal, closed]) : closed;
    const { attempt, chunks, first } = await send(
      transport,
      '/chat/completions',
      body,
      { signal, accept: 'text/event-stream', keepOpen: true },
      (context) => firstChunk(transport, context, signal),
    );
    const assembler = new ResponseAssembler();
    try {
      for (let next = first; !next.done; next = await chunks.next()) {
        assembler.add(next.value);
        push(next.value);
      }
      return assembler.result();
    } catch (cause) {
      if (closed.aborted && !options.signal?.aborted) throw abortedError(closed.reason);
      throw failure(transport, cause, options.signal, attempt.timer);
    } finally {
      attempt.done();
    }
  });
}

/** An attempt whose stream has started: its first read (a chunk, or the end) and the chunks after it. */
interface Started {
  readonly attempt: AttemptContext;
  readonly chunks: AsyncGenerator<ChatChunk, void>;
  readonly first: IteratorResult<ChatChunk, void>;
}

/** Reads up to the first chunk; a failure before it is the attempt's outcome, so the retry loop may try again. */
async function firstChunk(transport: Transport, attempt: AttemptContext, signal: AbortSignal): Promise<Outcome<Started>> {
  const chunks = chunksOf(transport, attempt);
  try {
    return { value: { attempt, chunks, first: await chunks.next() } };
  } catch (cause) {
    const error = failure(transport, cause, signal, attempt.timer);
    // Frees the connection of the failed attempt before a retry opens another.
    attempt.cancel(error);
    return { error };
  }
}

/** The chunks of one event-stream response, in order; ends at `data: [DONE]`, throws the stream's error. */
async function* chunksOf(transport: Transport, attempt: AttemptContext): AsyncGenerator<ChatChunk, void> {
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
  for await (const event of serverSentEvents(response.body, () => timer.touch())) {
    if (event.data === '[DONE]') return;
    let chunk: unknown;
    try {
      chunk = JSON.parse(event.data);
    } catch {
      throw invalidBody(response.status, event.data, transport.secret, 'an event that is not JSON');
    }
    const failed = reportedError(chunk, transport.secret, retryAfterMs);
    if (failed) throw failed;
    yield chunk as ChatChunk;
  }
  // The connection closed without `[DONE]`: the answer may be cut short, so it must not pass as complete.
  throw new OpenRouterError('The stream ended before `data: [DONE]`; the answer may be incomplete. Try again.', {
    code: 'network',
    retryable: true,
  });
}
