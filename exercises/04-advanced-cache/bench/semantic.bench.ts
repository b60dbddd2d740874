import type { BenchSuiteFactory } from '@workbook/cli/bench';
import { cosineSimilarity, type EmbeddingClient, type EmbeddingResponse } from '@workbook/openrouter';

const PROMPTS = 10_000;
const DIMENSIONS = 256;
const QUERIES = 64;

/** Seeded pseudo-random numbers in [-1, 1), so every run measures the same vectors. */
function randomVectors(count: number, seed: number): number[][] {
  let state = seed;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return (state / 2 ** 30) - 1;
  };
  return Array.from({ length: count }, () => Array.from({ length: DIMENSIONS }, next));
}

const cached = randomVectors(PROMPTS, 7);
const queries = randomVectors(QUERIES, 11);
const responses = new Map<string, EmbeddingResponse>();
cached.forEach((vector, i) => responses.set(`cached ${i}`, { object: 'list', model: 'bench', data: [{ object: 'embedding', index: 0, embedding: vector }] }));
queries.forEach((vector, i) => responses.set(`query ${i}`, { object: 'list', model: 'bench', data: [{ object: 'embedding', index: 0, embedding: vector }] }));

/** Answers from precomputed vectors: the measurement is the cache's lookup, not an embedding model. */
const embedder: EmbeddingClient = { embed: async (input) => responses.get(input as string)! };
const request = (prompt: string) => ({ model: 'bench', messages: [{ role: 'user' as const, content: prompt }] });
const queryRequests = queries.map((_, i) => request(`query ${i}`));

/**
 * A semantic lookup that is no exact hit, over 10,000 cached prompts of one partition with 256-number vectors
 * (the offline model's size): the whole index is scanned every time. Random vectors, so every lookup is a miss
 * at the default threshold and scans to the end. Target: ≤ 2 ms per lookup (≥ 500 lookups/s).
 */
export default (({ SemanticCache }, subject) => ({
  suite: 'semantic',
  baseline: 'number[] cosine',
  tasks: [
    {
      name: 'lookup-10k×256',
      contenders: {
        [subject]: async () => {
          const cache = new SemanticCache<number>({ embedder, maxEntries: PROMPTS });
          for (let i = 0; i < PROMPTS; i++) await cache.set(request(`cached ${i}`), i);
          let q = 0;
          return () => cache.get(queryRequests[q++ % QUERIES]!);
        },
        // The textbook loop: cosineSimilarity over arrays of numbers, norms recomputed every time.
        'number[] cosine': () => {
          let q = 0;
          return () => {
            const query = queries[q++ % QUERIES]!;
            let best = -Infinity;
            for (const vector of cached) best = Math.max(best, cosineSimilarity(query, vector));
            return best;
          };
        },
      },
    },
  ],
  targets: [{ task: 'lookup-10k×256', contender: subject, minOpsPerSec: 500 }],
})) satisfies BenchSuiteFactory<typeof import('../src/index.js')>;
