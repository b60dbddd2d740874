import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenRouterError } from '../src/errors.js';
import { OpenRouterClient } from '../src/http.js';
import type { ChatRequest } from '../src/types.js';
import {
  CANARY_KEY,
  closedBaseUrl,
  errorBody,
  hello,
  rejectionOf,
  startFakeOpenRouter,
  testClient,
  type FakeOpenRouter,
  type RecordedRequest,
  type Reply,
} from './helpers/fake-openrouter.js';

let server: FakeOpenRouter | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Every way an error can be looked at: message, stack, String(), JSON of own props, the cause chain. */
function everyViewOf(error: unknown): Record<string, string> {
  const err = error as Error;
  const ownProps = Object.fromEntries(
    Object.getOwnPropertyNames(err).map((name) => [name, (err as unknown as Record<string, unknown>)[name]]),
  );
  return {
    message: err.message,
    stack: err.stack ?? '',
    string: String(err),
    json: JSON.stringify(ownProps, (_key, value: unknown) =>
      value instanceof Error ? { ...value, message: value.message, stack: value.stack } : value,
    ),
    cause: inspect(err.cause, { depth: 10, showHidden: true }),
    inspected: inspect(err, { depth: 10, showHidden: true }),
  };
}

function expectNoKeyIn(error: unknown): void {
  expect(error).toBeInstanceOf(OpenRouterError);
  for (const [view, text] of Object.entries(everyViewOf(error))) {
    expect(text, `the API key leaked into the error's ${view}`).not.toContain(CANARY_KEY);
    expect(text, `part of the API key leaked into the error's ${view}`).not.toContain('CANARY-0123456789');
  }
}

/** A server that quotes the Authorization header it received back in its reply. */
const echoing =
  (reply: (authorization: string) => Reply) =>
  (request: RecordedRequest): Reply =>
    reply(String(request.headers['authorization']));

describe('the API key never appears in an error', () => {
  it.each<[string, (auth: string) => Reply]>([
    ['a 401 echoing the Authorization header', (auth) => ({ status: 401, body: errorBody(401, `Bad key: ${auth}`) })],
    ['a 400 echoing it in plain text', (auth) => ({ status: 400, body: `invalid header ${auth}` })],
    ['a retried 503 echoing it', (auth) => ({ status: 503, body: errorBody(503, `busy for ${auth}`) })],
    ['a 200 error body echoing it', (auth) => ({ status: 200, body: errorBody(402, `no credits on ${auth}`) })],
    ['a non-JSON 200 echoing it', (auth) => ({ status: 200, body: `${auth} is not JSON` })],
    ['a non-JSON 200 starting with a JSON fragment', (auth) => ({ status: 200, body: `{"key": "${auth}` })],
  ])('for %s', async (_name, reply) => {
    server = await startFakeOpenRouter(echoing(reply));
    expectNoKeyIn(await rejectionOf(testClient(server.baseUrl).client.chat(hello)));
  });

  it('for a timeout', async () => {
    server = await startFakeOpenRouter([{ hang: true }]);
    expectNoKeyIn(await rejectionOf(testClient(server.baseUrl, { timeoutMs: 30, maxRetries: 0 }).client.chat(hello)));
  });

  it('for a caller abort', async () => {
    server = await startFakeOpenRouter([{ hang: true }]);
    const error = await rejectionOf(testClient(server.baseUrl).client.chat(hello, { signal: AbortSignal.abort() }));
    expectNoKeyIn(error);
  });

  it('for a network error', async () => {
    expectNoKeyIn(await rejectionOf(testClient(await closedBaseUrl()).client.chat(hello)));
  });

  it('for a fetch that throws an error quoting the key', async () => {
    const fetch = async (_url: unknown, init?: RequestInit): Promise<Response> => {
      const auth = (init?.headers as Record<string, string>)['Authorization'];
      throw new TypeError('fetch failed', { cause: new Error(`invalid header value "${auth}"`) });
    };
    const client = new OpenRouterClient({ apiKey: CANARY_KEY, fetch, maxRetries: 0 });
    const error = await rejectionOf(client.chat(hello));
    expectNoKeyIn(error);
    expect((error as Error).message).toContain('[redacted]');
  });

  it('for a request whose own content quotes the key', async () => {
    server = await startFakeOpenRouter(echoing(() => ({ status: 400, body: errorBody(400, `bad: ${CANARY_KEY}`) })));
    const request: ChatRequest = { ...hello, messages: [{ role: 'user', content: CANARY_KEY }] };
    expectNoKeyIn(await rejectionOf(testClient(server.baseUrl).client.chat(request)));
  });

  it('for an abort whose reason quotes the key', async () => {
    server = await startFakeOpenRouter([{ hang: true }]);
    const signal = AbortSignal.abort(new Error(`stopped ${CANARY_KEY}`));
    expectNoKeyIn(await rejectionOf(testClient(server.baseUrl).client.chat(hello, { signal })));
  });
});

describe('the API key never appears in an error of stream() or embed()', () => {
  const sse = (auth: string): Reply => ({
    headers: { 'content-type': 'text/event-stream' },
    body: `data: ${JSON.stringify({
      id: 'gen-1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'm',
      error: { code: 502, message: `failed for ${auth}`, metadata: { raw: `Authorization: ${auth}` } },
      choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
    })}\n\n`,
  });
  const calls = {
    stream: (client: OpenRouterClient, signal?: AbortSignal) => client.stream(hello, { signal }).response,
    embed: (client: OpenRouterClient, signal?: AbortSignal) => client.embed('hello', { signal }),
  };

  it.each<[string, keyof typeof calls, (auth: string) => Reply]>([
    ['a 401 echoing the Authorization header', 'stream', (auth) => ({ status: 401, body: errorBody(401, `Bad key: ${auth}`) })],
    ['a 200 JSON error body instead of events', 'stream', (auth) => ({ status: 200, body: errorBody(402, `no credits on ${auth}`) })],
    ['a mid-stream error echoing it in message and metadata', 'stream', sse],
    ['a 401 echoing the Authorization header', 'embed', (auth) => ({ status: 401, body: errorBody(401, `Bad key: ${auth}`) })],
    ['a 200 error body echoing it', 'embed', (auth) => ({ status: 200, body: errorBody(400, `bad model for ${auth}`) })],
    ['a non-JSON 200 echoing it', 'embed', (auth) => ({ status: 200, body: `${auth} is not JSON` })],
  ])('for %s (%s)', async (_name, call, reply) => {
    server = await startFakeOpenRouter(echoing(reply));
    expectNoKeyIn(await rejectionOf(calls[call](testClient(server.baseUrl, { maxRetries: 0 }).client)));
  });

  it.each(Object.keys(calls) as Array<keyof typeof calls>)('for a fetch that throws an error quoting the key (%s)', async (call) => {
    const fetch = async (_url: unknown, init?: RequestInit): Promise<Response> => {
      const auth = (init?.headers as Record<string, string>)['Authorization'];
      throw new TypeError('fetch failed', { cause: new Error(`invalid header value "${auth}"`) });
    };
    expectNoKeyIn(await rejectionOf(calls[call](new OpenRouterClient({ apiKey: CANARY_KEY, fetch, maxRetries: 0 }))));
  });

  it.each(Object.keys(calls) as Array<keyof typeof calls>)('for an abort whose reason quotes the key (%s)', async (call) => {
    server = await startFakeOpenRouter([{ hang: true }]);
    const signal = AbortSignal.abort(new Error(`stopped ${CANARY_KEY}`));
    expectNoKeyIn(await rejectionOf(calls[call](testClient(server.baseUrl).client, signal)));
  });
});
