import { afterEach, describe, expect, it } from 'vitest';
import { OpenRouterError } from '../src/errors.js';
import type { ChatResponse } from '../src/types.js';
import {
  CANARY_KEY,
  completion,
  hello,
  rejectionOf,
  startFakeOpenRouter,
  testClient,
  type FakeOpenRouter,
  type Reply,
} from './helpers/fake-openrouter.js';

let server: FakeOpenRouter | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** An HTTP 200 completion whose only choice failed, as OpenRouter sends it. */
function failedChoice(error: ChatResponse['choices'][number]['error'], content: string | null = ''): ChatResponse {
  const response = completion();
  response.choices = [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'error', ...(error ? { error } : {}) }];
  return response;
}

async function chatFails(replies: Reply[], options = {}): Promise<OpenRouterError> {
  server = await startFakeOpenRouter(replies);
  const error = await rejectionOf(testClient(server.baseUrl, options).client.chat(hello));
  expect(error, 'a failed choice must reject, never resolve as an (empty) answer').toBeInstanceOf(OpenRouterError);
  return error as OpenRouterError;
}

describe('OpenRouterClient.chat: a choice-level error is an OpenRouterError, never an answer', () => {
  it('rejects an HTTP 200 whose choice has finish_reason "error" and an error object, with its code and metadata', async () => {
    const metadata = { provider_name: 'Together', raw: 'upstream reset' };
    const error = await chatFails([{ body: failedChoice({ code: 502, message: 'stream interrupted', metadata }) }], { maxRetries: 0 });
    expect(error).toMatchObject({ status: 502, code: 502, metadata, retryable: true });
    expect(error.message).toContain('stream interrupted');
  });

  it('retries a retryable choice error like a 502 and resolves with the next good answer', async () => {
    const error = failedChoice({ code: 502, message: 'stream interrupted' });
    server = await startFakeOpenRouter([{ body: error }, { body: completion() }]);
    const { client, delays } = testClient(server.baseUrl);
    await expect(client.chat(hello)).resolves.toEqual(completion());
    expect(client.calls).toBe(2);
    expect(delays).toHaveLength(1);
  });

  it('does not retry a choice error whose code is not a retryable status', async () => {
    const error = await chatFails([{ body: failedChoice({ code: 'server_error', message: 'Provider returned error' }) }]);
    expect(error).toMatchObject({ status: undefined, code: 'server_error', retryable: false });
    expect(server?.requests).toHaveLength(1);
  });

  it('rejects finish_reason "error" without any error object, with code choice_error', async () => {
    const error = await chatFails([{ body: failedChoice(undefined) }]);
    expect(error).toMatchObject({ code: 'choice_error', retryable: false });
  });

  it('rejects when any choice failed, even if another succeeded', async () => {
    const body = completion();
    body.choices.push({ index: 1, message: { role: 'assistant', content: null }, finish_reason: 'error', error: { code: 'server_error', message: 'boom' } });
    const error = await chatFails([{ body }]);
    expect(error.message).toContain('boom');
  });

  it('takes retryAfterMs from the Retry-After header', async () => {
    const error = await chatFails([{ headers: { 'retry-after': '3' }, body: failedChoice({ code: 429, message: 'Rate limited' }) }], { maxRetries: 0 });
    expect(error).toMatchObject({ code: 429, retryAfterMs: 3000 });
  });

  it('takes retryAfterMs from metadata.retry_after (seconds) when there is no header', async () => {
    const error = await chatFails([{ body: failedChoice({ code: 429, message: 'Rate limited', metadata: { retry_after: 1.5 } }) }], { maxRetries: 0 });
    expect(error.retryAfterMs).toBe(1500);
  });

  it('leaves retryAfterMs undefined when the server asked for no wait', async () => {
    const error = await chatFails([{ body: failedChoice({ code: 'server_error', message: 'x' }) }]);
    expect(error.retryAfterMs).toBeUndefined();
  });

  it('waits the Retry-After a choice error asked for before retrying', async () => {
    server = await startFakeOpenRouter([
      { headers: { 'retry-after': '2' }, body: failedChoice({ code: 429, message: 'Rate limited' }) },
      { body: completion() },
    ]);
    const { client, delays } = testClient(server.baseUrl);
    await client.chat(hello);
    expect(delays).toEqual([2000]);
  });

  it('redacts the key from metadata the provider echoed back', async () => {
    const metadata = { raw: `Authorization: Bearer ${CANARY_KEY}` };
    const error = await chatFails([{ body: failedChoice({ code: 'server_error', message: 'echo', metadata }) }]);
    expect(JSON.stringify(error.metadata)).not.toContain(CANARY_KEY);
    expect(error.metadata).toEqual({ raw: 'Authorization: Bearer [redacted]' });
  });

  it('still resolves a normal answer whose finish_reason is "length"', async () => {
    const body = completion();
    body.choices[0]!.finish_reason = 'length';
    server = await startFakeOpenRouter([{ body }]);
    await expect(testClient(server.baseUrl).client.chat(hello)).resolves.toEqual(body);
  });
});
