import type { ChatRequest, EmbeddingClient, EmbeddingResponse } from '@workbook/openrouter';

/**
 * An embedder whose vectors the test chooses: `vectors[text]`, else a vector of its own per unknown text (a one-hot
 * axis far from the others). Counts the texts it was asked for.
 */
export class FakeEmbedder implements EmbeddingClient {
  readonly texts: string[] = [];
  failing = false;
  readonly #vectors: Record<string, number[]>;
  readonly #axes = new Map<string, number>();

  constructor(vectors: Record<string, number[]> = {}, readonly dimensions = 16) {
    this.#vectors = vectors;
  }

  async embed(input: string | string[]): Promise<EmbeddingResponse> {
    const inputs = Array.isArray(input) ? input : [input];
    this.texts.push(...inputs);
    if (this.failing) throw new Error('embedding service unavailable');
    return { object: 'list', model: 'fake', data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: this.#vectorOf(text) })) };
  }

  #vectorOf(text: string): number[] {
    const known = this.#vectors[text];
    if (known) return known;
    if (!this.#axes.has(text)) this.#axes.set(text, this.dimensions - 1 - this.#axes.size);
    return Array.from({ length: this.dimensions }, (_, i) => (i === this.#axes.get(text) ? 1 : 0));
  }
}

/** A two-number unit vector at `degrees` from the x axis, padded to `dimensions`: cos(a − b) between two of them. */
export function angle(degrees: number, dimensions = 16): number[] {
  const radians = (degrees * Math.PI) / 180;
  return [Math.cos(radians), Math.sin(radians), ...new Array<number>(dimensions - 2).fill(0)];
}

/** The degrees between two `angle()` vectors whose cosine similarity is `similarity`. */
export const degreesFor = (similarity: number): number => (Math.acos(similarity) * 180) / Math.PI;

/** A chat request with one user message, and the options given. */
export function ask(prompt: string, extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: prompt }], ...extra };
}
