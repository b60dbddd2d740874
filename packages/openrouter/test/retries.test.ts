import { afterEach, describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../src/http.js';
import {
  completion,
  errorBody,
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

const ok: Reply = { body: completion() };
const failure = (status: number, headers: Record<string, string> = {}): Reply => ({
  status,
  headers,
  body: errorBody(status, `upstream said ${status}`),
});

describe('OpenRouterClient retries', () => {
  it.each([408, 429, 500, 502, 503, 504])('retries a %i and resolves with the next success', async (status) => {
    server = await startFakeOpenRouter([failure(status), ok]);
    const { client } = testClient(server.baseUrl);
    await expect(client.chat(hello)).resolves.toEqual(completion());
    expect(server.requests).toHaveLength(2);
    expect(client.calls).toBe(2);
  });

  it('retries an HTTP 200 whose error body carries a retryable code', async () => {
    server = await startFakeOpenRouter([{ status: 200, body: errorBody(429, 'Rate limit exceeded') }, ok]);
    await expect(testClient(server.baseUrl).client.chat(hello)).resolves.toEqual(completion());
  });

  it('sends at most 1 + maxRetries requests, then fails with the last error', async () => {
    server = await startFakeOpenRouter([failure(503)]);
    const { client, delays } = testClient(server.baseUrl, { maxRetries: 3 });
    const error = await rejectionOf(client.chat(hello));
    expect(server.requests).toHaveLength(4);
    expect(delays).toHaveLength(3);
    expect(error).toMatchObject({ status: 503, retryable: true });
    expect((error as Error).message).toMatch(/upstream said 503.*Gave up after 4 attempts\./);
  });

  it('sends exactly one request when maxRetries is 0', async () => {
    server = await startFakeOpenRouter([failure(429)]);
    const error = await rejectionOf(testClient(server.baseUrl, { maxRetries: 0 }).client.chat(hello));
    expect(server.requests).toHaveLength(1);
    expect((error as Error).message).not.toMatch(/Gave up/);
  });

  it('stops retrying at the first non-retryable error', async () => {
    server = await startFakeOpenRouter([failure(503), failure(401), ok]);
    const error = await rejectionOf(testClient(server.baseUrl).client.chat(hello));
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(server.requests).toHaveLength(2);
  });

  it('backs off exponentially with full jitter: random() × min(max, base × 2^(n-1))', async () => {
    server = await startFakeOpenRouter([failure(503)]);
    const { client, delays } = testClient(server.baseUrl, {
      maxRetries: 5,
      retryBaseDelayMs: 100,
      retryMaxDelayMs: 1000,
      random: () => 0.5,
    });
    await rejectionOf(client.chat(hello));
    expect(delays).toEqual([50, 100, 200, 400, 500]);
  });

  it('waits the number of seconds a Retry-After header asks for', async () => {
    server = await startFakeOpenRouter([failure(429, { 'retry-after': '2' }), ok]);
    const { client, delays } = testClient(server.baseUrl);
    await client.chat(hello);
    expect(delays).toEqual([2000]);
  });

  it('waits until the HTTP date a Retry-After header names', async () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    server = await startFakeOpenRouter([failure(503, { 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }), ok]);
    const { client, delays } = testClient(server.baseUrl, { now: () => now });
    await client.chat(hello);
    expect(delays).toEqual([3000]);
  });

  it('caps a Retry-After longer than retryMaxDelayMs at retryMaxDelayMs', async () => {
    server = await startFakeOpenRouter([failure(429, { 'retry-after': '120' }), ok]);
    const { client, delays } = testClient(server.baseUrl, { retryMaxDelayMs: 8000 });
    await client.chat(hello);
    expect(delays).toEqual([8000]);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it.each([
    ['0', 0],
    ['1.5', 1500],
    [' 7 ', 7000],
    ['Wed, 01 Jan 2025 00:00:10 GMT', 10_000],
    ['Tue, 31 Dec 2024 23:59:00 GMT', 0],
  ])('reads %j as %i ms', (header, ms) => {
    expect(parseRetryAfter(header, now)).toBe(ms);
  });

  it.each([null, '', 'soon', '-3'])('ignores %j', (header) => {
    expect(parseRetryAfter(header, now)).toBeUndefined();
  });
});
