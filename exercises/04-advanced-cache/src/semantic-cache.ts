import type { ChatRequest, EmbeddingClient } from '@workbook/openrouter';

/**
 * The threshold the course recommends for the offline embeddings, read from the table the semantic demo prints
 * over the labelled pairs (exercises/04-advanced-cache/README.md § Extra credit, theory.md § Semantic caching). A real embedding model needs
 * its own: measure it the same way.
 */
export const RECOMMENDED_THRESHOLD = 0.88;

export interface SemanticCacheOptions {
  /** Computes the prompts' vectors: the workbook client, or anything with its `embed()`. */
  embedder: EmbeddingClient;
  /**
   * The least cosine similarity, in (0, 1], at which a previous prompt's answer is reused. Higher means fewer wrong
   * answers and fewer hits; 1 reuses only prompts whose vectors are identical. @default RECOMMENDED_THRESHOLD (0.88)
   */
  threshold?: number;
  /** Time to live of an entry, in ms. @default Infinity */
  ttlMs?: number;
  /** Most entries held; at capacity, a new entry replaces an expired one, else the least recently used. @default 1000 */
  maxEntries?: number;
  /** Embedding model and vector length, passed to `embed()`. @default the embedder's own */
  embedModel?: string;
  dimensions?: number;
  /** The clock, in ms. @default Date.now */
  now?: () => number;
}

/** A cached answer and how it was found. */
export interface SemanticHit<V> {
  value: V;
  /** `exact`: the same request; `semantic`: a similar prompt in the same partition. */
  match: 'exact' | 'semantic';
  /** Cosine similarity of the two prompts; 1 for an exact match. Log it: it is how you audit the threshold. */
  similarity: number;
  /** The prompt of the cached request that answered (`undefined` for a request without a text prompt). */
  prompt: string | undefined;
}

/** Counters since the cache was created. */
export interface SemanticCacheStats {
  exactHits: number;
  semanticHits: number;
  misses: number;
  /** Embedding calls that failed: each lookup became a miss, each store an exact-only entry. */
  embedErrors: number;
}

/** Options of one call. */
export interface SemanticCallOptions {
  /** Aborts the embedding call; the call then rejects. */
  signal?: AbortSignal;
}

/**
 * A cache of chat answers that also answers paraphrases: an exact match first (no embedding needed), then the most
 * similar previous prompt of the same partition — model, parameters, system prompt and earlier turns — when its
 * cosine similarity is at least `threshold`. A similar prompt never answers across partitions.
 *
 * An embedding that fails never fails the call: a lookup becomes a miss, a store keeps the entry for exact matches.
 */
export class SemanticCache<V> {
  readonly threshold: number;

  constructor(options: SemanticCacheOptions) {
    // TODO(ex4.semantic-cache): check the options, naming the one at fault: an embedder without embed() → TypeError
    // `embedder`; threshold (default RECOMMENDED_THRESHOLD) must be in (0, 1] → RangeError `threshold` (TypeError if
    // not a number); ttlMs (default Infinity) and maxEntries (default 1000) as the other caches (assertTtl,
    // assertCapacity); dimensions a positive integer; now a function. Keep the entries in parallel arrays indexed by
    // row (expiry and last use in Float64Arrays) with a VectorIndex for the vectors, and a Map from exact key to row.
    // Until then the constructor must not throw (nothing else may fail because of it): NaN matches no similarity.
    this.threshold = Number.NaN;
    void options;
  }

  /** Live entries (expired ones may still count until a lookup or a store passes them). */
  get size(): number {
    throw new Error('TODO(ex4.semantic-cache): SemanticCache.size');
  }

  /** A copy of the counters. */
  get stats(): SemanticCacheStats {
    throw new Error('TODO(ex4.semantic-cache): SemanticCache.stats');
  }

  /**
   * The cached answer for `request`: the same request's, else the most similar prompt's in its partition when the
   * similarity is at least `threshold`; `undefined` on a miss. An exact match costs no embedding call.
   */
  async get(request: ChatRequest, options: SemanticCallOptions = {}): Promise<SemanticHit<V> | undefined> {
    // TODO(ex4.semantic-cache): semanticKeys(request) gives the exact key, the partition and the prompt. 1. A live
    // entry under the exact key → { match: 'exact', similarity: 1 }, without calling embed(). 2. Else, if the
    // request has a prompt and its partition holds entries: embed the prompt (embedModel, dimensions, the signal),
    // find the nearest live row of that partition; similarity ≥ threshold → { match: 'semantic', similarity }.
    // An entry is live while now() < expiresAt. A hit counts as a use (for eviction). A failing embed() is a miss
    // (stats.embedErrors + 1), unless the caller's signal aborted: then reject.
    throw new Error(`TODO(ex4.semantic-cache): SemanticCache.get(${typeof request}, ${typeof options})`);
  }

  /**
   * Stores `value` as the answer to `request`, for `ttlMs` (default: the cache's). Embeds the prompt once; a request
   * stored again replaces its value and restarts its time to live.
   */
  async set(request: ChatRequest, value: V, options: SemanticCallOptions & { ttlMs?: number } = {}): Promise<void> {
    // TODO(ex4.semantic-cache): expiresAt = now() + ttlMs, computed once. A request already held keeps its row (and
    // vector). At maxEntries, a new entry takes the row of an expired entry, else of the least recently used. A
    // failing embed() still stores the entry, for exact matches only. A per-entry ttlMs of 0 → RangeError `ttlMs`.
    throw new Error(`TODO(ex4.semantic-cache): SemanticCache.set(${typeof request}, ${typeof value}, ${typeof options})`);
  }

  /** Forgets the answer to exactly `request`; whether there was one. */
  delete(request: ChatRequest): boolean {
    throw new Error(`TODO(ex4.semantic-cache): SemanticCache.delete(${typeof request})`);
  }

  /** Forgets every answer. */
  clear(): void {
    throw new Error('TODO(ex4.semantic-cache): SemanticCache.clear');
  }
}
