/**
 * `pnpm ex4:semantic`: how often a semantic cache answers, and how often it answers wrongly, at each threshold.
 *
 * Reads the labelled pairs in data/semantic-pairs.json — a cached prompt and a new one, labelled `paraphrase` (the
 * cached answer is right: a hit is wanted) or `near-miss` (it looks alike but needs another answer: a hit is a wrong
 * answer) — embeds both sides, and prints for thresholds 0.70 … 0.98 the share of paraphrases that would hit and
 * the share of near misses that would hit. Always with the offline embeddings; also with a real embedding model
 * when OPENROUTER_API_KEY is set (in .env or the environment). theory/semantic-caching.md reads the table.
 *
 * Standalone on purpose: it needs no part of your SemanticCache, so you can choose a threshold before writing one.
 */
import { readFileSync } from 'node:fs';
import { cosineSimilarity, createClient, isOfflineEnv, lexicalEmbedding, OfflineClient, type EmbeddingClient } from '@workbook/openrouter';

export interface LabelledPair {
  label: 'paraphrase' | 'near-miss';
  cached: string;
  prompt: string;
}

export interface ThresholdRow {
  threshold: number;
  /** Share of paraphrase pairs whose similarity reaches the threshold. */
  hitRate: number;
  /** Share of near-miss pairs whose similarity reaches the threshold: each one a wrong answer served. */
  wrongHitRate: number;
}

/** Thresholds the table shows: 0.70 to 0.98 in steps of 0.02. */
export const THRESHOLDS = Array.from({ length: 15 }, (_, i) => Math.round((0.7 + i * 0.02) * 100) / 100);

export function loadPairs(file = new URL('./data/semantic-pairs.json', import.meta.url)): LabelledPair[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { pairs: LabelledPair[] }).pairs;
}

/** Cosine similarity of each pair, embedding every distinct text once (in batches of 100). */
export async function similarities(pairs: readonly LabelledPair[], embedder: EmbeddingClient, model?: string): Promise<number[]> {
  const texts = [...new Set(pairs.flatMap((pair) => [pair.cached, pair.prompt]))];
  const vectors = new Map<string, number[]>();
  for (let i = 0; i < texts.length; i += 100) {
    const batch = texts.slice(i, i + 100);
    const response = await embedder.embed(batch, model ? { model } : {});
    for (const item of response.data) vectors.set(batch[item.index]!, item.embedding);
  }
  return pairs.map((pair) => cosineSimilarity(vectors.get(pair.cached)!, vectors.get(pair.prompt)!));
}

/** Hit rate and wrong-hit rate at each threshold (a hit is similarity ≥ threshold, as in SemanticCache). */
export function thresholdTable(pairs: readonly LabelledPair[], scores: readonly number[], thresholds: readonly number[] = THRESHOLDS): ThresholdRow[] {
  const rate = (label: LabelledPair['label'], threshold: number): number => {
    const mine = scores.filter((_, i) => pairs[i]!.label === label);
    return mine.filter((score) => score >= threshold).length / Math.max(1, mine.length);
  };
  return thresholds.map((threshold) => ({ threshold, hitRate: rate('paraphrase', threshold), wrongHitRate: rate('near-miss', threshold) }));
}

/** The lowest threshold whose wrong-hit rate is at most `maxWrong`: the most hits that risk allows. */
export function recommend(rows: readonly ThresholdRow[], maxWrong = 0.01): ThresholdRow | undefined {
  return rows.find((row) => row.wrongHitRate <= maxWrong);
}

export function renderTable(title: string, rows: readonly ThresholdRow[]): string {
  const pct = (x: number): string => `${(x * 100).toFixed(1)} %`.padStart(8);
  const best = recommend(rows);
  const lines = [title, 'threshold   paraphrase hits   wrong hits (near misses)'];
  for (const row of rows) lines.push(`   ${row.threshold.toFixed(2)}        ${pct(row.hitRate)}          ${pct(row.wrongHitRate)}${row === best ? '   ← lowest with ≤ 1 % wrong hits' : ''}`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  try {
    process.loadEnvFile(new URL('../../.env', import.meta.url));
  } catch {
    // No .env: the environment alone decides.
  }
  const pairs = loadPairs();
  const count = (label: string) => pairs.filter((pair) => pair.label === label).length;
  console.log(`${pairs.length} labelled pairs: ${count('paraphrase')} paraphrases, ${count('near-miss')} near misses (data/semantic-pairs.json)\n`);
  const offline = await similarities(pairs, new OfflineClient({ latencyMs: 0 }));
  console.log(renderTable(`Offline embeddings (lexical, ${lexicalEmbedding('x').length} dimensions)`, thresholdTable(pairs, offline)));
  if (isOfflineEnv()) {
    console.log('\nSet OPENROUTER_API_KEY (in .env) to see the same table for a real embedding model.');
    return;
  }
  const model = process.env['SEMANTIC_EMBED_MODEL'] ?? 'openai/text-embedding-3-small';
  try {
    const online = await similarities(pairs, createClient(), model);
    console.log(`\n${renderTable(`${model} (OpenRouter)`, thresholdTable(pairs, online))}`);
  } catch (error) {
    console.log(`\nThe embedding model could not be reached (${(error as Error).message}); the offline table stands alone.`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
