import { describe, expect, it } from 'vitest';
import { OpenRouterError, type ChatResponse } from '@workbook/openrouter';
import { CachingClient, TTLCache } from '@impl';
import { fakeUpstream, request, response } from '../helpers/upstream.js';

describe('only complete answers are cached', () => {
  it.each<[string, ChatResponse]>([
    ['cut short by max_tokens (finish_reason "length")', response('Because rep', 'length')],
    ['stopped by a content filter', response('', 'content_filter')],
    ['ended by an error (finish_reason "error")', response('', 'error')],
    ['without a finish_reason', response('partial', null)],
    ['carrying an error object', { ...response(), error: { code: 502, message: 'provider error' } }],
    ['with no choices', { ...response(), choices: [] }],
  ])('does not cache a response %s', async (_label, incomplete) => {
    const upstream = fakeUpstream(() => structuredClone(incomplete));
    const client = new CachingClient({ client: upstream.client, cache: new TTLCache() });
    await client.chat(request);
    await client.chat(request);
    expect(upstream.calls.length, 'an incomplete response must not be served again: the repeat goes upstream').toBe(2);
  });

  it('returns an incomplete response to the caller all the same', async () => {
    const client = new CachingClient({ client: fakeUpstream(() => response('Because rep', 'length')).client, cache: new TTLCache() });
    const result = await client.chat(request);
    expect(result.choices[0]?.finish_reason).toBe('length');
  });

  it('does not cache a failed call and lets its error through', async () => {
    let fail = true;
    const upstream = fakeUpstream(() => {
      if (fail) throw new OpenRouterError('rate limited', { status: 429 });
      return response();
    });
    const cache = new TTLCache<ChatResponse>();
    const client = new CachingClient({ client: upstream.client, cache });
    await expect(client.chat(request), 'the upstream error must reach the caller unchanged').rejects.toBeInstanceOf(OpenRouterError);
    expect(cache.size, 'a failed call stores nothing').toBe(0);
    fail = false;
    const result = await client.chat(request);
    expect(result.cache?.hit, 'after a failure, the next call is a miss that goes upstream').toBe(false);
  });

  it('caches a response whose every choice finished with "stop"', async () => {
    const two = { ...response(), choices: [response().choices[0]!, { ...response('Second.').choices[0]!, index: 1 }] };
    const upstream = fakeUpstream(() => structuredClone(two));
    const client = new CachingClient({ client: upstream.client, cache: new TTLCache() });
    await client.chat(request);
    await client.chat(request);
    expect(upstream.calls.length).toBe(1);
  });
});
