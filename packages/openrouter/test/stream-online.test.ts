import { afterEach, describe, expect, it } from 'vitest';
import { OpenRouterError } from '../src/errors.js';
import type { ChatChunk, ChatStream } from '../src/types.js';
import { CANARY_KEY, hello, rejectionOf, testClient } from './helpers/fake-openrouter.js';
import {
  chunk,
  DONE,
  errorChunk,
  event,
  finalUsage,
  HELLO_EVENTS,
  openEventStream,
  PROCESSING,
  startStreamServer,
  usageChunk,
  type StreamHandler,
  type StreamServer,
} from './helpers/stream-server.js';

let server: StreamServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: StreamHandler): Promise<StreamServer> {
  server = await startStreamServer(handler);
  return server;
}

/** Answers with `events`, written one at a time, and ends the response. */
function streaming(events: readonly string[], headers: Record<string, string> = {}): StreamHandler {
  return (_request, response) => {
    openEventStream(response, headers);
    for (const text of events) response.write(text);
    response.end();
  };
}

async function collect(stream: ChatStream): Promise<ChatChunk[]> {
  const chunks: ChatChunk[] = [];
  for await (const received of stream) chunks.push(received);
  return chunks;
}

function contentOf(chunks: readonly ChatChunk[]): string {
  return chunks.map((received) => received.choices[0]?.delta.content ?? '').join('');
}

describe('OpenRouterClient.stream: a complete stream', () => {
  it('posts the request with stream: true and asks for an event stream', async () => {
    await serve(streaming(HELLO_EVENTS));
    await collect(testClient(server!.baseUrl).client.stream(hello));
    const { request } = server!.exchanges[0]!;
    expect(request.url).toBe('/api/v1/chat/completions');
    expect(JSON.parse(request.body)).toEqual({ ...hello, stream: true });
    expect(request.headers['accept']).toBe('text/event-stream');
    expect(request.headers['authorization']).toBe(`Bearer ${CANARY_KEY}`);
  });

  it('yields every data event as a typed chunk, in order, including the final usage chunk', async () => {
    await serve(streaming(HELLO_EVENTS));
    const chunks = await collect(testClient(server!.baseUrl).client.stream(hello));
    expect(chunks).toHaveLength(4);
    expect(contentOf(chunks)).toBe('Hello, world!');
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(chunks.at(-1)).toEqual(usageChunk());
  });

  it('resolves response with the assembled answer and the usage of the final chunk', async () => {
    await serve(streaming(HELLO_EVENTS));
    const stream = testClient(server!.baseUrl).client.stream(hello);
    await collect(stream);
    expect(await stream.response).toEqual({
      id: 'gen-stream-1',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'openai/gpt-4o-mini',
      provider: 'OpenAI',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'Hello, world!' }, finish_reason: 'stop', native_finish_reason: 'stop' },
      ],
      usage: finalUsage,
    });
  });

  it('resolves response even when nobody iterates', async () => {
    await serve(streaming(HELLO_EVENTS));
    const response = await testClient(server!.baseUrl).client.stream(hello).response;
    expect(response.choices[0]?.message.content).toBe('Hello, world!');
  });

  it('ignores comment lines such as ": OPENROUTER PROCESSING"', async () => {
    await serve(streaming([PROCESSING, PROCESSING, ...HELLO_EVENTS.slice(0, 2), PROCESSING, ...HELLO_EVENTS.slice(2)]));
    const chunks = await collect(testClient(server!.baseUrl).client.stream(hello));
    expect(contentOf(chunks)).toBe('Hello, world!');
    expect(chunks).toHaveLength(4);
  });

  it('reassembles events split across network writes, even inside a multi-byte character, with CRLF line ends', async () => {
    const text = [event(chunk({ role: 'assistant', content: 'Grüße, ' })), event(chunk({ content: '世界' }, 'stop')), event(usageChunk()), DONE]
      .join('')
      .replaceAll('\n', '\r\n');
    const bytes = Buffer.from(text, 'utf8');
    await serve((_request, response) => {
      openEventStream(response);
      // Seven-byte pieces cut through JSON, line ends and the UTF-8 bytes of ü, ß and 世界.
      for (let at = 0; at < bytes.length; at += 7) response.write(bytes.subarray(at, at + 7));
      response.end();
    });
    const stream = testClient(server!.baseUrl).client.stream(hello);
    expect(contentOf(await collect(stream))).toBe('Grüße, 世界');
    expect((await stream.response).usage).toEqual(finalUsage);
  });

  it('ends at data: [DONE], ignoring anything the server sends after it', async () => {
    await serve(streaming([...HELLO_EVENTS, event(chunk({ content: ' and more' }))]));
    const chunks = await collect(testClient(server!.baseUrl).client.stream(hello));
    expect(contentOf(chunks)).toBe('Hello, world!');
  });

  it('assembles tool calls from deltas merged by index', async () => {
    await serve(
      streaming([
        event(chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] })),
        event(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] })),
        event(chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }, 'tool_calls')),
        DONE,
      ]),
    );
    const response = await testClient(server!.baseUrl).client.stream(hello).response;
    expect(response.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: { content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
    });
  });

  it('counts one upstream call for one stream', async () => {
    await serve(streaming(HELLO_EVENTS));
    const { client } = testClient(server!.baseUrl);
    await client.stream(hello).response;
    expect(client.calls).toBe(1);
  });

  it('can be iterated only once', async () => {
    await serve(streaming(HELLO_EVENTS));
    const stream = testClient(server!.baseUrl).client.stream(hello);
    await collect(stream);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/only once/);
  });
});

describe('OpenRouterClient.stream: errors in the stream', () => {
  const midStream = errorChunk({ code: 502, message: 'Provider disconnected unexpectedly', metadata: { provider_name: 'OpenAI' } });

  it('yields the chunks before a mid-stream error, then throws it as a typed OpenRouterError', async () => {
    await serve(streaming([HELLO_EVENTS[0]!, event(midStream), DONE]));
    const received: ChatChunk[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const next of testClient(server!.baseUrl).client.stream(hello)) received.push(next);
      })(),
    );
    expect(contentOf(received)).toBe('Hello');
    expect(error).toBeInstanceOf(OpenRouterError);
    expect(error).toMatchObject({ status: 502, code: 502, metadata: { provider_name: 'OpenAI' } });
    expect((error as Error).message).toContain('Provider disconnected unexpectedly');
  });

  it('rejects response with the same error and never retries a stream that has started', async () => {
    await serve(streaming([HELLO_EVENTS[0]!, event(midStream), DONE]));
    const { client } = testClient(server!.baseUrl, { maxRetries: 3 });
    const error = await rejectionOf(client.stream(hello).response);
    expect(error).toMatchObject({ name: 'OpenRouterError', code: 502 });
    expect(client.calls).toBe(1);
  });

  it('retries a stream that fails before its first chunk: nothing has reached the caller yet', async () => {
    await serve((request, response, index) => {
      if (index === 0) return streaming([PROCESSING, event(midStream), DONE])(request, response, index);
      if (index === 1) return streaming([PROCESSING])(request, response, index);
      return streaming(HELLO_EVENTS)(request, response, index);
    });
    const { client, delays } = testClient(server!.baseUrl, { maxRetries: 2 });
    const chunks = await collect(client.stream(hello));
    expect(contentOf(chunks), 'the third attempt streams the answer').toBe('Hello, world!');
    expect(client.calls, 'an error event, then a connection closed before any chunk, each retried').toBe(3);
    expect(delays).toHaveLength(2);
  });

  it('does not retry a failure before the first chunk that retrying cannot fix', async () => {
    await serve(streaming([event(errorChunk({ code: 400, message: 'Bad request' })), DONE]));
    const { client } = testClient(server!.baseUrl, { maxRetries: 3 });
    const error = await rejectionOf(client.stream(hello).response);
    expect(error).toMatchObject({ name: 'OpenRouterError', code: 400, retryable: false });
    expect(client.calls).toBe(1);
  });

  it('throws for a choice error without a top-level error', async () => {
    const failed = chunk({ content: '' }, 'error');
    failed.choices[0]!.error = { code: 'server_error', message: 'stream interrupted' };
    await serve(streaming([HELLO_EVENTS[0]!, event(failed), DONE]));
    const error = await rejectionOf(testClient(server!.baseUrl).client.stream(hello).response);
    expect(error).toMatchObject({ name: 'OpenRouterError', code: 'server_error', status: undefined, retryable: false });
  });

  it('throws for finish_reason "error" even without any error object', async () => {
    await serve(streaming([HELLO_EVENTS[0]!, event(chunk({}, 'error')), DONE]));
    const error = await rejectionOf(testClient(server!.baseUrl).client.stream(hello).response);
    expect(error).toMatchObject({ name: 'OpenRouterError', code: 'choice_error' });
  });

  it('fails with code network when the connection ends before data: [DONE]', async () => {
    await serve(streaming(HELLO_EVENTS.slice(0, 2)));
    const error = await rejectionOf(testClient(server!.baseUrl).client.stream(hello).response);
    expect(error).toMatchObject({ name: 'OpenRouterError', code: 'network' });
    expect((error as Error).message).toMatch(/\[DONE\]/);
  });

  it('fails with code invalid_response when the stream ends without any choice', async () => {
    await serve(streaming([PROCESSING, DONE]));
    const error = await rejectionOf(testClient(server!.baseUrl).client.stream(hello).response);
    expect(error).toMatchObject({ name: 'OpenRouterError', code: 'invalid_response' });
  });

  it('fails with code invalid_response when an event is not JSON', async () => {
    await serve(streaming([HELLO_EVENTS[0]!, 'data: {"id": "gen-stream-1", "cho\n\n', DONE]));
    const error = await rejectionOf(testClient(server!.baseUrl).client.stream(hello).response);
    expect(error).toMatchObject({ code: 'invalid_response' });
  });

  it('turns an error body sent instead of an event stream into an OpenRouterError', async () => {
    await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 402, message: 'Insufficient credits' } }));
    });
    const error = await rejectionOf(testClient(server!.baseUrl).client.stream(hello).response);
    expect(error).toMatchObject({ status: 402, code: 402 });
  });

  it('fails at once, without retrying, for a 401; the key never appears in the error', async () => {
    await serve((_request, response) => {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 401, message: `bad key ${CANARY_KEY}` } }));
    });
    const { client } = testClient(server!.baseUrl);
    const error = await rejectionOf(client.stream(hello).response);
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(client.calls).toBe(1);
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(CANARY_KEY);
  });

  it('carries the metadata and Retry-After of an HTTP error on the OpenRouterError', async () => {
    await serve((_request, response) => {
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '3' });
      response.end(JSON.stringify({ error: { code: 429, message: 'Rate limited', metadata: { provider_name: 'Groq' } } }));
    });
    const error = await rejectionOf(testClient(server!.baseUrl, { maxRetries: 0 }).client.stream(hello).response);
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 3000, metadata: { provider_name: 'Groq' } });
  });

  it('retries a 429 before the stream starts, after the server\'s Retry-After', async () => {
    await serve((request, response, index) => {
      if (index === 0) {
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '2' });
        response.end(JSON.stringify({ error: { code: 429, message: 'Rate limited' } }));
        return;
      }
      streaming(HELLO_EVENTS)(request, response, index);
    });
    const { client, delays } = testClient(server!.baseUrl);
    const response = await client.stream(hello).response;
    expect(response.choices[0]?.message.content).toBe('Hello, world!');
    expect(delays).toEqual([2000]);
    expect(client.calls).toBe(2);
  });

  it('fails with code timeout when the server falls silent for timeoutMs after the stream started', async () => {
    await serve((_request, response) => {
      openEventStream(response);
      response.write(HELLO_EVENTS[0]!);
    });
    const error = await rejectionOf(testClient(server!.baseUrl, { timeoutMs: 50 }).client.stream(hello).response);
    expect(error).toMatchObject({ name: 'OpenRouterError', code: 'timeout' });
  });
});

describe('OpenRouterClient.stream: aborting', () => {
  /** Sends the first chunk, then holds the connection open without ending it. */
  const stalls: StreamHandler = (_request, response) => {
    openEventStream(response);
    response.write(HELLO_EVENTS[0]!);
  };

  it('sends nothing when the signal is already aborted', async () => {
    await serve(streaming(HELLO_EVENTS));
    const { client } = testClient(server!.baseUrl);
    const error = await rejectionOf(client.stream(hello, { signal: AbortSignal.abort() }).response);
    expect(error).toMatchObject({ name: 'OpenRouterError', code: 'aborted' });
    expect(server!.exchanges).toHaveLength(0);
    expect(client.calls).toBe(0);
  });

  it('ends the iteration with code aborted and closes the connection when the caller aborts mid-stream', async () => {
    await serve(stalls);
    const controller = new AbortController();
    const reason = new DOMException('user left', 'AbortError');
    const iterator = testClient(server!.baseUrl).client.stream(hello, { signal: controller.signal })[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual(chunk({ role: 'assistant', content: 'Hello' }));
    const pending = rejectionOf(iterator.next());
    controller.abort(reason);
    expect(await pending).toMatchObject({ name: 'OpenRouterError', code: 'aborted', cause: reason });
    expect(await server!.exchanges[0]!.closed, 'the HTTP request must be aborted, not left running').toBe(true);
  });

  it('cancels the request when the reader leaves the loop early, and response rejects with code aborted', async () => {
    await serve(stalls);
    const stream = testClient(server!.baseUrl).client.stream(hello);
    for await (const first of stream) {
      expect(first.choices[0]?.delta.content).toBe('Hello');
      break;
    }
    expect(await server!.exchanges[0]!.closed).toBe(true);
    expect(await rejectionOf(stream.response)).toMatchObject({ code: 'aborted' });
  });

  it('rejects response with code aborted when aborted before any chunk arrived', async () => {
    await serve(() => {});
    const controller = new AbortController();
    const stream = testClient(server!.baseUrl).client.stream(hello, { signal: controller.signal });
    while (server!.exchanges.length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    expect(await rejectionOf(stream.response)).toMatchObject({ code: 'aborted', retryable: false });
    expect(await server!.exchanges[0]!.closed).toBe(true);
  });
});
