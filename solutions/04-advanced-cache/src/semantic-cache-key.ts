import type { ChatRequest } from '@workbook/openrouter';

/**
 * How a {@link SemanticCache} reads a chat request. Given complete in the starter: the lesson is the lookup, not the
 * serialisation.
 *
 * - The **prompt** is the text of the last message when it is a user message made of text (a string, or text parts
 *   joined by a line break); anything else (an image, a tool result) has no prompt and is cached by exact match only.
 * - The **partition** is everything else: the model, every parameter, the system prompt and the earlier turns. Two
 *   requests may share an answer by similarity only within one partition.
 * - The **exact key** is the whole request.
 *
 * Keys are JSON with object keys sorted at every depth and `undefined` fields left out, so `{ a, b }` and `{ b, a }`
 * are one key.
 */
export interface SemanticKeys {
  exact: string;
  partition: string;
  /** The text to embed; `undefined` when the request can only match exactly. */
  prompt: string | undefined;
}

/** The exact key, partition and prompt of `request`. */
export function semanticKeys(request: ChatRequest): SemanticKeys {
  if (request === null || typeof request !== 'object' || !Array.isArray(request.messages) || typeof request.model !== 'string') {
    throw new TypeError('`request` must be a chat request with a `model` string and a `messages` array');
  }
  const last = request.messages.at(-1);
  const prompt = last ? promptOf(last) : undefined;
  const rest = prompt === undefined ? request : { ...request, messages: request.messages.slice(0, -1) };
  return { exact: stableJson(request), partition: stableJson(rest), prompt };
}

function promptOf(message: ChatRequest['messages'][number]): string | undefined {
  if (message.role !== 'user' || message.name !== undefined) return undefined;
  if (typeof message.content === 'string') return message.content;
  if (!Array.isArray(message.content) || message.content.length === 0) return undefined;
  const texts: string[] = [];
  for (const part of message.content) {
    if (part.type !== 'text' || 'cache_control' in part) return undefined;
    texts.push(part.text);
  }
  return texts.join('\n');
}

/** JSON with sorted object keys and `undefined` fields dropped. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) => {
    if (field === null || typeof field !== 'object' || Array.isArray(field)) return field;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(field).sort()) sorted[key] = (field as Record<string, unknown>)[key];
    return sorted;
  });
}
