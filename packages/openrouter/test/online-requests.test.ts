import { afterEach, describe, expect, it } from 'vitest';
import { OpenRouterClient } from '../src/http.js';
import {
  CANARY_KEY,
  completion,
  hello,
  startFakeOpenRouter,
  testClient,
  type FakeOpenRouter,
} from './helpers/fake-openrouter.js';

let server: FakeOpenRouter | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('OpenRouterClient requests', () => {
  it('POSTs the request as JSON to {baseUrl}/chat/completions with a bearer key', async () => {
    server = await startFakeOpenRouter([{ body: completion() }]);
    const { client } = testClient(server.baseUrl);
    await client.chat({ ...hello, temperature: 0 });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/api/v1/chat/completions');
    expect(request?.headers['authorization']).toBe(`Bearer ${CANARY_KEY}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({ ...hello, temperature: 0 });
  });

  it('sends the workbook attribution headers by default', async () => {
    server = await startFakeOpenRouter([{ body: completion() }]);
    await testClient(server.baseUrl).client.chat(hello);
    expect(server.requests[0]?.headers['http-referer']).toMatch(/^https:\/\//);
    expect(server.requests[0]?.headers['x-title']).toBe('Response Caching Workbook');
  });

  it('sends custom attribution headers, and omits them when set to an empty string', async () => {
    server = await startFakeOpenRouter([{ body: completion() }]);
    await testClient(server.baseUrl, { referer: 'https://example.test', title: 'My App' }).client.chat(hello);
    await testClient(server.baseUrl, { referer: '', title: '' }).client.chat(hello);
    expect(server.requests[0]?.headers['http-referer']).toBe('https://example.test');
    expect(server.requests[0]?.headers['x-title']).toBe('My App');
    expect(server.requests[1]?.headers).not.toHaveProperty('http-referer');
    expect(server.requests[1]?.headers).not.toHaveProperty('x-title');
  });

  it('accepts a baseUrl with a trailing slash', async () => {
    server = await startFakeOpenRouter([{ body: completion() }]);
    await testClient(`${server.baseUrl}/`).client.chat(hello);
    expect(server.requests[0]?.url).toBe('/api/v1/chat/completions');
  });

  it('resolves with the parsed chat completion', async () => {
    server = await startFakeOpenRouter([{ body: completion('Hi there.') }]);
    const response = await testClient(server.baseUrl).client.chat(hello);
    expect(response).toEqual(completion('Hi there.'));
  });

  it('counts every request sent upstream and resets the count on demand', async () => {
    server = await startFakeOpenRouter([{ body: completion() }]);
    const { client } = testClient(server.baseUrl);
    expect(client.mode).toBe('online');
    await client.chat(hello);
    await client.chat(hello);
    expect(client.calls).toBe(2);
    client.resetCalls();
    expect(client.calls).toBe(0);
  });
});

describe('OpenRouterClient options', () => {
  it.each([
    ['a missing key', { apiKey: undefined }],
    ['an empty key', { apiKey: '' }],
    ['a blank key', { apiKey: '   ' }],
    ['a key with a trailing newline', { apiKey: `${CANARY_KEY}\n` }],
  ])('rejects %s with a TypeError naming `apiKey` and not quoting it', (_name, options) => {
    const create = () => new OpenRouterClient(options as unknown as { apiKey: string });
    expect(create).toThrow(TypeError);
    expect(create).toThrow(/`apiKey`/);
    expect(create).not.toThrow(CANARY_KEY);
  });

  it.each([
    ['timeoutMs', 0],
    ['timeoutMs', -1],
    ['timeoutMs', Number.NaN],
    ['maxRetries', -1],
    ['maxRetries', 1.5],
    ['maxRetries', Infinity],
    ['retryBaseDelayMs', -5],
    ['retryMaxDelayMs', Number.NaN],
  ])('rejects `%s` = %s with a RangeError naming it', (name, value) => {
    expect(() => new OpenRouterClient({ apiKey: CANARY_KEY, [name]: value })).toThrow(
      new RegExp(`^\`${name}\` must be`),
    );
    expect(() => new OpenRouterClient({ apiKey: CANARY_KEY, [name]: value })).toThrow(RangeError);
  });

  it.each([
    ['baseUrl', 'not a url'],
    ['baseUrl', 'ftp://example.test'],
    ['fetch', 'fetch'],
    ['sleep', 42],
    ['random', {}],
    ['title', 'line\nbreak'],
  ])('rejects `%s` = %j with a TypeError naming it', (name, value) => {
    expect(() => new OpenRouterClient({ apiKey: CANARY_KEY, [name]: value })).toThrow(new RegExp(`\`${name}\``));
    expect(() => new OpenRouterClient({ apiKey: CANARY_KEY, [name]: value })).toThrow(TypeError);
  });

  it('accepts timeoutMs = Infinity (no per-attempt timeout) and maxRetries = 0', () => {
    expect(() => new OpenRouterClient({ apiKey: CANARY_KEY, timeoutMs: Infinity, maxRetries: 0 })).not.toThrow();
  });
});
