import type { Cache } from '@workbook/cache';
import type { ChatCallOptions, ChatClient, ChatRequest, ChatResponse } from '@workbook/openrouter';

export const request: ChatRequest = {
  model: 'openai/gpt-4o-mini',
  messages: [{ role: 'user', content: 'Why cache LLM responses?' }],
  temperature: 0,
};

/** A complete response, as OpenRouter would send it. */
export function response(content = 'Because repeats are free.', finish: ChatResponse['choices'][number]['finish_reason'] = 'stop'): ChatResponse {
  return {
    id: 'gen-1',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'openai/gpt-4o-mini',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finish }],
    usage: { prompt_tokens: 12, completion_tokens: 6, total_tokens: 18, cost: 0.0000054 },
  };
}

/** An upstream client that answers with `answer()` and records every call. */
export function fakeUpstream(answer: (request: ChatRequest) => ChatResponse | Promise<ChatResponse> = () => response()) {
  const calls: { request: ChatRequest; options?: ChatCallOptions }[] = [];
  const client: ChatClient = {
    async chat(req, options) {
      calls.push({ request: req, options });
      return answer(req);
    },
  };
  return { client, calls };
}

/**
 * The key the caching-client tests give the client (its `key` option), so Task 4 is graded on its own, whatever the
 * state of `cacheKey` (Task 3). Only the test of the default key uses `cacheKey`.
 */
export const testKey = (req: ChatRequest): string => `test:${JSON.stringify(req)}`;

/** A Map-backed synchronous cache, like TTLCache without expiry: it answers at once, without a promise. */
export function memoryCache<V = ChatResponse>() {
  const map = new Map<string, V>();
  const cache: Cache<V> = {
    get: (key) => map.get(key),
    set: (key, value) => void map.set(key, value),
    has: (key) => map.has(key),
    delete: (key) => map.delete(key),
    clear: () => map.clear(),
  };
  return { cache, map };
}

/** A Map-backed async cache that records what it is asked, like a disk or network cache would behave. */
export function recordingCache<V = ChatResponse>() {
  const map = new Map<string, V>();
  const sets: { key: string; value: V; ttlMs?: number }[] = [];
  const cache: Cache<V> = {
    get: async (key) => map.get(key),
    set: async (key, value, ttlMs) => {
      sets.push({ key, value, ttlMs });
      map.set(key, value);
    },
    has: async (key) => map.has(key),
    delete: async (key) => map.delete(key),
    clear: async () => map.clear(),
  };
  return { cache, map, sets };
}

/** A cache whose every operation fails, like a disk that is full or a Redis that is down. */
export function brokenCache<V = ChatResponse>(error = new Error('backend down')): Cache<V> {
  const fail = () => Promise.reject(error);
  return { get: fail, set: fail, has: fail, delete: fail, clear: fail };
}
