import type { StoredGeneration } from '@langchain/core/messages';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import Keyv from 'keyv';
import { describe, expect, it, vi } from 'vitest';
import { LangChainCache } from '../src/index.js';
import { JsonCache } from './helpers.js';

/** An offline chat model that answers 'first', then 'second', …: `model.i` counts the calls that reached it. */
function fakeModel(cache: LangChainCache, responses = ['first', 'second', 'third']) {
  return new FakeListChatModel({ responses, cache });
}

describe('LangChainCache answers a repeated prompt from the workbook cache', () => {
  it('serves the second identical call without reaching the model', async () => {
    const model = fakeModel(new LangChainCache({ cache: new JsonCache<StoredGeneration[]>() }));
    const first = await model.invoke('What is a cache?');
    const second = await model.invoke('What is a cache?');
    expect(second.content, 'the repeat should return the stored answer, not the model\'s next one').toBe(first.content);
    expect(model.i, 'the model should have been called once: the repeat must be a cache hit').toBe(1);
  });

  it('works with an async cache that keeps values as they are (a Keyv)', async () => {
    const model = fakeModel(new LangChainCache({ cache: new Keyv() }));
    await model.invoke('hello');
    const again = await model.invoke('hello');
    expect(again.content).toBe('first');
    expect(model.i).toBe(1);
  });

  it('misses on a different prompt', async () => {
    const model = fakeModel(new LangChainCache({ cache: new JsonCache<StoredGeneration[]>() }));
    await model.invoke('What is a cache?');
    const other = await model.invoke('What is a queue?');
    expect(other.content, 'a different prompt must reach the model').toBe('second');
  });

  it('misses when a call parameter differs (stop sequences are part of the llmKey)', async () => {
    const model = fakeModel(new LangChainCache({ cache: new JsonCache<StoredGeneration[]>() }));
    const calls = vi.spyOn(model, '_generate');
    await model.invoke('What is a cache?');
    await model.invoke('What is a cache?', { stop: ['.'] });
    expect(calls, 'the same prompt with other parameters must reach the model, not share an entry').toHaveBeenCalledTimes(2);
  });

  it('stores entries with the ttl it was given', async () => {
    const cache = new JsonCache<StoredGeneration[]>();
    await fakeModel(new LangChainCache({ cache, ttlMs: 60_000 })).invoke('hi');
    expect(cache.ttls).toEqual([60_000]);
  });
});

describe('LangChainCache fails open', () => {
  it('answers from the model and reports both failures when the cache is down', async () => {
    const cache = new JsonCache<StoredGeneration[]>();
    cache.failing = true;
    const onCacheError = vi.fn();
    const model = fakeModel(new LangChainCache({ cache, onCacheError }));
    const answer = await model.invoke('hi');
    expect(answer.content, 'a failing cache must not fail the call').toBe('first');
    expect(onCacheError.mock.calls.map(([, operation]) => operation)).toEqual(['get', 'set']);
  });

  it('rethrows when throwOnCacheError is set', async () => {
    const cache = new JsonCache<StoredGeneration[]>();
    cache.failing = true;
    const model = fakeModel(new LangChainCache({ cache, throwOnCacheError: true }));
    await expect(model.invoke('hi')).rejects.toThrow('cache unavailable');
  });
});

describe('LangChainCache validates its options', () => {
  it('rejects a missing cache and a bad ttl, naming the option', () => {
    expect(() => new LangChainCache({ cache: undefined as never })).toThrow(/`cache`/);
    expect(() => new LangChainCache({ cache: new JsonCache<StoredGeneration[]>(), ttlMs: -5 })).toThrow(/`ttlMs`/);
  });
});
