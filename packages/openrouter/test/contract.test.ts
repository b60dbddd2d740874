import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenRouterError } from '../src/errors.js';
import { OfflineClient } from '../src/offline.js';
import type { ChatClient, ChatRequest } from '../src/types.js';
import { startFakeOpenRouter, testClient, type FakeOpenRouter } from './helpers/fake-openrouter.js';

type CountingClient = ChatClient & { readonly mode: string; readonly calls: number; resetCalls(): void };

const request: ChatRequest = {
  model: 'openai/gpt-4o-mini',
  messages: [{ role: 'user', content: 'Why cache LLM responses?' }],
  temperature: 0,
};

/** The behaviour every workbook client promises, whichever upstream it talks to. */
function chatClientContract(name: string, create: () => CountingClient): void {
  describe(`${name} honours the ChatClient contract`, () => {
    it('resolves with one assistant choice and consistent usage', async () => {
      const response = await create().chat(request);
      expect(response.object).toBe('chat.completion');
      expect(response.choices).toHaveLength(1);
      expect(response.choices[0]?.message.role).toBe('assistant');
      expect(response.usage?.total_tokens).toBe(
        (response.usage?.prompt_tokens ?? 0) + (response.usage?.completion_tokens ?? 0),
      );
    });

    it('counts one upstream call per successful chat', async () => {
      const client = create();
      await client.chat(request);
      expect(client.calls).toBe(1);
    });

    it('rejects an already aborted call with code aborted and sends nothing', async () => {
      const client = create();
      const error = await client.chat(request, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenRouterError);
      expect(error).toMatchObject({ code: 'aborted' });
      expect(client.calls).toBe(0);
    });

    it('rejects an empty model with a 400 OpenRouterError', async () => {
      const error = await create().chat({ ...request, model: '' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'OpenRouterError', status: 400, retryable: false });
    });
  });
}

// The fake server answers with the offline model, so both clients can run the same suite.
let server: FakeOpenRouter;
beforeAll(async () => {
  const upstream = new OfflineClient({ latencyMs: 0 });
  server = await startFakeOpenRouter(async (recorded) => {
    try {
      return { body: await upstream.chat(JSON.parse(recorded.body) as ChatRequest) };
    } catch (error) {
      const { status = 500, message } = error as OpenRouterError;
      return { status, body: { error: { code: status, message } } };
    }
  });
});
afterAll(() => server.close());

chatClientContract('OfflineClient', () => new OfflineClient({ latencyMs: 0 }));
chatClientContract('OpenRouterClient', () => testClient(server.baseUrl).client);
