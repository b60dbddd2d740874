import { describe, expect, it } from 'vitest';
import type { Sleep } from '@workbook/openrouter';
import { CachingClient } from '@impl';
import { thrownBy } from '../helpers/thrown-by.js';
import { brokenCache, fakeUpstream, memoryCache, request, testKey } from '../helpers/upstream.js';
import { answerChunks, drain, drivenUpstream, settle } from '../helpers/stream-upstream.js';

/** A sleep that records each pause and returns at once. */
const recordingSleep = () => {
  const pauses: number[] = [];
  const sleep: Sleep = async (ms) => void pauses.push(ms);
  return { sleep, pauses };
};

/** Streams one miss to completion, so the next identical stream is a hit. */
async function recordOne(client: CachingClient, upstream: ReturnType<typeof drivenUpstream>): Promise<void> {
  const miss = client.stream(request);
  await settle();
  upstream.streams.at(-1)!.play();
  await miss.response;
}

describe('a hit can be paced like a model [ex1.stream-cache.pacing]', () => {
  it('replays at once by default, without pausing', async () => {
    const upstream = drivenUpstream();
    const { sleep, pauses } = recordingSleep();
    const client = new CachingClient({ client: upstream.client, cache: memoryCache().cache, key: testKey, sleep });
    await recordOne(client, upstream);
    await drain(client.stream(request));
    expect(pauses, 'replayDelayMs defaults to 0: no pause at all').toEqual([]);
  });

  it('pauses replayDelayMs between two chunks, never before the first', async () => {
    const upstream = drivenUpstream();
    const { sleep, pauses } = recordingSleep();
    const client = new CachingClient({ client: upstream.client, cache: memoryCache().cache, key: testKey, replayDelayMs: 20, sleep });
    await recordOne(client, upstream);
    await drain(client.stream(request));
    expect(pauses, 'one pause of replayDelayMs between each two chunks: the first chunk comes at once').toEqual(Array(answerChunks().length - 1).fill(20));
  });

  it('paces with a real timer by default', async () => {
    const upstream = drivenUpstream();
    const client = new CachingClient({ client: upstream.client, cache: memoryCache().cache, key: testKey, replayDelayMs: 1 });
    await recordOne(client, upstream);
    expect(await drain(client.stream(request)), 'a paced replay still delivers every chunk').toEqual(answerChunks());
  });

  it('stops a paced replay as soon as the caller aborts', async () => {
    const upstream = drivenUpstream();
    const controller = new AbortController();
    const sleep: Sleep = async () => controller.abort();
    const client = new CachingClient({ client: upstream.client, cache: memoryCache().cache, key: testKey, replayDelayMs: 20, sleep });
    await recordOne(client, upstream);
    const hit = client.stream(request, { signal: controller.signal });
    const received: unknown[] = [];
    await expect((async () => { for await (const each of hit) received.push(each); })()).rejects.toMatchObject({ code: 'aborted' });
    expect(received.length, 'the chunk before the pause arrived; nothing after the abort').toBe(1);
  });

  it('does not pace a miss: upstream already sets its pace', async () => {
    const upstream = drivenUpstream();
    const { sleep, pauses } = recordingSleep();
    const client = new CachingClient({ client: upstream.client, cache: memoryCache().cache, key: testKey, replayDelayMs: 20, sleep });
    await recordOne(client, upstream);
    expect(pauses).toEqual([]);
  });

  it.each([0, 2 ** 31 - 1])('accepts replayDelayMs %s, the bounds of a pause', async (replayDelayMs) => {
    const upstream = drivenUpstream();
    const { sleep, pauses } = recordingSleep();
    const client = new CachingClient({ client: upstream.client, cache: memoryCache().cache, key: testKey, replayDelayMs, sleep });
    await recordOne(client, upstream);
    await drain(client.stream(request));
    expect(pauses, 'paced by exactly that pause (none for 0)').toEqual(replayDelayMs === 0 ? [] : Array(answerChunks().length - 1).fill(replayDelayMs));
  });

  it('refuses a `sleep` that is not a function, naming it', () => {
    const error = thrownBy(() => new CachingClient({ client: fakeUpstream().client, cache: memoryCache().cache, sleep: 5 as never }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain('`sleep`');
  });

  it.each<[string, unknown, string]>([
    ['a negative replayDelayMs', -1, 'RangeError'],
    ['more than Node can schedule', 2 ** 31, 'RangeError'],
    ['NaN', Number.NaN, 'RangeError'],
    ['Infinity', Infinity, 'RangeError'],
    ['a string', '20', 'TypeError'],
  ])('refuses %s with an error naming `replayDelayMs`', (_label, replayDelayMs, kind) => {
    const error = thrownBy(() => new CachingClient({ client: fakeUpstream().client, cache: memoryCache().cache, replayDelayMs: replayDelayMs as number }));
    expect(error, 'check replayDelayMs in the constructor').toBeInstanceOf(kind === 'RangeError' ? RangeError : TypeError);
    expect((error as Error).message).toContain('`replayDelayMs`');
  });
});

describe('stream() needs a streaming client [ex1.stream-cache.needs-stream]', () => {
  it('throws a TypeError naming `client` when the wrapped client has no stream()', () => {
    const client = new CachingClient({ client: fakeUpstream().client, cache: memoryCache().cache });
    const error = thrownBy(() => client.stream(request));
    expect(error, 'a client without stream() cannot stream: say so at once').toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain('`client`');
  });
});

describe('stream cache failures follow chat()\'s rules [ex1.stream-cache.cache-failures]', () => {
  it('streams from upstream and reports (error, "get") and (error, "set") when the cache fails', async () => {
    const upstream = drivenUpstream();
    const failure = new Error('backend down');
    const reported: [unknown, string][] = [];
    const client = new CachingClient({ client: upstream.client, cache: brokenCache(failure), key: testKey, onCacheError: (error, op) => void reported.push([error, op]) });
    const stream = client.stream(request);
    await settle();
    upstream.streams[0]!.play();
    expect(await drain(stream), 'a failing cache must not fail the stream').toEqual(answerChunks());
    expect(reported).toEqual([[failure, 'get'], [failure, 'set']]);
  });

  it('fails the stream with the cache\'s error when throwOnCacheError is set', async () => {
    const upstream = drivenUpstream();
    const failure = new Error('backend down');
    const client = new CachingClient({ client: upstream.client, cache: brokenCache(failure), key: testKey, throwOnCacheError: true });
    await expect(client.stream(request).response).rejects.toBe(failure);
  });
});
