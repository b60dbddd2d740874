import { describe, expect, it } from 'vitest';
import { OpenRouterError, type ChatResponse } from '@workbook/openrouter';
import { CachingClient, isCacheable } from '@impl';
import { fakeUpstream, memoryCache, request, response, testKey } from '../helpers/upstream.js';

const twoChoices = (first: ChatResponse['choices'][number]['finish_reason'], second: ChatResponse['choices'][number]['finish_reason']): ChatResponse => ({
  ...response(),
  choices: [response('First.', first).choices[0]!, { ...response('Second.', second).choices[0]!, index: 1 }],
});

describe('isCacheable: no error, at least one choice, every choice stopped [ex1.caching-client.is-cacheable]', () => {
  it.each<[string, ChatResponse]>([
    ['cut short by max_tokens (finish_reason "length")', response('Because rep', 'length')],
    ['stopped by a content filter', response('', 'content_filter')],
    ['ended by an error (finish_reason "error")', response('', 'error')],
    ['without a finish_reason', response('partial', null)],
    ['that stopped to call a tool', response('', 'tool_calls')],
    ['carrying an error object', { ...response(), error: { code: 502, message: 'provider error' } }],
    ['whose choice carries an error, even with finish_reason "stop"', { ...response(), choices: [{ ...response().choices[0]!, error: { code: 502, message: 'stream interrupted' } }] }],
    ['with no choices', { ...response(), choices: [] }],
    ['with two choices, one cut short', twoChoices('stop', 'length')],
    ['with two choices, the first cut short', twoChoices('length', 'stop')],
  ])('is false for a response %s', (_label, incomplete) => {
    expect(isCacheable(incomplete), 'only a complete answer may be stored: it would be served again and again').toBe(false);
  });

  it.each<[string, ChatResponse]>([
    ['with one choice that stopped', response()],
    ['with two choices that both stopped', twoChoices('stop', 'stop')],
  ])('is true for a response %s', (_label, complete) => {
    expect(isCacheable(complete), 'no error, at least one choice, every finish_reason "stop": cacheable').toBe(true);
  });
});

describe('an uncacheable response is returned but not stored [ex1.caching-client.uncacheable]', () => {
  it.each<[string, ChatResponse]>([
    ['cut short by max_tokens', response('Because rep', 'length')],
    ['carrying an error object', { ...response(), error: { code: 502, message: 'provider error' } }],
    ['with two choices, one cut short', twoChoices('stop', 'length')],
  ])('sends the repeat of a response %s upstream again', async (_label, incomplete) => {
    const upstream = fakeUpstream(() => structuredClone(incomplete));
    const store = memoryCache();
    const client = new CachingClient({ client: upstream.client, cache: store.cache, key: testKey });
    await client.chat(request);
    expect(store.map.size, 'an incomplete response must not be stored').toBe(0);
    await client.chat(request);
    expect(upstream.calls.length, 'so the repeat goes upstream').toBe(2);
  });

  it('returns an incomplete response to the caller all the same', async () => {
    const client = new CachingClient({ client: fakeUpstream(() => response('Because rep', 'length')).client, cache: memoryCache().cache, key: testKey });
    const result = await client.chat(request);
    expect(result.choices[0]?.finish_reason, 'the caller still gets the truncated answer').toBe('length');
    expect(result.cache, 'marked as a miss').toEqual({ hit: false, key: testKey(request) });
  });

  it('stores a response with two choices that both stopped', async () => {
    const upstream = fakeUpstream(() => twoChoices('stop', 'stop'));
    const client = new CachingClient({ client: upstream.client, cache: memoryCache().cache, key: testKey });
    await client.chat(request);
    await client.chat(request);
    expect(upstream.calls.length, 'every choice stopped: the repeat is a hit').toBe(1);
  });
});

describe('an upstream error reaches the caller and stores nothing [ex1.caching-client.upstream-error]', () => {
  it('rejects with the same error, stores nothing, and goes upstream again next time', async () => {
    let fail = true;
    const failure = new OpenRouterError('rate limited', { status: 429 });
    const upstream = fakeUpstream(() => {
      if (fail) throw failure;
      return response();
    });
    const store = memoryCache();
    const client = new CachingClient({ client: upstream.client, cache: store.cache, key: testKey });
    await expect(client.chat(request), 'the upstream error must reach the caller unchanged').rejects.toBe(failure);
    expect(store.map.size, 'a failed call stores nothing').toBe(0);
    fail = false;
    const result = await client.chat(request);
    expect(result.cache?.hit, 'after a failure, the next call is a miss that goes upstream').toBe(false);
    expect(upstream.calls.length).toBe(2);
  });
});
