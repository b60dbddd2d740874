import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { OpenRouterClient, type OpenRouterClientOptions } from '../src/http.js';
import * as fake from './helpers/fake-openrouter.js';

const { CANARY_KEY, completion, errorBody, hello, manualAttemptTimeouts, rejectionOf, requestsReceived } = fake;

/** A fake OpenRouter for this test only. */
async function serve(script: fake.Script): Promise<fake.FakeOpenRouter> {
  const server = await fake.startFakeOpenRouter(script);
  onTestFinished(() => server.close());
  return server;
}

/** A client on a hand-moved clock: `sleep` moves the clock by what it was asked instead of waiting. */
function clockedClient(baseUrl: string, options: Partial<OpenRouterClientOptions> = {}) {
  const clock = { now: 1_000_000 };
  const slept: number[] = [];
  const client = new OpenRouterClient({
    apiKey: CANARY_KEY,
    baseUrl,
    random: () => 0.5,
    now: () => clock.now,
    sleep: async (ms) => {
      slept.push(ms);
      clock.now += ms;
    },
    ...options,
  });
  return { client, clock, slept };
}

const hang: fake.Reply = { hang: true };

describe('OpenRouterClient has an overall deadline across retries', () => {
  it('gives up on a hung upstream after timeoutMs + 30 s by default, not after 3 × timeoutMs', async () => {
    const server = await serve([hang]);
    const timeouts = manualAttemptTimeouts();
    const { client, clock, slept } = clockedClient(server.baseUrl);
    const call = rejectionOf(client.chat(hello));
    await requestsReceived(server, 1);
    clock.now += 60_000;
    timeouts.expire(0);
    await requestsReceived(server, 2);
    expect(slept, 'one backoff of random() × retryBaseDelayMs').toEqual([250]);
    expect(timeouts.requestedMs, 'the second attempt only gets what is left of the 90 s deadline').toEqual([60_000, 29_750]);
    clock.now += 29_750;
    timeouts.expire(1);
    const error = await call;
    expect(error).toMatchObject({ name: 'OpenRouterError', code: 'timeout', retryable: true });
    expect((error as Error).message).toContain('deadline of 90000 ms (2 attempts');
    expect((error as Error).message).toContain('`deadlineMs`');
    expect(server.requests, 'no third attempt: the deadline has passed').toHaveLength(2);
  });

  it('cuts every attempt to the time left before a configured deadlineMs', async () => {
    const server = await serve([hang]);
    const timeouts = manualAttemptTimeouts();
    const { client, clock } = clockedClient(server.baseUrl, { timeoutMs: 600, deadlineMs: 1000, retryBaseDelayMs: 100 });
    const call = rejectionOf(client.chat(hello));
    await requestsReceived(server, 1);
    clock.now += 600;
    timeouts.expire(0);
    await requestsReceived(server, 2);
    expect(timeouts.requestedMs, '1000 − 600 − a backoff of 50 ms leaves 350 ms').toEqual([600, 350]);
    clock.now += 350;
    timeouts.expire(1);
    expect(await call).toMatchObject({ code: 'timeout' });
  });

  it('fails at once, without waiting, when the backoff would end after the deadline', async () => {
    const server = await serve([{ status: 503, headers: { 'retry-after': '5' }, body: errorBody(503, 'busy') }]);
    const { client, slept } = clockedClient(server.baseUrl, { deadlineMs: 3000 });
    const error = await rejectionOf(client.chat(hello));
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
    expect((error as Error).message, 'the last attempt\'s error is part of the message').toContain('busy');
    expect(slept, 'a 5 s Retry-After cannot fit in a 3 s deadline: no pointless wait').toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('still retries fast failures within the deadline', async () => {
    const server = await serve([{ status: 502, body: errorBody(502, 'flaky') }, { body: completion() }]);
    const { client } = clockedClient(server.baseUrl, { deadlineMs: 5000 });
    await expect(client.chat(hello)).resolves.toEqual(completion());
    expect(server.requests).toHaveLength(2);
  });

  it('has no overall limit with deadlineMs Infinity: each attempt keeps its full timeoutMs', async () => {
    const server = await serve([hang]);
    const timeouts = manualAttemptTimeouts();
    const { client, clock } = clockedClient(server.baseUrl, { timeoutMs: 100, deadlineMs: Infinity, maxRetries: 1 });
    const call = rejectionOf(client.chat(hello));
    await requestsReceived(server, 1);
    clock.now += 1_000_000;
    timeouts.expire(0);
    await requestsReceived(server, 2);
    timeouts.expire(1);
    expect(await call).toMatchObject({ code: 'timeout' });
    expect(timeouts.requestedMs).toEqual([100, 100]);
  });

  it('rounds a fractional timeoutMs up to a whole millisecond instead of failing at call time', async () => {
    const server = await serve([{ body: completion() }]);
    const timeouts = manualAttemptTimeouts();
    const { client } = clockedClient(server.baseUrl, { timeoutMs: 1500.5 });
    await client.chat(hello);
    expect(timeouts.requestedMs).toEqual([1501]);
  });
});

describe('OpenRouterClient delay options stop at what Node can schedule', () => {
  it.each([
    ['timeoutMs', 2 ** 31],
    ['deadlineMs', 2 ** 31],
    ['deadlineMs', 0],
    ['deadlineMs', Number.NaN],
    ['retryBaseDelayMs', 2 ** 31],
    ['retryMaxDelayMs', 2 ** 31],
  ])('rejects `%s` = %s with a RangeError naming it, when the client is made', (name, value) => {
    const create = () => new OpenRouterClient({ apiKey: CANARY_KEY, [name]: value });
    expect(create).toThrow(RangeError);
    expect(create).toThrow(new RegExp(`^\`${name}\` must be`));
  });

  it('accepts 2^31 − 1 ms for every delay option, and Infinity for timeoutMs and deadlineMs', () => {
    const max = 2 ** 31 - 1;
    expect(() => new OpenRouterClient({ apiKey: CANARY_KEY, timeoutMs: max, deadlineMs: max, retryBaseDelayMs: max, retryMaxDelayMs: max })).not.toThrow();
    expect(() => new OpenRouterClient({ apiKey: CANARY_KEY, timeoutMs: Infinity, deadlineMs: Infinity })).not.toThrow();
  });
});

describe('stream() and embed() keep the same deadline as chat()', () => {
  const busy: fake.Reply = { status: 503, headers: { 'retry-after': '5' }, body: errorBody(503, 'busy') };

  it.each([
    ['stream()', (client: OpenRouterClient) => client.stream(hello).response],
    ['embed()', (client: OpenRouterClient) => client.embed('hello')],
  ])('%s fails at once when the server asks for a wait that ends after the deadline', async (_name, call) => {
    const server = await serve([busy]);
    const { client, slept } = clockedClient(server.baseUrl, { deadlineMs: 3000 });
    const error = await rejectionOf(call(client));
    expect(error).toMatchObject({ name: 'OpenRouterError', code: 'timeout', retryable: true });
    expect((error as Error).message).toContain('deadline of 3000 ms (1 attempt; last:');
    expect(slept, 'a 5 s Retry-After cannot fit in a 3 s deadline: no pointless wait').toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['stream()', (client: OpenRouterClient) => client.stream(hello).response],
    ['embed()', (client: OpenRouterClient) => client.embed('hello')],
  ])('%s still retries a fast failure within the deadline', async (_name, call) => {
    const server = await serve((request, index) => {
      if (index === 0) return { status: 502, body: errorBody(502, 'flaky') };
      if (request.url.endsWith('/embeddings')) return { body: { object: 'list', data: [{ object: 'embedding', index: 0, embedding: [1, 0] }], model: 'm' } };
      return { status: 200, headers: { 'content-type': 'text/event-stream' }, body: `data: ${JSON.stringify({ id: 'g', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n` };
    });
    const { client } = clockedClient(server.baseUrl, { deadlineMs: 5000 });
    await expect(call(client)).resolves.toBeDefined();
    expect(server.requests).toHaveLength(2);
  });

  it('ends a stream whose every attempt hangs at its deadline, not after (maxRetries + 1) × timeoutMs', async () => {
    const server = await serve([hang]);
    // Fake timers drive the stream's idle timer and the clock (Date.now), so each attempt times out exactly when the
    // test moves time on; the server's I/O stays real. Backoffs are 0 ms (random() = 0) and end at once.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    onTestFinished(() => void vi.useRealTimers());
    const client = new OpenRouterClient({ apiKey: CANARY_KEY, baseUrl: server.baseUrl, timeoutMs: 100, deadlineMs: 250, maxRetries: 5, random: () => 0, sleep: async () => undefined });
    const call = rejectionOf(client.stream(hello).response);
    for (const [attempt, silenceMs] of [[1, 100], [2, 100], [3, 50]] as const) {
      await requestsReceived(server, attempt);
      await vi.advanceTimersByTimeAsync(silenceMs - 1);
      expect(server.requests, `attempt ${attempt} must still be waiting ${silenceMs - 1} ms in`).toHaveLength(attempt);
      await vi.advanceTimersByTimeAsync(1);
    }
    const error = await call;
    expect(error).toMatchObject({ name: 'OpenRouterError', code: 'timeout', retryable: true });
    expect((error as Error).message, 'the third attempt only had the 50 ms left of the deadline').toContain('deadline of 250 ms (3 attempts');
    expect(server.requests, 'six attempts without the deadline; three fit in 250 ms').toHaveLength(3);
  });
});

describe('stream() and embed() retry with the same loop as chat()', () => {
  const busy: fake.Reply = { status: 503, headers: { 'retry-after': '1' }, body: errorBody(503, 'busy') };
  const calls = [
    ['stream()', (client: OpenRouterClient, signal?: AbortSignal) => client.stream(hello, { signal }).response],
    ['embed()', (client: OpenRouterClient, signal?: AbortSignal) => client.embed('hello', { signal })],
  ] as const;

  it.each(calls)('%s waits the server\'s Retry-After between attempts and says when retries ran out', async (_name, call) => {
    const server = await serve([busy]);
    const { client, slept } = clockedClient(server.baseUrl, { maxRetries: 2 });
    const error = await rejectionOf(call(client));
    expect(error).toMatchObject({ name: 'OpenRouterError', status: 503, retryable: true, retryAfterMs: 1000 });
    expect((error as Error).message).toContain('Gave up after 3 attempts');
    expect(slept, 'Retry-After: 1 before each of the two retries').toEqual([1000, 1000]);
    expect(server.requests).toHaveLength(3);
  });

  it.each(calls)('%s stops waiting for the next attempt as soon as the caller aborts', async (_name, call) => {
    const server = await serve([busy]);
    let waiting: () => void = () => undefined;
    const asleep = new Promise<void>((resolve) => (waiting = resolve));
    // A sleep that never ends on its own: only the abort can end the wait.
    const { client } = clockedClient(server.baseUrl, { sleep: () => (waiting(), new Promise<void>(() => undefined)) });
    const controller = new AbortController();
    const pending = rejectionOf(call(client, controller.signal));
    await asleep;
    controller.abort(new Error('user left'));
    expect(await pending).toMatchObject({ name: 'OpenRouterError', code: 'aborted', retryable: false });
    expect(server.requests, 'no attempt after the abort').toHaveLength(1);
  });
});
