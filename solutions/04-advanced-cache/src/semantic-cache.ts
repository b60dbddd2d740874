import type { ChatRequest, EmbeddingClient } from '@workbook/openrouter';
import { VectorIndex } from './semantic-cache-index.js';
import { semanticKeys } from './semantic-cache-key.js';
import { assertCapacity, assertTtl } from './validate.js';

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

const DEFAULT_MAX_ENTRIES = 1000;
/**
 * How far a similarity may fall below the threshold and still count: vectors are kept in 32-bit floats, whose dot
 * products are off by about 1e-7, so two identical vectors may score 0.99999994. Far below any threshold's meaning.
 */
const FLOAT32_SLACK = 1e-6;
/** Rows allocated at first; the arrays double up to maxEntries as the cache fills. */
const INITIAL_ROWS = 64;

/**
 * A cache of chat answers that also answers paraphrases: an exact match first (no embedding needed), then the most
 * similar previous prompt of the same partition — model, parameters, system prompt and earlier turns — when its
 * cosine similarity is at least `threshold`. A similar prompt never answers across partitions.
 *
 * An embedding that fails never fails the call: a lookup becomes a miss, a store keeps the entry for exact matches.
 */
export class SemanticCache<V> {
  readonly threshold: number;
  readonly #embedder: EmbeddingClient;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #embedOptions: { model?: string; dimensions?: number };
  readonly #index = new VectorIndex();
  readonly #stats: SemanticCacheStats = { exactHits: 0, semanticHits: 0, misses: 0, embedErrors: 0 };

  /** Row of each exact key. */
  readonly #rows = new Map<string, number>();
  /** Partition number of each partition key, and how many rows use it. */
  readonly #partitions = new Map<string, { id: number; rows: number }>();
  #nextPartition = 0;
  /** Per row: exact key, partition key, prompt, value, expiry (ms, absolute), last use (a counter). */
  #keys: (string | undefined)[] = [];
  #partitionKeys: (string | undefined)[] = [];
  #prompts: (string | undefined)[] = [];
  #values: (V | undefined)[] = [];
  #expiresAt = new Float64Array(0);
  #usedAt = new Float64Array(0);
  #tick = 0;
  /** Rows ever used; rows below it that hold nothing are in #free. */
  #highWater = 0;
  readonly #free: number[] = [];
  /** The clock reading of the lookup in progress, for {@link #isLive}. */
  #lookupNow = 0;
  /** Whether a row the scan would pick is live; an expired one is removed on the way. Made once: lookups allocate nothing. */
  readonly #isLive = (row: number): boolean => {
    if (this.#expiresAt[row]! > this.#lookupNow) return true;
    this.#removeRow(row);
    return false;
  };

  constructor(options: SemanticCacheOptions) {
    if (options === null || typeof options !== 'object') throw new TypeError('`options` must be an object with an `embedder`');
    if (typeof options.embedder?.embed !== 'function') throw new TypeError('`embedder` must have an embed() method, like the workbook client');
    const threshold = options.threshold ?? RECOMMENDED_THRESHOLD;
    if (typeof threshold !== 'number') throw new TypeError(`\`threshold\` must be a number, got ${typeof threshold}`);
    if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`\`threshold\` must be a cosine similarity in (0, 1], got ${threshold}`);
    const ttlMs = options.ttlMs ?? Infinity;
    assertTtl('ttlMs', ttlMs);
    const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    assertCapacity('maxEntries', maxEntries);
    if (options.now !== undefined && typeof options.now !== 'function') throw new TypeError(`\`now\` must be a function, got ${typeof options.now}`);
    if (options.embedModel !== undefined && typeof options.embedModel !== 'string') throw new TypeError(`\`embedModel\` must be a string, got ${typeof options.embedModel}`);
    if (options.dimensions !== undefined && !(Number.isInteger(options.dimensions) && options.dimensions > 0)) {
      throw new RangeError(`\`dimensions\` must be a positive integer, got ${options.dimensions}`);
    }
    this.threshold = threshold;
    this.#embedder = options.embedder;
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
    this.#now = options.now ?? Date.now;
    this.#embedOptions = {
      ...(options.embedModel !== undefined ? { model: options.embedModel } : {}),
      ...(options.dimensions !== undefined ? { dimensions: options.dimensions } : {}),
    };
  }

  /** Live entries (expired ones may still count until a lookup or a store passes them). */
  get size(): number {
    return this.#rows.size;
  }

  /** A copy of the counters. */
  get stats(): SemanticCacheStats {
    return { ...this.#stats };
  }

  /**
   * The cached answer for `request`: the same request's, else the most similar prompt's in its partition when the
   * similarity is at least `threshold`; `undefined` on a miss. An exact match costs no embedding call.
   */
  async get(request: ChatRequest, options: SemanticCallOptions = {}): Promise<SemanticHit<V> | undefined> {
    const keys = semanticKeys(request);
    const exact = this.#liveRow(keys.exact, this.#now());
    if (exact >= 0) {
      this.#stats.exactHits++;
      return this.#hit(exact, 'exact', 1);
    }
    const partition = this.#partitions.get(keys.partition);
    if (keys.prompt === undefined || partition === undefined) return this.#miss();
    const vector = await this.#embed(keys.prompt, options.signal);
    if (vector === undefined) return this.#miss();
    this.#lookupNow = this.#now();
    const row = this.#index.nearest(vector, partition.id, this.#highWater, this.#isLive);
    const similarity = this.#index.similarity;
    if (row < 0 || similarity + FLOAT32_SLACK < this.threshold) return this.#miss();
    this.#stats.semanticHits++;
    return this.#hit(row, 'semantic', Math.min(1, similarity));
  }

  /**
   * Stores `value` as the answer to `request`, for `ttlMs` (default: the cache's). Embeds the prompt once; a request
   * stored again replaces its value and restarts its time to live.
   */
  async set(request: ChatRequest, value: V, options: SemanticCallOptions & { ttlMs?: number } = {}): Promise<void> {
    const keys = semanticKeys(request);
    const ttlMs = options.ttlMs ?? this.#ttlMs;
    assertTtl('ttlMs', ttlMs);
    const held = this.#rows.get(keys.exact);
    const vector = held === undefined && keys.prompt !== undefined ? await this.#embed(keys.prompt, options.signal) : undefined;
    const now = this.#now();
    // The embedding call may have given a concurrent set() time to store the same request.
    const row = this.#rows.get(keys.exact) ?? this.#newRow(keys.exact, keys.partition, keys.prompt, vector, now);
    this.#values[row] = value;
    this.#expiresAt[row] = now + ttlMs;
    this.#usedAt[row] = ++this.#tick;
  }

  /** Forgets the answer to exactly `request`; whether there was one. */
  delete(request: ChatRequest): boolean {
    const row = this.#rows.get(semanticKeys(request).exact);
    if (row === undefined) return false;
    this.#removeRow(row);
    return true;
  }

  /** Forgets every answer. */
  clear(): void {
    for (const row of [...this.#rows.values()]) this.#removeRow(row);
  }

  async #embed(prompt: string, signal: AbortSignal | undefined): Promise<readonly number[] | undefined> {
    try {
      const response = await this.#embedder.embed(prompt, { ...this.#embedOptions, ...(signal ? { signal } : {}) });
      const vector = response.data[0]?.embedding;
      if (!Array.isArray(vector) || (this.#index.dimensions > 0 && vector.length !== this.#index.dimensions)) throw new Error('unusable embedding');
      return vector;
    } catch (error) {
      // The caller's own abort is an answer to give; a failing embedder is not.
      if (signal?.aborted) throw error;
      this.#stats.embedErrors++;
      return undefined;
    }
  }

  #hit(row: number, match: SemanticHit<V>['match'], similarity: number): SemanticHit<V> {
    this.#usedAt[row] = ++this.#tick;
    return { value: this.#values[row] as V, match, similarity, prompt: this.#prompts[row] };
  }

  #miss(): undefined {
    this.#stats.misses++;
    return undefined;
  }

  /** The row of `key` if it is live at `now`; an expired one is removed. -1 if none. */
  #liveRow(key: string, now: number): number {
    const row = this.#rows.get(key);
    if (row === undefined) return -1;
    if (this.#expiresAt[row]! > now) return row;
    this.#removeRow(row);
    return -1;
  }

  #newRow(key: string, partitionKey: string, prompt: string | undefined, vector: readonly number[] | undefined, now: number): number {
    if (this.#rows.size >= this.#maxEntries) this.#removeRow(this.#victim(now));
    const row = this.#free.pop() ?? this.#highWater++;
    this.#ensureRows(row + 1);
    let partition = this.#partitions.get(partitionKey);
    if (!partition) this.#partitions.set(partitionKey, (partition = { id: this.#nextPartition++, rows: 0 }));
    partition.rows++;
    this.#index.put(row, partition.id, vector);
    this.#rows.set(key, row);
    this.#keys[row] = key;
    this.#partitionKeys[row] = partitionKey;
    this.#prompts[row] = prompt;
    return row;
  }

  /** The row to give up at capacity: an expired one if any, else the least recently used. */
  #victim(now: number): number {
    let victim = -1;
    for (const row of this.#rows.values()) {
      if (this.#expiresAt[row]! <= now) return row;
      if (victim < 0 || this.#usedAt[row]! < this.#usedAt[victim]!) victim = row;
    }
    return victim;
  }

  #removeRow(row: number): void {
    const key = this.#keys[row];
    if (key === undefined) return;
    this.#rows.delete(key);
    const partitionKey = this.#partitionKeys[row]!;
    const partition = this.#partitions.get(partitionKey)!;
    if (--partition.rows === 0) this.#partitions.delete(partitionKey);
    this.#index.remove(row);
    this.#keys[row] = this.#partitionKeys[row] = this.#prompts[row] = this.#values[row] = undefined;
    this.#free.push(row);
  }

  #ensureRows(rows: number): void {
    if (rows <= this.#expiresAt.length) return;
    const capacity = Math.min(this.#maxEntries, Math.max(INITIAL_ROWS, this.#expiresAt.length * 2, rows));
    const expiresAt = new Float64Array(capacity);
    expiresAt.set(this.#expiresAt);
    this.#expiresAt = expiresAt;
    const usedAt = new Float64Array(capacity);
    usedAt.set(this.#usedAt);
    this.#usedAt = usedAt;
    this.#index.grow(capacity);
  }
}
