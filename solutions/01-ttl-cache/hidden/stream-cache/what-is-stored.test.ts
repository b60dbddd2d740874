import { describe, expect, it } from 'vitest';
import { OpenRouterError } from '@workbook/openrouter';
import { CachingClient } from '@impl';
import { memoryCache, request, testKey } from '../helpers/upstream.js';
import { answerChunks, chunk, drain, drivenUpstream, settle, type DrivenStream } from '../helpers/stream-upstream.js';

const setup = () => {
  const upstream = drivenUpstream();
  const store = memoryCache();
  const client = new CachingClient({ client: upstream.client, cache: store.cache, key: testKey });
  return { upstream, store, client };
};

describe('only a complete stream is stored [ex1.stream-cache.complete-only]', () => {
  it('sends the repeat of a stream cut short upstream again, without joining the one that ended', async () => {
    const { upstream, client } = setup();
    const first = client.stream(request);
    await settle();
    upstream.streams[0]!.play(answerChunks(['Because', ' rep'], 'length'));
    await first.response;
    const again = client.stream(request);
    await settle();
    expect(upstream.streams.length, 'a stream that has ended is no longer in flight: the repeat is a new miss').toBe(2);
    upstream.streams[1]!.play();
    await again.response;
  });

  it.each<[string, (stream: DrivenStream) => void]>([
    ['cut short by max_tokens (finish_reason "length")', (s) => s.play(answerChunks(['Because', ' rep'], 'length'))],
    ['stopped by a content filter', (s) => s.play(answerChunks([''], 'content_filter'))],
    ['with a chunk that carries an error of its own', (s) => s.play([...answerChunks(['Because']).slice(0, 1), chunk([{ index: 0, delta: {}, finish_reason: 'stop' }], { error: { code: 502, message: 'provider error' } })])],
    ['whose choice carries an error', (s) => s.play([...answerChunks(['Because']).slice(0, 1), chunk([{ index: 0, delta: {}, finish_reason: 'stop', error: { code: 502, message: 'stream interrupted' } }])])],
  ])('does not store a stream %s', async (_label, finish) => {
    const { upstream, store, client } = setup();
    const stream = client.stream(request);
    await settle();
    finish(upstream.streams[0]!);
    await stream.response.catch(() => {});
    expect(store.map.size, 'only a stream that ended with finish_reason "stop" and no error may be stored').toBe(0);
  });

  it('does not store a stream that failed mid-way, and the caller gets the upstream error unchanged', async () => {
    const { upstream, store, client } = setup();
    const stream = client.stream(request);
    await settle();
    const failure = new OpenRouterError('stream interrupted', { code: 502 });
    upstream.streams[0]!.send(...answerChunks().slice(0, 2));
    upstream.streams[0]!.fail(failure);
    await expect(drain(stream), 'the stream fails with the upstream error itself').rejects.toBe(failure);
    expect(store.map.size, 'half an answer must never be stored').toBe(0);
  });

  it('does not store a stream the caller aborted, and the repeat goes upstream again', async () => {
    const { upstream, store, client } = setup();
    const controller = new AbortController();
    const stream = client.stream(request, { signal: controller.signal });
    await settle();
    upstream.streams[0]!.send(...answerChunks().slice(0, 2));
    controller.abort();
    await stream.response.catch(() => {});
    await settle();
    expect(store.map.size, 'an aborted stream is incomplete: not stored').toBe(0);
    const again = client.stream(request);
    await settle();
    expect(upstream.streams.length, 'the next identical request is a miss').toBe(2);
    upstream.streams[1]!.play();
    await again.response;
  });

  it('does not store a stream whose only reader left the loop early', async () => {
    const { upstream, store, client } = setup();
    const stream = client.stream(request);
    await settle();
    upstream.streams[0]!.send(...answerChunks().slice(0, 2));
    for await (const _first of stream) break;
    await settle();
    expect(upstream.streams[0]!.aborted, 'leaving the loop gives the stream up: abort upstream').toBe(true);
    expect(store.map.size).toBe(0);
  });
});
