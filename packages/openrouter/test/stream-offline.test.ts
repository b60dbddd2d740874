import { afterEach, describe, expect, it, vi } from 'vitest';
import { OfflineClient } from '../src/offline.js';
import type { ChatChunk, ChatRequest, ChatStream } from '../src/types.js';

const request: ChatRequest = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Why cache LLM answers?' }] };

afterEach(() => {
  vi.useRealTimers();
});

async function collect(stream: ChatStream): Promise<ChatChunk[]> {
  const chunks: ChatChunk[] = [];
  for await (const received of stream) chunks.push(received);
  return chunks;
}

function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

const instant = (): OfflineClient => new OfflineClient({ latencyMs: 0 });

describe('OfflineClient.stream: the same answer as chat, in stable chunks', () => {
  it('streams exactly the content, finish reason and usage chat answers', async () => {
    const client = instant();
    const chat = await client.chat(request);
    const stream = client.stream(request);
    const chunks = await collect(stream);
    const text = chunks.map((received) => received.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe(chat.choices[0]?.message.content);
    const { id: _streamId, ...streamed } = await stream.response;
    const { id: _chatId, ...answered } = chat;
    expect(streamed).toEqual(answered);
  });

  it('cuts the same request into the same chunks every time', async () => {
    const first = await collect(instant().stream(request));
    const second = await collect(instant().stream(request));
    expect(second).toEqual(first);
    expect(first.length, 'one chunk per word, plus the finish and usage chunks').toBeGreaterThan(5);
  });

  it('ends with a finish chunk, then a usage chunk without choices', async () => {
    const chunks = await collect(instant().stream(request));
    expect(chunks.at(-2)?.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage?.total_tokens).toBeGreaterThan(0);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(chunks.every((received) => received.object === 'chat.completion.chunk' && received.id === chunks[0]?.id)).toBe(true);
  });

  it('streams a tool call in one chunk', async () => {
    const tools: ChatRequest['tools'] = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }];
    const toolRequest: ChatRequest = { ...request, tools, tool_choice: 'required' };
    const client = instant();
    const chat = await client.chat(toolRequest);
    const response = await client.stream(toolRequest).response;
    expect(response.choices[0]?.message.tool_calls).toEqual(chat.choices[0]?.message.tool_calls);
    expect(response.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('counts one call per stream', async () => {
    const client = instant();
    await client.stream(request).response;
    expect(client.calls).toBe(1);
  });

  it('rejects an invalid request with a 400, like chat', async () => {
    await expect(instant().stream({ ...request, model: '' }).response).rejects.toMatchObject({ name: 'OpenRouterError', status: 400 });
  });
});

describe('OfflineClient.stream: pacing', () => {
  it('by default sends the first chunk after 250 ms and takes as long in total as chat', async () => {
    const { sleep, delays } = recordingSleep();
    const client = new OfflineClient({ sleep });
    const response = await client.stream(request).response;
    expect(delays[0]).toBe(250);
    expect(delays.reduce((a, b) => a + b, 0)).toBe(250 + 6 * response.usage!.completion_tokens);
  });

  it('sends the first chunk after firstTokenMs', async () => {
    const { sleep, delays } = recordingSleep();
    await new OfflineClient({ sleep, firstTokenMs: 40, latencyMs: 100 }).stream(request).response;
    expect(delays[0]).toBe(40);
    expect(delays.reduce((a, b) => a + b, 0), 'the whole stream takes latencyMs').toBe(100);
  });

  it('caps the time to first token at the whole latency', async () => {
    const { sleep, delays } = recordingSleep();
    await new OfflineClient({ sleep, latencyMs: 30 }).stream(request).response;
    expect(delays).toEqual([30]);
  });

  it('streams everything without any timer when latencyMs is 0', async () => {
    vi.useFakeTimers();
    const sleep = vi.fn(async () => {});
    const chunks = await collect(new OfflineClient({ latencyMs: 0, sleep }).stream(request));
    expect(chunks.length).toBeGreaterThan(2);
    expect(sleep).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('delivers chunks one by one on a (fake-clocked) timer', async () => {
    vi.useFakeTimers();
    const received: ChatChunk[] = [];
    const stream = new OfflineClient({ firstTokenMs: 100, latencyMs: 1000 }).stream(request);
    const done = (async () => {
      for await (const next of stream) received.push(next);
    })();
    await vi.advanceTimersByTimeAsync(99);
    expect(received, 'nothing before the first token').toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(received).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(900);
    await done;
    expect(received.at(-1)?.usage).toBeDefined();
  });

  it.each([-1, Number.NaN, Infinity])('rejects firstTokenMs = %s with a RangeError naming it', (firstTokenMs) => {
    expect(() => new OfflineClient({ firstTokenMs })).toThrow(/`firstTokenMs`/);
  });
});

describe('OfflineClient.stream: aborting', () => {
  it('rejects with code aborted, without counting a call, when the signal is already aborted', async () => {
    const client = instant();
    await expect(client.stream(request, { signal: AbortSignal.abort() }).response).rejects.toMatchObject({ code: 'aborted' });
    expect(client.calls).toBe(0);
  });

  it('ends the iteration with code aborted when aborted mid-stream', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const iterator = new OfflineClient({ firstTokenMs: 10, latencyMs: 10_000 })
      .stream(request, { signal: controller.signal })
      [Symbol.asyncIterator]();
    const first = iterator.next();
    await vi.advanceTimersByTimeAsync(10);
    expect((await first).done).toBe(false);
    const next = iterator.next();
    controller.abort();
    await expect(next).rejects.toMatchObject({ name: 'OpenRouterError', code: 'aborted' });
    expect(vi.getTimerCount(), 'no pacing timer left behind').toBe(0);
  });

  it('stops generating when the reader leaves the loop early', async () => {
    vi.useFakeTimers();
    const stream = new OfflineClient({ firstTokenMs: 10, latencyMs: 10_000 }).stream(request);
    const loop = (async () => {
      for await (const _first of stream) break;
    })();
    await vi.advanceTimersByTimeAsync(10);
    await loop;
    await expect(stream.response).rejects.toMatchObject({ code: 'aborted' });
    expect(vi.getTimerCount()).toBe(0);
  });
});
