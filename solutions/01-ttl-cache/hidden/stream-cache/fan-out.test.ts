import { describe, expect, it } from 'vitest';
import { CachingClient } from '@impl';
import { memoryCache, request, testKey } from '../helpers/upstream.js';
import { answerChunks, drain, drivenUpstream, settle } from '../helpers/stream-upstream.js';

const setup = () => {
  const upstream = drivenUpstream();
  const store = memoryCache();
  const client = new CachingClient({ client: upstream.client, cache: store.cache, key: testKey });
  return { upstream, store, client };
};

describe('concurrent identical streams share one upstream stream [ex1.stream-cache.fan-out]', () => {
  it('makes one upstream stream for three identical requests in flight, and each caller gets every chunk', async () => {
    const { upstream, client } = setup();
    const streams = [client.stream(request), client.stream(request), client.stream(request)];
    await settle();
    expect(upstream.streams.length, 'identical requests in flight must join the stream already running').toBe(1);
    upstream.streams[0]!.play();
    const received = await Promise.all(streams.map(drain));
    for (const chunks of received) expect(chunks, 'every caller gets the whole stream').toEqual(answerChunks());
  });

  it('gives a caller that joins mid-stream the chunks sent before it joined, from the first', async () => {
    const { upstream, client } = setup();
    const early = client.stream(request);
    await settle();
    upstream.streams[0]!.send(...answerChunks().slice(0, 2));
    await settle();
    const late = client.stream(request);
    await settle();
    upstream.streams[0]!.send(...answerChunks().slice(2));
    upstream.streams[0]!.end();
    expect(upstream.streams.length, 'the late caller joins the running stream').toBe(1);
    expect(await drain(late), 'a joiner replays what it missed, then follows live').toEqual(answerChunks());
    expect(await drain(early)).toEqual(answerChunks());
  });

  it('makes separate upstream streams for different requests', async () => {
    const { upstream, client } = setup();
    const other = { ...request, temperature: 1 };
    const streams = [client.stream(request), client.stream(other)];
    await settle();
    expect(upstream.streams.length, 'only identical requests share a stream').toBe(2);
    for (const each of upstream.streams) each.play();
    await Promise.all(streams.map((stream) => stream.response));
  });

  it('gives every caller of a failed shared stream the upstream error', async () => {
    const { upstream, client } = setup();
    const streams = [client.stream(request), client.stream(request)];
    await settle();
    expect(upstream.streams.length, 'identical requests in flight share one upstream stream').toBe(1);
    const failure = new Error('provider went away');
    upstream.streams[0]!.fail(failure);
    for (const stream of streams) await expect(stream.response).rejects.toBe(failure);
  });
});

describe('one caller leaving does not stop the others [ex1.stream-cache.abort-one]', () => {
  it('keeps streaming to the other callers, and stores the answer, when one caller aborts', async () => {
    const { upstream, store, client } = setup();
    const controller = new AbortController();
    const leaving = client.stream(request, { signal: controller.signal });
    const staying = client.stream(request);
    await settle();
    expect(upstream.streams.length, 'identical requests in flight share one upstream stream').toBe(1);
    upstream.streams[0]!.send(...answerChunks().slice(0, 2));
    controller.abort();
    await expect(leaving.response, 'the caller that aborted gets an aborted error').rejects.toMatchObject({ code: 'aborted' });
    expect(upstream.streams[0]!.aborted, 'another caller still reads: upstream must go on').toBe(false);
    upstream.streams[0]!.send(...answerChunks().slice(2));
    upstream.streams[0]!.end();
    expect(await drain(staying)).toEqual(answerChunks());
    expect(store.map.size, 'the stream completed for the caller that stayed: store it').toBe(1);
  });

  it('keeps streaming to the others when one caller leaves its loop early', async () => {
    const { upstream, client } = setup();
    const leaving = client.stream(request);
    const staying = client.stream(request);
    await settle();
    expect(upstream.streams.length, 'identical requests in flight share one upstream stream').toBe(1);
    upstream.streams[0]!.send(...answerChunks().slice(0, 1));
    for await (const _first of leaving) break;
    await settle();
    expect(upstream.streams[0]!.aborted, 'one reader left, one remains: upstream must go on').toBe(false);
    upstream.streams[0]!.send(...answerChunks().slice(1));
    upstream.streams[0]!.end();
    expect(await drain(staying)).toEqual(answerChunks());
  });

  it('aborts upstream once every caller has left, and the next request starts a fresh stream', async () => {
    const { upstream, store, client } = setup();
    const controllers = [new AbortController(), new AbortController()];
    const streams = controllers.map((controller) => client.stream(request, { signal: controller.signal }));
    await settle();
    upstream.streams[0]!.send(...answerChunks().slice(0, 1));
    for (const controller of controllers) controller.abort();
    for (const stream of streams) await stream.response.catch(() => {});
    await settle();
    expect(upstream.streams[0]!.aborted, 'nobody reads any more: abort upstream').toBe(true);
    expect(store.map.size).toBe(0);
    const fresh = client.stream(request);
    await settle();
    expect(upstream.streams.length, 'an abandoned stream is not joined').toBe(2);
    upstream.streams[1]!.play();
    expect(await drain(fresh)).toEqual(answerChunks());
  });

  it('starts a fresh stream after every caller left even while the old upstream is still stopping, and keeps joining the fresh one', async () => {
    const upstream = drivenUpstream();
    const signals: (AbortSignal | undefined)[] = [];
    // An upstream slow to stop: it hears the abort (we record its signal) but goes on until the test ends it.
    const slowToStop = {
      chat: upstream.client.chat,
      stream: (asked: typeof request, options: { signal?: AbortSignal } = {}) => {
        signals.push(options.signal);
        return upstream.client.stream(asked);
      },
    };
    const client = new CachingClient({ client: slowToStop, cache: memoryCache().cache, key: testKey });
    const controller = new AbortController();
    const leaving = client.stream(request, { signal: controller.signal });
    await settle();
    upstream.streams[0]!.send(...answerChunks().slice(0, 1));
    controller.abort();
    await leaving.response.catch(() => {});
    await settle();
    expect(signals[0]?.aborted, 'nobody reads any more: abort upstream').toBe(true);
    const fresh = client.stream(request);
    await settle();
    expect(upstream.streams.length, 'a stream every caller left is abandoned: do not join it, even before its upstream has stopped').toBe(2);
    upstream.streams[0]!.end();
    await settle();
    const joiner = client.stream(request);
    await settle();
    expect(upstream.streams.length, 'the abandoned stream ending must not forget the fresh one in flight: an identical request joins the fresh one').toBe(2);
    upstream.streams[1]!.play();
    expect(await drain(fresh)).toEqual(answerChunks());
    expect(await drain(joiner)).toEqual(answerChunks());
  });
});
