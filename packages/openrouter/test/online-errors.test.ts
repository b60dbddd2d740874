import { afterEach, describe, expect, it } from 'vitest';
import { OpenRouterError } from '../src/errors.js';
import {
  closedBaseUrl,
  completion,
  errorBody,
  hello,
  manualAttemptTimeouts,
  rejectionOf,
  requestsReceived,
  startFakeOpenRouter,
  testClient,
  type FakeOpenRouter,
} from './helpers/fake-openrouter.js';

let server: FakeOpenRouter | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function failWith(reply: Parameters<typeof startFakeOpenRouter>[0], options = {}): Promise<OpenRouterError> {
  server = await startFakeOpenRouter(reply);
  const error = await rejectionOf(testClient(server.baseUrl, options).client.chat(hello));
  expect(error).toBeInstanceOf(OpenRouterError);
  return error as OpenRouterError;
}

describe('OpenRouterClient failures that are not retried', () => {
  it.each([
    [400, 'Invalid model', /check the model id/i],
    [401, 'No auth credentials found', /check OPENROUTER_API_KEY in \.env \(or unset it to use the offline model\)/i],
    [402, 'Insufficient credits', /add credits at openrouter\.ai\/settings\/credits/],
    [403, 'Input was flagged', /moderation/],
  ])('fails a %i at once, after one request, as not retryable', async (status, serverMessage, advice) => {
    const error = await failWith([{ status, body: errorBody(status, serverMessage) }]);
    expect(server?.requests).toHaveLength(1);
    expect(error).toMatchObject({ name: 'OpenRouterError', status, code: status, retryable: false });
    expect(error.message).toContain(serverMessage);
    expect(error.message).toMatch(advice);
  });

  it('fails other 4xx statuses at once too', async () => {
    const error = await failWith([{ status: 404, body: errorBody(404, 'No endpoints found') }]);
    expect(server?.requests).toHaveLength(1);
    expect(error).toMatchObject({ status: 404, retryable: false });
  });

  it('uses the body text as the message when an error response is not JSON', async () => {
    const error = await failWith([{ status: 400, body: '<html>Bad request</html>' }]);
    expect(error.message).toContain('<html>Bad request</html>');
  });

  it('treats an HTTP 200 carrying an error object as an error, with the status taken from its code', async () => {
    const error = await failWith([{ status: 200, body: errorBody(402, 'Insufficient credits') }]);
    expect(error).toMatchObject({ status: 402, code: 402, retryable: false });
    expect(error.message).toContain('Insufficient credits');
  });

  it('treats an HTTP 200 carrying a non-numeric error code as an error without a status', async () => {
    const error = await failWith([{ status: 200, body: errorBody('provider_error', 'Provider returned error') }]);
    expect(error).toMatchObject({ status: undefined, code: 'provider_error', retryable: false });
  });

  it('fails with code invalid_json, not retried, when a 200 body is not JSON', async () => {
    const error = await failWith([{ status: 200, body: '{"id": "gen-1", "choi' }]);
    expect(server?.requests).toHaveLength(1);
    expect(error).toMatchObject({ status: 200, code: 'invalid_json', retryable: false });
    expect(error.message).toMatch(/baseUrl/);
  });

  it('fails with code invalid_response when a 200 body has no choices', async () => {
    const error = await failWith([{ status: 200, body: { ...completion(), choices: [] } }]);
    expect(error).toMatchObject({ code: 'invalid_response', retryable: false });
  });
});

describe('OpenRouterClient timeouts, aborts and network errors', () => {
  it('fails with code timeout when a slow server exceeds timeoutMs', async () => {
    const error = await failWith([{ hang: true }], { timeoutMs: 50, maxRetries: 0 });
    expect(error).toMatchObject({ status: undefined, code: 'timeout', retryable: true });
    expect(error.message).toContain('timed out after 50 ms (raise `timeoutMs`)');
  });

  it('retries a timed-out attempt and counts it as an attempt', async () => {
    server = await startFakeOpenRouter((_request, index) => (index === 0 ? { hang: true } : { body: completion() }));
    // The test decides when an attempt times out: a real 50 ms timer would also cut short the second attempt,
    // whenever a busy machine takes more than 50 ms for a local request.
    const timeouts = manualAttemptTimeouts();
    const { client } = testClient(server.baseUrl, { timeoutMs: 50 });
    const answer = client.chat(hello);
    await requestsReceived(server, 1);
    timeouts.expire(0);
    await expect(answer).resolves.toEqual(completion());
    expect(client.calls).toBe(2);
    expect(timeouts.requestedMs, 'each attempt has its own timeoutMs').toEqual([50, 50]);
  });

  it('rejects with code aborted, without sending, when the signal is already aborted', async () => {
    server = await startFakeOpenRouter([{ body: completion() }]);
    const { client } = testClient(server.baseUrl);
    const error = await rejectionOf(client.chat(hello, { signal: AbortSignal.abort() }));
    expect(error).toMatchObject({ name: 'OpenRouterError', code: 'aborted', retryable: false });
    expect(server.requests).toHaveLength(0);
    expect(client.calls).toBe(0);
  });

  it('rejects at once with code aborted, and does not retry, when the caller aborts mid-request', async () => {
    server = await startFakeOpenRouter([{ hang: true }]);
    const controller = new AbortController();
    const { client } = testClient(server.baseUrl);
    const pending = rejectionOf(client.chat(hello, { signal: controller.signal }));
    await requestsReceived(server, 1);
    controller.abort();
    expect(await pending).toMatchObject({ code: 'aborted', retryable: false });
    expect(client.calls).toBe(1);
  });

  it('rejects at once when the caller aborts during the backoff between attempts', async () => {
    server = await startFakeOpenRouter([{ status: 503, body: errorBody(503, 'busy') }]);
    const controller = new AbortController();
    const never = (): Promise<void> => new Promise(() => {});
    const { client } = testClient(server.baseUrl, {
      sleep: () => {
        controller.abort();
        return never();
      },
    });
    expect(await rejectionOf(client.chat(hello, { signal: controller.signal }))).toMatchObject({ code: 'aborted' });
    expect(client.calls).toBe(1);
  });

  it('retries a network error, then fails with code network', async () => {
    const { client, delays } = testClient(await closedBaseUrl(), { maxRetries: 2 });
    const error = await rejectionOf(client.chat(hello));
    expect(error).toMatchObject({ name: 'OpenRouterError', status: undefined, code: 'network', retryable: true });
    expect((error as Error).message).toMatch(/Could not reach OpenRouter/);
    expect(client.calls).toBe(3);
    expect(delays).toHaveLength(2);
  });
});
