import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenRouterError } from '../src/errors.js';
import { OfflineClient } from '../src/offline.js';
import type { ChatRequest } from '../src/types.js';
import { CANARY_KEY, completion, hello, rejectionOf, startFakeOpenRouter, testClient, type FakeOpenRouter } from './helpers/fake-openrouter.js';

type Counting = { chat(request: ChatRequest): Promise<unknown>; stream(request: ChatRequest): unknown; readonly calls: number };

const cycle: Record<string, unknown> = { type: 'text', text: 'hi' };
cycle['self'] = cycle;

/** Malformed requests, the field each must name, as a TypeScript caller who cast through `unknown` could send them. */
const malformed: [string, unknown, string][] = [
  ['no request at all', undefined, '`request`'],
  ['a request that is an array', [hello], '`request`'],
  ['a numeric model', { ...hello, model: 42 }, '`request.model`'],
  ['missing messages', { model: hello.model }, '`request.messages`'],
  ['messages that are a string', { ...hello, messages: 'Say hello.' }, '`request.messages`'],
  ['a null message', { ...hello, messages: [null] }, '`request.messages[0]`'],
  ['an unknown role', { ...hello, messages: [{ role: 'bogus', content: 'hi' }] }, '`request.messages[0].role`'],
  ['a missing role', { ...hello, messages: [{ content: 'hi' }] }, '`request.messages[0].role`'],
  ['a numeric content', { ...hello, messages: [{ role: 'user', content: 42 }] }, '`request.messages[0].content`'],
  ['a null content in a user message', { ...hello, messages: [{ role: 'user', content: null }] }, '`request.messages[0].content`'],
  ['a text part whose text is a number', { ...hello, messages: [{ role: 'user', content: [{ type: 'text', text: 1 }] }] }, '`request.messages[0].content[0].text`'],
  ['an image part without a URL', { ...hello, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }] }, '`request.messages[0].content[0].image_url.url`'],
  ['a second message that is broken', { ...hello, messages: [hello.messages[0], { role: 'user', content: { text: 'x' } }] }, '`request.messages[1].content`'],
  ['a numeric name', { ...hello, messages: [{ role: 'user', content: 'hi', name: 7 }] }, '`request.messages[0].name`'],
  ['a NaN temperature, which JSON would send as null', { ...hello, temperature: Number.NaN }, '`request.temperature`'],
  ['a string max_tokens', { ...hello, max_tokens: '64' }, '`request.max_tokens`'],
  ['a BigInt seed', { ...hello, seed: 7n }, '`request.seed`'],
  ['a BigInt in a field the client does not inspect', { ...hello, provider: { budget: 1n } }, '`request`'],
  ['a cycle in a content part', { ...hello, messages: [{ role: 'user', content: [cycle] }] }, '`request`'],
  ['stream: true, whose event stream chat() cannot read', { ...hello, stream: true }, '`request.stream`'],
];

let server: FakeOpenRouter;
beforeAll(async () => {
  server = await startFakeOpenRouter([{ body: completion() }]);
});
afterAll(() => server.close());

function suite(name: string, create: () => Counting, sent: () => number): void {
  describe(`${name} refuses a malformed request before anything is sent`, () => {
    it.each(malformed)('rejects %s with an invalid_request OpenRouterError naming the field', async (_label, request, field) => {
      const client = create();
      const before = sent();
      const error = await rejectionOf(client.chat(request as ChatRequest));
      expect(error, 'a malformed request is an OpenRouterError, like every failure of a chat call').toBeInstanceOf(OpenRouterError);
      expect(error).toMatchObject({ code: 'invalid_request', retryable: false, status: undefined });
      expect((error as Error).message, 'the message names the field to fix').toContain(field);
      expect(client.calls, 'nothing was sent, so nothing is counted').toBe(0);
      expect(sent() - before, 'no request left the process').toBe(0);
    });

    it('accepts an assistant message without content that carries tool calls, and content parts of other types', async () => {
      const request: ChatRequest = {
        ...hello,
        messages: [
          hello.messages[0]!,
          { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
          { role: 'tool', content: 'done', tool_call_id: 'c1' },
          { role: 'user', content: [{ type: 'file', file: { filename: 'a.pdf' } } as never, { type: 'text', text: 'and this' }] },
        ],
      };
      await expect(create().chat(request), 'well-formed messages of every role go through').resolves.toBeDefined();
    });

    it('refuses a malformed streamed request too, before anything is sent', () => {
      const client = create();
      const before = sent();
      expect(() => client.stream({ ...hello, messages: [null] } as unknown as ChatRequest), 'stream() checks the request as chat() does').toThrow(/`request\.messages\[0\]`/);
      expect(sent() - before, 'no request left the process').toBe(0);
    });

    it('never quotes a key that was pasted where a role belongs', async () => {
      const error = await rejectionOf(create().chat({ ...hello, messages: [{ role: CANARY_KEY, content: 'hi' }] } as unknown as ChatRequest));
      expect((error as Error).message).toContain('`request.messages[0].role`');
      expect((error as Error).message, 'the message must not repeat anything shaped like an API key').not.toContain(CANARY_KEY);
    });
  });
}

suite('OfflineClient', () => new OfflineClient({ latencyMs: 0 }), () => 0);
suite('OpenRouterClient', () => testClient(server.baseUrl).client, () => server.requests.length);
