import { describe, expect, it } from 'vitest';
import { ResponseAssembler } from '@workbook/openrouter';
import { CachingClient } from '@impl';
import { memoryCache, recordingCache, request, response, testKey } from '../helpers/upstream.js';
import { answerChunks, drain, drivenUpstream, settle, usage } from '../helpers/stream-upstream.js';

const setup = () => {
  const upstream = drivenUpstream();
  const store = recordingCache();
  const client = new CachingClient({ client: upstream.client, cache: store.cache, key: testKey, ttlMs: 60_000 });
  return { upstream, store, client };
};

describe('a miss streams through while it is recorded [ex1.stream-cache.miss]', () => {
  it('hands each chunk to the caller as soon as upstream sends it, before the stream ends', async () => {
    const { upstream, client } = setup();
    const reader = client.stream(request)[Symbol.asyncIterator]();
    const first = reader.next();
    await settle();
    await settle();
    const chunks = answerChunks();
    upstream.streams[0]!.send(chunks[0]!);
    expect((await first).value, 'the first chunk must reach the caller while upstream is still streaming: do not wait for the end').toEqual(chunks[0]);
    upstream.streams[0]!.send(...chunks.slice(1));
    upstream.streams[0]!.end();
    expect((await reader.next()).value).toEqual(chunks[1]);
  });

  it('calls upstream stream() once, with the request unchanged', async () => {
    const { upstream, client } = setup();
    const stream = client.stream(request);
    await settle();
    upstream.streams[0]?.play();
    await drain(stream);
    expect(upstream.streams.length, 'one miss, one upstream stream').toBe(1);
    expect(upstream.streams[0]!.request).toEqual(request);
  });

  it('resolves `response` with the assembled answer marked cache: { hit: false, key }', async () => {
    const { upstream, client } = setup();
    const stream = client.stream(request);
    await settle();
    upstream.streams[0]!.play();
    const answer = await stream.response;
    expect(answer.choices[0]?.message.content).toBe('Because repeats are free.');
    expect(answer.cache, 'a streamed miss is marked like a chat() miss').toEqual({ hit: false, key: testKey(request) });
  });

  it('passes the caller\'s signal on, so aborting it stops the upstream request', async () => {
    const { upstream, client } = setup();
    const controller = new AbortController();
    const stream = client.stream(request, { signal: controller.signal });
    await settle();
    upstream.streams[0]!.send(...answerChunks().slice(0, 2));
    controller.abort();
    await expect(stream.response, 'an aborted stream rejects').rejects.toMatchObject({ code: 'aborted' });
    await settle();
    expect(upstream.streams[0]!.aborted, 'the only caller left: the upstream request must be aborted, or its tokens are still billed').toBe(true);
  });
});

describe('a complete stream is stored; a hit replays it [ex1.stream-cache.replay]', () => {
  it('answers the repeat from the cache, without a second upstream stream', async () => {
    const { upstream, client } = setup();
    const miss = client.stream(request);
    await settle();
    upstream.streams[0]!.play();
    await drain(miss);
    await drain(client.stream(request));
    expect(upstream.streams.length, 'the second identical stream must be a hit').toBe(1);
  });

  it('replays the same chunks, with the same boundaries, in the same order', async () => {
    const { upstream, client } = setup();
    const pieces = ['Cach', 'ing', ' is', ' remembering', '.'];
    const miss = client.stream(request);
    await settle();
    upstream.streams[0]!.play(answerChunks(pieces));
    const recorded = await drain(miss);
    const replayed = await drain(client.stream(request));
    expect(replayed, 'a hit must replay the chunks the miss delivered, not one big chunk or re-split text').toEqual(recorded);
  });

  it('marks the replayed response cache: { hit: true, key } and keeps the recorded usage', async () => {
    const { upstream, client } = setup();
    const miss = client.stream(request);
    await settle();
    upstream.streams[0]!.play();
    await miss.response;
    const hit = await client.stream(request).response;
    expect(hit.cache).toEqual({ hit: true, key: testKey(request) });
    expect(hit.usage, 'the usage says what the hit saved: the recorded one').toEqual(usage);
    expect(hit.choices[0]?.message.content).toBe('Because repeats are free.');
  });

  it('stores the answer with the ttlMs option, under the request\'s key', async () => {
    const { upstream, store, client } = setup();
    const miss = client.stream(request);
    await settle();
    upstream.streams[0]!.play();
    await miss.response;
    expect(store.sets.map(({ key, ttlMs }) => ({ key, ttlMs }))).toEqual([{ key: testKey(request), ttlMs: 60_000 }]);
  });

  it('hands out copies: a caller changing its chunks does not change the next replay', async () => {
    const { upstream, client } = setup();
    const miss = client.stream(request);
    await settle();
    upstream.streams[0]!.play();
    for (const each of await drain(miss)) each.choices[0] && (each.choices[0].delta.content = 'changed');
    for (const each of await drain(client.stream(request))) each.choices[0] && (each.choices[0].delta.content = 'changed again');
    const third = await client.stream(request).response;
    expect(third.choices[0]?.message.content, 'store and replay copies (structuredClone)').toBe('Because repeats are free.');
  });
});

describe('chat() and stream() share entries [ex1.stream-cache.shared-entry]', () => {
  it('answers chat() from a recorded stream, without the recording', async () => {
    const upstream = drivenUpstream();
    const client = new CachingClient({ client: upstream.client, cache: memoryCache().cache, key: testKey });
    const miss = client.stream(request);
    await settle();
    upstream.streams[0]!.play();
    await miss.response;
    const hit = await client.chat(request);
    expect(upstream.chats.length, 'the same request, asked with chat(), is a hit: no upstream call').toBe(0);
    expect(hit.choices[0]?.message.content).toBe('Because repeats are free.');
    expect(Object.keys(hit).sort(), 'chat() returns a response: leave the recorded chunks out').not.toContain('chunks');
  });

  it('replays an answer stored by chat() as a stream that assembles to the same message and usage', async () => {
    const upstream = drivenUpstream();
    const client = new CachingClient({ client: upstream.client, cache: memoryCache().cache, key: testKey });
    const answered = await client.chat(request);
    const assembler = new ResponseAssembler();
    for (const each of await drain(client.stream(request))) assembler.add(each);
    const replayed = assembler.result();
    expect(upstream.streams.length, 'an answer is the same however it was delivered: no upstream stream').toBe(0);
    expect(replayed.choices[0]?.message.content).toBe(answered.choices[0]?.message.content);
    expect(replayed.choices[0]?.finish_reason).toBe('stop');
    expect(replayed.usage).toEqual(answered.usage);
  });

  it('replays an answer stored by chat() as real chunks: the object type, the provider, usage in a last chunk without choices', async () => {
    const store = memoryCache();
    const client = new CachingClient({ client: drivenUpstream().client, cache: store.cache, key: testKey });
    store.map.set(testKey(request), { ...response(), provider: 'OpenAI' });
    const chunks = await drain(client.stream(request));
    for (const each of chunks) expect(each).toMatchObject({ object: 'chat.completion.chunk', id: 'gen-1', model: 'openai/gpt-4o-mini', provider: 'OpenAI' });
    expect(chunks.at(-1), 'as OpenRouter does, the usage comes last, in a chunk with no choices').toMatchObject({ choices: [], usage: response().usage });
    expect(chunks.slice(0, -1).every((each) => each.usage === undefined), 'only the last chunk carries usage').toBe(true);
    store.map.set(testKey(request), response());
    expect((await drain(client.stream(request)))[0], 'no provider in the answer, none in the chunks').not.toHaveProperty('provider');
  });

  it('replays tool calls of a stored answer as deltas that carry each call\'s index', async () => {
    const store = memoryCache();
    const client = new CachingClient({ client: drivenUpstream().client, cache: store.cache, key: testKey });
    const call = { id: 'call-1', type: 'function' as const, function: { name: 'lookup', arguments: '{}' } };
    store.map.set(testKey(request), { ...response(), choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [call] }, finish_reason: 'stop' }] });
    const assembler = new ResponseAssembler();
    for (const each of await drain(client.stream(request))) assembler.add(each);
    expect(assembler.result().choices[0]?.message.tool_calls).toEqual([call]);
  });
});
