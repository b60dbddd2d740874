/**
 * `pnpm demo:langchain`: a LangChain.js chat model with the workbook's cache plugged in as its `cache` option.
 * Offline: a minimal chat model that answers after 400 ms, like a real one, and counts its calls. The first call
 * misses and reaches the model; the repeat is answered by the cache; a call with other parameters misses again.
 */
import { SimpleChatModel } from '@langchain/core/language_models/chat_models';
import type { StoredGeneration } from '@langchain/core/messages';
import Keyv from 'keyv';
import { LangChainCache } from '../src/index.js';

class OfflineChatModel extends SimpleChatModel {
  calls = 0;
  _llmType(): string {
    return 'offline-demo';
  }
  async _call(): Promise<string> {
    this.calls += 1;
    await new Promise((resolve) => setTimeout(resolve, 400));
    return 'A cache keeps answers so repeats skip the model.';
  }
}

// Any workbook cache fits (TTLCache, DiskCache, TieredCache); a Keyv satisfies the same interface.
const cache = new LangChainCache({ cache: new Keyv<StoredGeneration[]>(), ttlMs: 60 * 60_000 });
const model = new OfflineChatModel({ cache });

async function timed(label: string, run: () => Promise<{ content: unknown }>): Promise<void> {
  const started = performance.now();
  const answer = await run();
  console.log(`${label.padEnd(36)} ${(performance.now() - started).toFixed(1).padStart(7)} ms  model calls so far: ${model.calls}  → ${String(answer.content)}`);
}

await timed('miss (first call)', () => model.invoke('What is a cache?'));
await timed('hit (same prompt, same parameters)', () => model.invoke('What is a cache?'));
await timed('miss (same prompt, a stop sequence)', () => model.invoke('What is a cache?', { stop: ['\n\n'] }));
