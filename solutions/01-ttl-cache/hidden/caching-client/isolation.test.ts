import { describe, expect, it } from 'vitest';
import { CachingClient } from '@impl';
import { fakeUpstream, memoryCache, request, response, testKey } from '../helpers/upstream.js';

describe('callers cannot change what the cache holds [ex1.caching-client.copies]', () => {
  it('is not changed by a caller mutating the response it got on a miss', async () => {
    const client = new CachingClient({ client: fakeUpstream().client, cache: memoryCache().cache, key: testKey });
    const miss = await client.chat(request);
    miss.choices[0]!.message.content = 'vandalised';
    const hit = await client.chat(request);
    expect(hit.choices[0]?.message.content, 'store a structuredClone, not the object you hand back').toBe(response().choices[0]?.message.content);
  });

  it('is not changed by a caller mutating the response it got on a hit', async () => {
    const client = new CachingClient({ client: fakeUpstream().client, cache: memoryCache().cache, key: testKey });
    await client.chat(request);
    const first = await client.chat(request);
    first.choices[0]!.message.content = 'vandalised';
    first.usage!.total_tokens = -1;
    const second = await client.chat(request);
    expect(second.choices[0]?.message.content, 'hand out a fresh clone on every hit').toBe(response().choices[0]?.message.content);
    expect(second.usage?.total_tokens, 'usage too').toBe(18);
  });

  it('is not changed by upstream mutating the object it returned', async () => {
    const shared = response();
    const client = new CachingClient({ client: fakeUpstream(() => shared).client, cache: memoryCache().cache, key: testKey });
    await client.chat(request);
    shared.choices[0]!.message.content = 'changed later';
    const hit = await client.chat(request);
    expect(hit.choices[0]?.message.content, 'store a copy of what upstream returned, taken at the time').toBe('Because repeats are free.');
  });
});
