import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineClient } from '../src/offline.js';
import type { ChatChunk, ChatRequest, ChatStream, StreamingChatClient } from '../src/types.js';
import { testClient } from './helpers/fake-openrouter.js';
import { DONE, event, openEventStream, PROCESSING, startStreamServer, type StreamServer } from './helpers/stream-server.js';

const request: ChatRequest = {
  model: 'openai/gpt-4o-mini',
  messages: [{ role: 'user', content: 'How should a chat app cache streamed answers?' }],
  temperature: 0,
};

async function collect(stream: ChatStream): Promise<ChatChunk[]> {
  const chunks: ChatChunk[] = [];
  for await (const received of stream) chunks.push(received);
  return chunks;
}

/** What every streaming client promises, whichever upstream it talks to. */
function streamingContract(name: string, create: () => StreamingChatClient): void {
  describe(`${name} honours the streaming contract`, () => {
    it('yields chunks whose pieces add up to the assembled response, which ends with usage', async () => {
      const stream = create().stream(request);
      const chunks = await collect(stream);
      const response = await stream.response;
      expect(chunks.map((received) => received.choices[0]?.delta.content ?? '').join('')).toBe(response.choices[0]?.message.content);
      expect(response.object).toBe('chat.completion');
      expect(response.choices[0]?.finish_reason).toBe('stop');
      expect(response.usage?.total_tokens).toBe((response.usage?.prompt_tokens ?? 0) + (response.usage?.completion_tokens ?? 0));
    });

    it('rejects an already aborted stream with code aborted', async () => {
      await expect(create().stream(request, { signal: AbortSignal.abort() }).response).rejects.toMatchObject({ code: 'aborted' });
    });
  });
}

// The fake server streams the offline model's chunks as OpenRouter would: keep-alive comments, events, [DONE].
let server: StreamServer;
beforeAll(async () => {
  const upstream = new OfflineClient({ latencyMs: 0 });
  server = await startStreamServer(async (recorded, response) => {
    const { stream: _stream, ...body } = JSON.parse(recorded.body) as ChatRequest & { stream?: boolean };
    openEventStream(response);
    response.write(PROCESSING);
    for await (const received of upstream.stream(body)) response.write(event(received));
    response.end(DONE);
  });
});
afterAll(() => server.close());

streamingContract('OfflineClient', () => new OfflineClient({ latencyMs: 0 }));
streamingContract('OpenRouterClient', () => testClient(server.baseUrl).client);

it('OpenRouterClient reproduces the upstream chunk boundaries exactly', async () => {
  const offline = await collect(new OfflineClient({ latencyMs: 0 }).stream(request));
  const online = await collect(testClient(server.baseUrl).client.stream(request));
  const strip = (chunks: ChatChunk[]): unknown[] => chunks.map(({ id: _id, created: _created, ...rest }) => rest);
  expect(strip(online)).toEqual(strip(offline));
});
