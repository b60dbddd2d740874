import { describe, expect, it } from 'vitest';
import type { ChatChunk } from '@workbook/openrouter';
import { CacheStats, InstrumentedClient } from '@impl';
import { request } from '../helpers/clients.js';
import { manualClock } from '../helpers/clock.js';
import { streamingClient } from '../helpers/streams.js';

const read = async (stream: AsyncIterable<ChatChunk>): Promise<ChatChunk[]> => {
  const chunks: ChatChunk[] = [];
  for await (const each of stream) chunks.push(each);
  return chunks;
};

/** `hit` marks the final response as a caching client would; `undefined` sends a response without the mark. */
function setup(hit: boolean | undefined) {
  // Not 0: a time measured from the epoch of the clock instead of from the call would look right at 0.
  const clock = manualClock(1_000);
  const stats = new CacheStats({ now: clock.now });
  const upstream = streamingClient(clock, () => ({ firstMs: hit ? 0.5 : 250, restMs: hit ? 0.25 : 400, hit }));
  return { clock, stats, upstream, client: new InstrumentedClient(upstream.client, { stats }) };
}

describe('InstrumentedClient.stream records time to first token, by hit and miss [ex3.latency.first-token]', () => {
  it('records a streamed miss\'s time to its first chunk in latency.firstTokenMiss', async () => {
    const { stats, client } = setup(false);
    await read(client.stream(request('q')));
    expect(stats.latency.firstTokenMiss.count, 'one streamed miss, one time to first token').toBe(1);
    expect(stats.latency.firstTokenMiss.summary().sumMs, 'the first chunk came 250 ms after the call, on the stats clock').toBe(250);
    expect(stats.latency.firstTokenHit.count, 'a miss is not a hit').toBe(0);
  });

  it('counts a stream whose response has no cache mark as a miss, as chat() does', async () => {
    const { stats, client } = setup(undefined);
    await read(client.stream(request('q')));
    expect(stats.requests.misses, 'no `cache` on the response: it came from upstream, a miss').toBe(1);
    expect(stats.latency.firstTokenMiss.count).toBe(1);
  });

  it('records a streamed hit\'s time to first token in latency.firstTokenHit', async () => {
    const { stats, client } = setup(true);
    await read(client.stream(request('q')));
    expect(stats.latency.firstTokenHit.summary().sumMs).toBe(0.5);
    expect(stats.latency.firstTokenMiss.count).toBe(0);
  });

  it('counts a stream as a request and times it end to end, like chat()', async () => {
    const { stats, client } = setup(false);
    await read(client.stream(request('q')));
    expect(stats.requests.misses, 'a streamed miss is a miss').toBe(1);
    expect(stats.latency.miss.summary().sumMs, 'the whole stream took 250 + 400 ms').toBe(650);
  });

  it('records the stream when only its response is awaited, without reading the chunks', async () => {
    const { stats, client } = setup(true);
    await client.stream(request('q')).response;
    expect(stats.requests.hits).toBe(1);
    expect(stats.latency.firstTokenHit.count, 'time to first token is when the chunk arrived, read or not').toBe(1);
  });

  it('counts a stream that fails as an error, with no timing', async () => {
    const clock = manualClock();
    const stats = new CacheStats({ now: clock.now });
    const upstream = streamingClient(clock, () => ({ firstMs: 10, restMs: 10, hit: false, fail: new Error('provider went away') }));
    const client = new InstrumentedClient(upstream.client, { stats });
    await expect(read(client.stream(request('q')))).rejects.toThrow('provider went away');
    expect(stats.requests.errors).toBe(1);
    expect(stats.latency.firstTokenMiss.count + stats.latency.miss.count, 'a failed request is not timed').toBe(0);
  });

  it('records no time to first token for a stream that sent no chunk', async () => {
    const clock = manualClock();
    const stats = new CacheStats({ now: clock.now });
    const upstream = streamingClient(clock, () => ({ firstMs: 10, restMs: 10, hit: false, empty: true }));
    await new InstrumentedClient(upstream.client, { stats }).stream(request('q')).response;
    expect(stats.requests.misses).toBe(1);
    expect(stats.latency.firstTokenMiss.count, 'no chunk, no first token').toBe(0);
  });

  it('shows both distributions in the snapshot, and reset() clears them', async () => {
    const { stats, client } = setup(false);
    await read(client.stream(request('q')));
    expect(stats.snapshot().latency.firstTokenMiss).toEqual(stats.latency.firstTokenMiss.summary());
    expect(stats.snapshot().latency.firstTokenMiss.count).toBe(1);
    stats.reset();
    expect(stats.snapshot().latency.firstTokenMiss.count, 'reset() zeroes every distribution').toBe(0);
  });
});

describe('InstrumentedClient.stream passes the stream through untouched [ex3.latency.stream-pass-through]', () => {
  it('hands on the very chunks and the very response of the wrapped stream', async () => {
    const { client, upstream } = setup(false);
    const stream = client.stream(request('q'));
    const chunks = await read(stream);
    const response = await stream.response;
    expect(chunks.length).toBe(2);
    chunks.forEach((each, at) => expect(each, 'the same chunk objects, in order').toBe(upstream.streams[0]!.chunks[at]));
    expect(response, 'the same response object').toBe(upstream.streams[0]!.response);
  });

  it('stops the wrapped stream when its reader leaves early', async () => {
    const { client, upstream } = setup(false);
    for await (const _first of client.stream(request('q'))) break;
    expect(upstream.streams[0]!.signal?.aborted, 'leaving the loop must abort the wrapped stream, or upstream keeps generating').toBe(true);
  });

  it('passes the caller\'s abort on to the wrapped stream', async () => {
    const { client, upstream } = setup(false);
    const controller = new AbortController();
    const stream = client.stream(request('q'), { signal: controller.signal });
    controller.abort();
    await stream.response.catch(() => {});
    expect(upstream.streams[0]!.signal?.aborted).toBe(true);
  });

  it('throws a TypeError naming `client` when the wrapped client cannot stream', () => {
    const client = new InstrumentedClient({ chat: async () => { throw new Error('unused'); } });
    expect(() => client.stream(request('q'))).toThrow(TypeError);
    expect(() => client.stream(request('q'))).toThrow(/`client`/);
  });
});
