import { BaseCache, deserializeStoredGeneration, serializeGeneration } from '@langchain/core/caches';
import type { StoredGeneration } from '@langchain/core/messages';
import type { Generation } from '@langchain/core/outputs';
import { FailOpenStore, type CacheAdapterOptions } from './fail-open.js';
import { hashKey } from './key.js';

/** Options of {@link LangChainCache}: the workbook cache behind it (entries are JSON-safe stored generations). */
export type LangChainCacheOptions = CacheAdapterOptions<StoredGeneration[]>;

/**
 * A workbook cache as LangChain.js's LLM cache (the pipeline pattern: LangChain consults it as a step before every
 * model call). Pass it as a model's `cache` option. LangChain calls `lookup` with the rendered prompt and `llmKey`,
 * the model's serialised parameters (model name, temperature, stop sequences, …), so a change of any parameter is a
 * different entry. Generations are stored in LangChain's own JSON form, so a disk or Redis cache can hold them.
 * A failing cache never fails the call: a failed lookup is a miss, a failed update is skipped (see `onCacheError`).
 */
export class LangChainCache extends BaseCache<Generation[]> {
  readonly #store: FailOpenStore<StoredGeneration[]>;

  constructor(options: LangChainCacheOptions) {
    super();
    this.#store = new FailOpenStore(options);
  }

  /** The generations stored for this prompt and model configuration, or `null` on a miss. */
  override async lookup(prompt: string, llmKey: string): Promise<Generation[] | null> {
    const stored = await this.#store.get(langChainKey(prompt, llmKey));
    return stored === undefined ? null : stored.map(deserializeStoredGeneration);
  }

  /** Stores the generations the model returned for this prompt and model configuration. */
  override async update(prompt: string, llmKey: string, generations: Generation[]): Promise<void> {
    await this.#store.set(langChainKey(prompt, llmKey), generations.map(serializeGeneration));
  }
}

/** The cache key of a LangChain call: the prompt and the model's serialised parameters, hashed together. */
export function langChainKey(prompt: string, llmKey: string): string {
  return hashKey('langchain', [prompt, llmKey]);
}
