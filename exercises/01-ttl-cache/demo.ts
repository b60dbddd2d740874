import { performance } from 'node:perf_hooks';
import type { Demo } from '@workbook/cli';
import type { ChatRequest, ChatResponse } from '@workbook/openrouter';

type Impl = typeof import('./src/index.js');

const TTL_MS = 60_000;
const request: ChatRequest = {
  model: 'openai/gpt-4o-mini',
  temperature: 0,
  messages: [
    { role: 'system', content: 'You answer in one sentence.' },
    { role: 'user', content: 'What is a cache stampede?' },
  ],
};

/** Exercise 1's demo: one prompt through your CachingClient and TTLCache — a miss, a hit, then an expiry. */
const demo: Demo<Impl> = async ({ CachingClient, TTLCache }, ctx) => {
  const upstream = ctx.createClient();
  // A clock the demo can jump forward, so the expiry shows without waiting a minute.
  let skippedMs = 0;
  const cache = new TTLCache<ChatResponse>({ ttlMs: TTL_MS, now: () => Date.now() + skippedMs });
  const client = new CachingClient({ client: upstream, cache });

  const timed = async () => {
    const start = performance.now();
    const response = await client.chat(request);
    return { response, ms: performance.now() - start };
  };
  const line = (label: string, { response, ms }: { response: ChatResponse; ms: number }) =>
    `  ${label.padEnd(22)} ${(response.cache?.hit ? ctx.style.ok('hit ') : ctx.style.warn('miss'))}  ${formatMs(ms).padStart(10)}   upstream calls so far: ${upstream.calls}`;

  ctx.print(ctx.style.bold(`Prompt: "${String(request.messages[1]?.content)}" (${request.model}, cache ttl ${TTL_MS / 1000} s)`));
  const miss = await timed();
  ctx.print(line('1st call', miss));
  const hit = await timed();
  ctx.print(line('2nd call, same prompt', hit));
  ctx.print(`  ${ctx.style.dim(`answer: ${miss.response.choices[0]?.message.content ?? ''}`)}`);
  ctx.print(`  The hit was ${Math.round(miss.ms / Math.max(hit.ms, 0.001)).toLocaleString('en-US')}× faster and cost nothing.`);

  skippedMs += TTL_MS + 1_000;
  const expired = await timed();
  ctx.print(line(`${(TTL_MS + 1_000) / 1000} s later`, expired));

  const usage = miss.response.usage;
  ctx.print('');
  ctx.print(ctx.style.bold('Summary'));
  ctx.print(`  3 requests, ${upstream.calls} upstream calls, 1 avoided by the cache.`);
  if (usage) ctx.print(`  Saved by the hit: ${usage.total_tokens} tokens, $${(usage.cost ?? 0).toFixed(6)}.`);
  ctx.print(`  After ${TTL_MS / 1000} s the entry expired, so the third call paid again: freshness has a price.`);

  await streamTwice(client, ctx);
};

/** Streams one prompt twice: a miss that streams through while it is recorded, then the replayed hit. */
async function streamTwice(client: InstanceType<Impl['CachingClient']>, ctx: Parameters<Demo<Impl>>[1]): Promise<void> {
  const streamed: ChatRequest = { ...request, messages: [request.messages[0]!, { role: 'user', content: 'Why stream an answer?' }] };
  const timedStream = async () => {
    const start = performance.now();
    let firstMs: number | undefined;
    let chunks = 0;
    const stream = client.stream(streamed);
    for await (const _chunk of stream) {
      firstMs ??= performance.now() - start;
      chunks += 1;
    }
    return { response: await stream.response, firstMs: firstMs ?? 0, totalMs: performance.now() - start, chunks };
  };
  const line = (label: string, run: Awaited<ReturnType<typeof timedStream>>) =>
    `  ${label.padEnd(22)} ${(run.response.cache?.hit ? ctx.style.ok('hit ') : ctx.style.warn('miss'))}  first token ${formatMs(run.firstMs).padStart(9)}   whole answer ${formatMs(run.totalMs).padStart(9)}   ${run.chunks} chunks`;

  ctx.print('');
  ctx.print(ctx.style.bold(`Streaming: "${String(streamed.messages[1]?.content)}"`));
  const miss = await timedStream();
  ctx.print(line('1st stream', miss));
  const hit = await timedStream();
  ctx.print(line('2nd stream, repeated', hit));
  ctx.print(`  The hit replayed the same ${hit.chunks} chunks; its first token came ${Math.round(miss.firstMs / Math.max(hit.firstMs, 0.001)).toLocaleString('en-US')}× sooner.`);
}

function formatMs(ms: number): string {
  return ms >= 1 ? `${ms.toFixed(1)} ms` : `${(ms * 1000).toFixed(0)} µs`;
}

export default demo;
