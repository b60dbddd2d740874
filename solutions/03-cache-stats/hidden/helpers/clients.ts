import type { Cache } from '@workbook/cache';
import type { ChatCallOptions, ChatClient, ChatRequest, ChatResponse, Usage } from '@workbook/openrouter';
import { MapCache } from './caches.js';
import type { ManualClock } from './clock.js';

export function request(content: string, model = 'openai/gpt-4o-mini'): ChatRequest {
  return { model, messages: [{ role: 'user', content }] };
}

export function response(model = 'openai/gpt-4o-mini', usage?: Usage, cache?: ChatResponse['cache']): ChatResponse {
  return {
    id: 'gen-1',
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
    ...(usage ? { usage } : {}),
    ...(cache ? { cache } : {}),
  };
}

/**
 * A tiny caching client like exercise 1's CachingClient: the key is the request's JSON; a hit returns a copy
 * marked `cache: { hit: true, key }`, a miss calls upstream and stores the answer, marked `hit: false`.
 */
export class TinyCachingClient implements ChatClient {
  constructor(
    readonly upstream: ChatClient,
    readonly cache: Cache<ChatResponse> = new MapCache<ChatResponse>(),
  ) {}

  async chat(req: ChatRequest, options?: ChatCallOptions): Promise<ChatResponse> {
    const key = JSON.stringify(req);
    const cached = await this.cache.get(key);
    if (cached !== undefined) return { ...structuredClone(cached), cache: { hit: true, key } };
    const answer = await this.upstream.chat(req, options);
    await this.cache.set(key, structuredClone(answer));
    return { ...answer, cache: { hit: false, key } };
  }
}

/**
 * A scripted client on a manual clock: each call advances the clock by `latencyMs(request)` and answers with
 * `answer(request)`; it records every call.
 */
export function scriptedClient(clock: ManualClock, script: { latencyMs?: (req: ChatRequest) => number; answer?: (req: ChatRequest) => ChatResponse | Promise<ChatResponse> } = {}) {
  const calls: { request: ChatRequest; options?: ChatCallOptions }[] = [];
  const client: ChatClient = {
    async chat(req, options) {
      calls.push({ request: req, options });
      clock.advance(script.latencyMs?.(req) ?? 0);
      return (script.answer ?? (() => response(req.model, { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, cost: 0.001 })))(req);
    },
  };
  return { client, calls };
}
