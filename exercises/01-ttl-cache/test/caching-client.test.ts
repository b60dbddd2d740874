import { describe, expect, it } from 'vitest';
import { OfflineClient } from '@workbook/openrouter';
import { CachingClient, TTLCache } from '@impl';

describe('CachingClient (public)', () => {
  const request = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Why cache?' }] };

  it('calls upstream once for two identical requests and marks the second as a hit', async () => {
    const upstream = new OfflineClient({ latencyMs: 0 });
    const client = new CachingClient({ client: upstream, cache: new TTLCache() });
    const first = await client.chat(request);
    const second = await client.chat(request);
    expect(upstream.calls).toBe(1);
    expect(first.cache?.hit).toBe(false);
    expect(second.cache?.hit).toBe(true);
    expect(second.choices[0]?.message.content).toBe(first.choices[0]?.message.content);
  });

  it('does not cache a response cut short by max_tokens', async () => {
    const upstream = new OfflineClient({ latencyMs: 0 });
    const client = new CachingClient({ client: upstream, cache: new TTLCache() });
    const short = { ...request, max_tokens: 1 };
    const first = await client.chat(short);
    expect(first.choices[0]?.finish_reason).toBe('length');
    await client.chat(short);
    expect(upstream.calls).toBe(2);
  });
});
