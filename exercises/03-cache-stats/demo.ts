import { performance } from 'node:perf_hooks';
import type { Cache } from '@workbook/cache';
import type { Demo } from '@workbook/cli';
import type { ChatClient, ChatRequest, ChatResponse } from '@workbook/openrouter';

type Impl = typeof import('./src/index.js');

const REQUESTS = 600;
/** Seconds between requests on average (a Poisson stream): about ten minutes of traffic. */
const MEAN_GAP_MS = 1_000;
const CAPACITY = 80;
const TTL_MS = 5 * 60_000;
const WINDOW_MS = 12 * 60_000;
const BUCKET_MS = 30_000;
const ZIPF_S = 1.1;
const SEED = 2024;

const TOPICS = [
  'cache keys', 'time to live', 'cache stampedes', 'negative caching', 'LRU eviction', 'write-through caches',
  'cache warming', 'semantic caching', 'prompt caching', 'stale-while-revalidate', 'cache invalidation',
  'content hashing', 'rate limits', 'token budgets', 'streaming responses', 'retries with backoff',
  'idempotency keys', 'request coalescing', 'tiered caches', 'Redis persistence', 'hit-rate dashboards',
  'tail latency', 'cost per request', 'model fallbacks', 'temperature zero', 'embedding caches',
  'cache poisoning', 'TTL jitter', 'cold starts', 'canonical JSON',
];
const FORMS = [
  (t: string) => `What is ${t}?`,
  (t: string) => `Explain ${t} in two sentences.`,
  (t: string) => `Give one example of ${t}.`,
  (t: string) => `What goes wrong with ${t}?`,
];

/**
 * Exercise 3's demo: a realistic workload through a small cache, measured by your instruments. 600 requests over
 * about ten simulated minutes, prompts drawn from a Zipf distribution (a few questions are asked again and again,
 * most rarely), answered by the offline model on a simulated clock — so ten minutes run in a second, and the
 * same seed always gives the same traffic. Then your report, and the hit rate over time.
 */
export default (async (impl, ctx) => {
  const { CacheStats, InstrumentedCache, InstrumentedClient, renderReport, toPrometheus } = impl;
  const random = mulberry32(SEED);
  const prompts = TOPICS.flatMap((topic) => FORMS.map((form) => form(topic)));
  shuffle(prompts, random);
  const pickPrompt = zipf(prompts.length, ZIPF_S, random);

  // Simulated time moves when the model "thinks" (its sleep) and between arrivals; the real clock adds the few
  // microseconds the cache itself takes, so hits show their true cost.
  let simulatedMs = 0;
  const realStart = performance.now();
  const now = () => simulatedMs + (performance.now() - realStart);
  const upstream = ctx.createClient({
    offline: true,
    offlineOptions: {
      sleep: async (ms) => {
        simulatedMs += ms;
      },
    },
  });

  const stats = new CacheStats({ now, windowMs: WINDOW_MS, bucketMs: BUCKET_MS });
  // Declared first, so the cache can report its expirations and evictions to the instrument wrapped around it.
  let cache: { reportRemoval(key: string, reason: 'expire' | 'evict'): void } | undefined;
  // Expiry follows simulated time alone, so the same seed always expires the same entries.
  const store = new SmallCache<ChatResponse>(CAPACITY, TTL_MS, () => simulatedMs, (key, reason) => cache!.reportRemoval(key, reason));
  const instrumented = new InstrumentedCache<ChatResponse>(store, { stats, trackMemory: true });
  cache = instrumented;
  const client = new InstrumentedClient(new TinyCachingClient(upstream, instrumented), { stats });

  ctx.print(ctx.style.bold(`${REQUESTS} requests over ~${Math.round((REQUESTS * MEAN_GAP_MS) / 60_000)} simulated minutes`));
  ctx.print(`  ${prompts.length} distinct prompts, Zipf-distributed (s = ${ZIPF_S}): the top 10 draw ${percent(zipfShare(prompts.length, ZIPF_S, 10))} of the traffic.`);
  ctx.print(`  Cache: ${CAPACITY} entries (oldest evicted first), ${TTL_MS / 60_000}-minute TTL.`);
  ctx.print(`  Upstream: the offline model on a simulated clock, even with an API key (${REQUESTS} real calls cost real money).`);
  ctx.print('');

  const seen = new Set<number>();
  for (let i = 0; i < REQUESTS; i++) {
    simulatedMs += -Math.log(1 - random()) * MEAN_GAP_MS;
    const rank = pickPrompt();
    seen.add(rank);
    // A quarter of the prompts belong to a feature that runs on a pricier model.
    const model = rank % 4 === 3 ? 'anthropic/claude-3.5-haiku' : 'openai/gpt-4o-mini';
    const request: ChatRequest = { model, temperature: 0, messages: [{ role: 'user', content: prompts[rank]! }] };
    await client.chat(request);
  }

  const snapshot = stats.snapshot();
  ctx.print(renderReport(snapshot, { style: ctx.style, title: 'Your cache, measured' }));
  ctx.print('');
  ctx.print(ctx.style.bold(`Hit rate over time (${BUCKET_MS / 1000}-second buckets)`));
  for (const line of hitRateChart(snapshot.requests.recent.timeline, snapshot.sinceMs)) ctx.print(line);
  const ceiling = 1 - seen.size / REQUESTS;
  for (const line of [
    'The first minutes are the cache warming up: every prompt misses once.',
    `The curve then levels off where capacity (${CAPACITY} entries) and the TTL hold it.`,
    `${seen.size} distinct prompts were asked, each missing once: a cache without limits`,
    `would have reached ${percent(ceiling)} overall. This one reached ${percent(snapshot.requests.hitRate)}.`,
  ]) {
    ctx.print(ctx.style.dim(`  ${line}`));
  }
  ctx.print('');
  ctx.print(ctx.style.bold('The same numbers for Prometheus (an excerpt of toPrometheus):'));
  const exposition = toPrometheus(snapshot).split('\n');
  for (const line of exposition.filter((l) => /^llm_cache_(requests_total|cost_saved_usd_total|request_duration_seconds_(count|sum))/.test(l))) {
    ctx.print(`  ${line}`);
  }
  ctx.print(ctx.style.dim(`  … ${exposition.length} lines in all.`));
}) satisfies Demo<Impl>;

/** A small synchronous cache: a Map in insertion order, a capacity (oldest out first) and a time to live. */
class SmallCache<V> implements Cache<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    readonly capacity: number,
    readonly ttlMs: number,
    readonly now: () => number,
    readonly onRemove: (key: string, reason: 'expire' | 'evict') => void,
  ) {}

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.#entries.delete(key);
      this.onRemove(key, 'expire');
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, ttlMs = this.ttlMs): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.capacity) {
      const oldest = this.#entries.keys().next().value!;
      this.#entries.delete(oldest);
      this.onRemove(oldest, 'evict');
    }
    this.#entries.set(key, { value, expiresAt: this.now() + ttlMs });
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  delete(key: string): boolean {
    return this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}

/** A minimal caching client (exercise 1 builds the real one): marks every response with `cache: { hit, key }`. */
class TinyCachingClient implements ChatClient {
  constructor(
    readonly upstream: ChatClient,
    readonly cache: Cache<ChatResponse>,
  ) {}

  async chat(request: ChatRequest): Promise<ChatResponse> {
    const key = JSON.stringify(request);
    const cached = await this.cache.get(key);
    if (cached !== undefined) return { ...structuredClone(cached), cache: { hit: true, key } };
    const response = await this.upstream.chat(request);
    await this.cache.set(key, structuredClone(response));
    return { ...response, cache: { hit: false, key } };
  }
}

/** A bar chart of the hit rate per time bucket: eight rows, half-block resolution, blank where nothing happened. */
function hitRateChart(timeline: { startMs: number; hits: number; misses: number; hitRate: number }[], sinceMs: number): string[] {
  const ROWS = 8;
  const points = timeline.filter((p) => p.startMs + BUCKET_MS > sinceMs);
  const lines: string[] = [];
  for (let row = ROWS; row >= 1; row--) {
    const label = row === ROWS ? '100%' : row === ROWS / 2 ? ' 50%' : '    ';
    const cells = points.map((p) => {
      if (p.hits + p.misses === 0) return '  ';
      const height = p.hitRate * ROWS;
      return height >= row ? '██' : height >= row - 0.5 ? '▄▄' : '  ';
    });
    lines.push(`  ${label} ┤${cells.join('')}`.trimEnd());
  }
  lines.push(`    0% └${'──'.repeat(points.length)}`);
  const axis = Array.from({ length: points.length * 2 }, () => ' ');
  for (let i = 0; i < points.length; i += 4) {
    const minute = `${Math.round((points[i]!.startMs - (points[0]?.startMs ?? 0)) / 60_000)}m`;
    for (let c = 0; c < minute.length && i * 2 + c < axis.length; c++) axis[i * 2 + c] = minute[c]!;
  }
  lines.push(`        ${axis.join('')}`.trimEnd());
  return lines;
}

/** A Zipf sampler over ranks 0…n−1: rank k is drawn with probability proportional to 1 / (k + 1)^s. */
function zipf(n: number, s: number, random: () => number): () => number {
  const cdf: number[] = [];
  let total = 0;
  for (let k = 1; k <= n; k++) cdf.push((total += 1 / k ** s));
  return () => {
    const target = random() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cdf[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

/** The share of draws that land on the top `top` ranks. */
function zipfShare(n: number, s: number, top: number): number {
  let head = 0;
  let total = 0;
  for (let k = 1; k <= n; k++) {
    total += 1 / k ** s;
    if (k <= top) head += 1 / k ** s;
  }
  return head / total;
}

/** A small seeded PRNG (mulberry32): the same seed, the same traffic. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
