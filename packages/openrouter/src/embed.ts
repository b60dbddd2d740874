import { reportedError } from './choice-error.js';
import { invalidBody, send, untilAborted, type Transport } from './transport.js';
import type { EmbedOptions, EmbeddingResponse } from './types.js';

/** The embedding model used when `embed()` is not told one. */
export const DEFAULT_EMBEDDING_MODEL = 'openai/text-embedding-3-small';

/**
 * The inputs of an `embed()` call as a list, after checking them: a programming error, so a `TypeError` or
 * `RangeError` before any request (the API would answer 400, billed against the rate limit).
 */
export function embedInputs(input: string | string[], options: EmbedOptions): string[] {
  const list = typeof input === 'string' ? [input] : input;
  if (!Array.isArray(list) || list.length === 0 || !list.every((text) => typeof text === 'string' && text !== '')) {
    throw new TypeError(`\`input\` must be a non-empty string or a non-empty array of non-empty strings, got ${describe(input)}`);
  }
  const { model, dimensions } = options;
  if (model !== undefined && (typeof model !== 'string' || model.trim() === '')) {
    throw new TypeError(`\`model\` must be a model id such as ${DEFAULT_EMBEDDING_MODEL}, got ${JSON.stringify(model)}`);
  }
  if (dimensions !== undefined && !(Number.isInteger(dimensions) && dimensions >= 1 && dimensions <= 65_536)) {
    throw new RangeError(`\`dimensions\` must be an integer from 1 to 65536, got ${String(dimensions)}`);
  }
  return list;
}

/**
 * `POST {baseUrl}/embeddings` (OpenAI-compatible): one vector per input, in input order, with `usage` (and its
 * `cost`) as OpenRouter reports it. Failures are retried like `chat()`'s; an HTTP 200 error body is an
 * `OpenRouterError`, never an empty result.
 */
export async function postEmbeddings(
  transport: Transport,
  input: string | string[],
  options: EmbedOptions = {},
): Promise<EmbeddingResponse> {
  const inputs = embedInputs(input, options);
  const { signal, model = DEFAULT_EMBEDDING_MODEL, dimensions, input_type: inputType } = options;
  const body = JSON.stringify({
    model,
    input: typeof input === 'string' ? input : inputs,
    encoding_format: 'float',
    ...(dimensions === undefined ? {} : { dimensions }),
    ...(inputType === undefined ? {} : { input_type: inputType }),
  });
  return send<EmbeddingResponse>(transport, '/embeddings', body, { signal }, async ({ response, signal: attempt }) => {
    const text = await untilAborted(response.text(), attempt);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { error: invalidBody(response.status, text, transport.secret, 'a body that is not JSON') };
    }
    const reported = reportedError(json, transport.secret, transport.retryAfterMs(response.headers.get('retry-after')));
    if (reported) return { error: reported };
    const data = (json as { data?: unknown }).data;
    const complete =
      Array.isArray(data) &&
      data.length === inputs.length &&
      data.every((item) => Array.isArray((item as { embedding?: unknown } | null)?.embedding));
    if (!complete) return { error: invalidBody(response.status, text, transport.secret, `not one embedding per input (${inputs.length})`) };
    const result = json as EmbeddingResponse;
    // OpenAI documents input order; sort by index anyway, so data[i] is always the vector of input i.
    result.data.sort((a, b) => a.index - b.index);
    return { value: result };
  });
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array with an empty or non-string item';
  return value === '' ? 'an empty string' : typeof value;
}
