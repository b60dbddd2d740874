import { describe, expect, it } from 'vitest';
import { OfflineClient } from '@workbook/openrouter';
import { CachingClient, TTLCache } from '@impl';

describe('CachingClient.stream (public)', () => {
  const request = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Why cache a stream?' }] };
  const read = async (stream: AsyncIterable<{ choices: { delta: { content?: string | null } }[] }>) => {
    const pieces: string[] = [];
    for await (const chunk of stream) pieces.push(chunk.choices[0]?.delta.content ?? '');
    return pieces;
  };

  it('streams a miss from upstream, then replays the same chunks as a hit', async () => {
    const upstream = new OfflineClient({ latencyMs: 0 });
    const client = new CachingClient({ client: upstream, cache: new TTLCache() });
    const miss = client.stream(request);
    const missed = await read(miss);
    const hit = client.stream(request);
    const replayed = await read(hit);
    expect(upstream.calls).toBe(1);
    expect((await miss.response).cache?.hit).toBe(false);
    expect((await hit.response).cache?.hit).toBe(true);
    expect(replayed).toEqual(missed);
  });

  it('makes one upstream stream for two identical requests in flight', async () => {
    const upstream = new OfflineClient({ latencyMs: 0 });
    const client = new CachingClient({ client: upstream, cache: new TTLCache() });
    const [first, second] = await Promise.all([read(client.stream(request)), read(client.stream(request))]);
    expect(upstream.calls).toBe(1);
    expect(second).toEqual(first);
  });
});
