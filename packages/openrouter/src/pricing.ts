/** A model's list price in US dollars per million tokens. */
export interface ModelPrice {
  /** USD per 1,000,000 prompt tokens. */
  readonly input: number;
  /** USD per 1,000,000 completion tokens. */
  readonly output: number;
}

/**
 * OpenRouter list prices for a few popular models (USD per million tokens). A snapshot for cost estimates in the
 * workbook, not a live price list: the real API reports the exact cost in `usage.cost`.
 */
export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = Object.freeze({
  'openai/gpt-4o-mini': { input: 0.15, output: 0.6 },
  'openai/gpt-4o': { input: 2.5, output: 10 },
  'anthropic/claude-3.5-haiku': { input: 0.8, output: 4 },
  'anthropic/claude-sonnet-4': { input: 3, output: 15 },
  'google/gemini-2.0-flash-001': { input: 0.1, output: 0.4 },
  'meta-llama/llama-3.1-8b-instruct': { input: 0.02, output: 0.05 },
  // Embedding models bill input tokens only.
  'openai/text-embedding-3-small': { input: 0.02, output: 0 },
  'openai/text-embedding-3-large': { input: 0.13, output: 0 },
});

/**
 * The price assumed for a model missing from {@link MODEL_PRICES}: $1 in / $4 out per million tokens, a middle
 * of the road figure so unknown models still show a non-zero cost. Models ending in `:free` cost nothing.
 */
export const DEFAULT_MODEL_PRICE: ModelPrice = Object.freeze({ input: 1, output: 4 });

const FREE: ModelPrice = Object.freeze({ input: 0, output: 0 });

/** The price used for `model`. */
export function priceOf(model: string): ModelPrice {
  if (Object.hasOwn(MODEL_PRICES, model)) return MODEL_PRICES[model]!;
  return model.endsWith(':free') ? FREE : DEFAULT_MODEL_PRICE;
}

/**
 * Estimated cost of one generation in US dollars: prompt tokens at the model's input price plus completion
 * tokens at its output price.
 * @throws RangeError when a token count is negative or not finite.
 */
export function estimateCost(model: string, usage: { prompt_tokens: number; completion_tokens: number }): number {
  const { prompt_tokens: prompt, completion_tokens: completion } = usage;
  for (const [name, value] of [['prompt_tokens', prompt], ['completion_tokens', completion]] as const) {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`\`usage.${name}\` must be a non-negative number, got ${value}`);
    }
  }
  const price = priceOf(model);
  return (prompt * price.input + completion * price.output) / 1_000_000;
}
