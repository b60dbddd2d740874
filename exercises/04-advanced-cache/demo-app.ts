/**
 * One app instance for the demo, run as a child process: it builds the implementation's cache from its environment
 * (USE_REDIS, REDIS_URL) and answers prompts sent over IPC, saying where each answer came from.
 * Usage: demo-app.ts <path of the implementation's src/index.ts>
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { createClient, type ChatRequest, type ChatResponse } from '@workbook/openrouter';

/** What the demo sends. */
export type AppRequest = { type: 'ask'; prompt: string } | { type: 'exit' };
/** What the app sends back. */
export type AppMessage =
  | { type: 'ready'; l2Status: string; warnings: string[] }
  | { type: 'answer'; prompt: string; source: 'L1' | 'L2' | 'upstream' | 'error'; ms: number; text: string; l2Status: string }
  | { type: 'event'; text: string };

const send = (message: AppMessage): void => void process.send?.(message);

const [implPath] = process.argv.slice(2) as [string];
const impl = (await import(pathToFileURL(implPath).href)) as typeof import('./src/index.js');
const warnings: string[] = [];
const cache = await impl.createTieredCache<ChatResponse>({
  env: process.env,
  logger: { warn: (message) => void warnings.push(message) },
  l2TimeoutMs: 200,
  l2RetryMs: 500,
});
cache.on('error', (error) => send({ type: 'event', text: `L2 outage began (${error.message}); answering from L1 and upstream` }));
cache.on('recover', () => send({ type: 'event', text: 'L2 is back' }));
const client = createClient({ env: process.env });

function request(prompt: string): ChatRequest {
  return { model: 'openai/gpt-4o-mini', max_tokens: 80, messages: [{ role: 'user', content: prompt }] };
}

function keyOf(chat: ChatRequest): string {
  return `demo:${createHash('sha256').update(JSON.stringify(chat)).digest('hex')}`;
}

async function ask(prompt: string): Promise<void> {
  const chat = request(prompt);
  const before = cache.stats();
  const started = performance.now();
  const response = await cache.getOrCompute(keyOf(chat), () => client.chat(chat));
  const ms = Math.round(performance.now() - started);
  const after = cache.stats();
  const source = after.l1Hits > before.l1Hits ? 'L1' : after.l2Hits > before.l2Hits ? 'L2' : 'upstream';
  const content = response.choices[0]?.message.content;
  const text = typeof content === 'string' ? content.replace(/\s+/g, ' ') : '(no text)';
  send({ type: 'answer', prompt, source, ms, text: text.length > 60 ? `${text.slice(0, 57)}…` : text, l2Status: cache.l2Status });
}

process.on('message', (message: AppRequest) => {
  if (message.type === 'ask') {
    ask(message.prompt).catch((error: unknown) => {
      const text = error instanceof Error ? error.message : String(error);
      send({ type: 'answer', prompt: message.prompt, source: 'error', ms: 0, text, l2Status: cache.l2Status });
    });
  }
  else void cache.close().finally(() => process.disconnect());
});
send({ type: 'ready', l2Status: cache.l2Status, warnings });
