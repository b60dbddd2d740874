import { clip, OpenRouterError, redact } from './errors.js';
import type { ChatRequest } from './types.js';

const ROLES: ReadonlySet<string> = new Set(['system', 'user', 'assistant', 'tool']);

/** Request fields that must be finite numbers when present: JSON would send NaN or Infinity as `null`. */
const NUMBER_FIELDS = [
  'temperature',
  'top_p',
  'top_k',
  'frequency_penalty',
  'presence_penalty',
  'repetition_penalty',
  'min_p',
  'top_a',
  'max_tokens',
  'seed',
  'top_logprobs',
] as const;

/**
 * The body of a chat request as JSON, once its shape is known to be right. Both clients call it before anything is
 * sent or counted, so a malformed request fails the same way online and offline: an {@link OpenRouterError} with
 * code `'invalid_request'` that names the field (`request.messages[0].content`), instead of a raw `TypeError` from
 * deep inside, or a request the API would answer with a 400 after a round trip.
 *
 * Only the shape is checked here — what the types in `types.ts` promise. Values a well-typed request can still get
 * wrong (an empty model id, no messages, `max_tokens: 0`) are the API's to judge and come back as a 400.
 */
export function requestBody(request: ChatRequest): string {
  checkShape(request as unknown);
  // chat() reads one JSON body; a streamed answer is an event stream it would fail to parse, after being billed.
  if ((request as { stream?: unknown }).stream === true) throw invalid('`request.stream` is true, but `chat()` reads one JSON answer: call `client.stream(request)` for a streamed one');
  return toJson(request);
}

/** Checks a request for `stream()` as {@link requestBody} does for `chat()`; `stream` itself is the client's to set. */
export function streamBody(request: ChatRequest): string {
  checkShape(request as unknown);
  return toJson(request);
}

function toJson(request: ChatRequest): string {
  try {
    return JSON.stringify(request);
  } catch (cause) {
    // A BigInt or a cycle somewhere in a field this module does not inspect.
    throw invalid(`\`request\` cannot be sent as JSON (${clip(cause instanceof Error ? cause.message : String(cause), 120)})`, cause);
  }
}

function checkShape(request: unknown): void {
  if (!isObject(request)) throw invalid(`\`request\` must be a chat request object, got ${kind(request)}`);
  if (typeof request['model'] !== 'string') throw invalid(`\`request.model\` must be a model id string such as openai/gpt-4o-mini, got ${kind(request['model'])}`);
  const messages = request['messages'];
  if (!Array.isArray(messages)) throw invalid(`\`request.messages\` must be an array of messages, got ${kind(messages)}`);
  messages.forEach((message: unknown, i) => checkMessage(message, `request.messages[${i}]`));
  for (const field of NUMBER_FIELDS) {
    const value = request[field];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
      throw invalid(`\`request.${field}\` must be a finite number, got ${kind(value)}`);
    }
  }
}

function checkMessage(message: unknown, path: string): void {
  if (!isObject(message)) throw invalid(`\`${path}\` must be a message object such as { role: 'user', content: 'Hi' }, got ${kind(message)}`);
  const role = message['role'];
  if (typeof role !== 'string' || !ROLES.has(role)) {
    throw invalid(`\`${path}.role\` must be one of ${[...ROLES].join(', ')}, got ${kind(role)}`);
  }
  const content = message['content'];
  if (content === null || content === undefined) {
    // Only an assistant turn may carry no text: it made tool calls instead.
    if (role !== 'assistant') throw invalid(`\`${path}.content\` must be a string or an array of content parts for a ${role} message, got ${kind(content)}`);
  } else if (Array.isArray(content)) {
    content.forEach((part: unknown, j) => checkPart(part, `${path}.content[${j}]`));
  } else if (typeof content !== 'string') {
    throw invalid(`\`${path}.content\` must be a string or an array of content parts, got ${kind(content)}`);
  }
  for (const field of ['name', 'tool_call_id']) {
    if (message[field] !== undefined && typeof message[field] !== 'string') throw invalid(`\`${path}.${field}\` must be a string, got ${kind(message[field])}`);
  }
}

function checkPart(part: unknown, path: string): void {
  if (!isObject(part) || typeof part['type'] !== 'string') throw invalid(`\`${path}\` must be a content part such as { type: 'text', text: 'Hi' }, got ${kind(part)}`);
  if (part['type'] === 'text' && typeof part['text'] !== 'string') throw invalid(`\`${path}.text\` must be a string, got ${kind(part['text'])}`);
  if (part['type'] === 'image_url') {
    const image = part['image_url'];
    if (!isObject(image) || typeof image['url'] !== 'string') throw invalid(`\`${path}.image_url.url\` must be a URL string, got ${kind(isObject(image) ? image['url'] : image)}`);
  }
  // Other part types (files, audio…) are the API's to judge.
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a wrong value is, for a message: `null`, `an array`, `number 42`, `"bogus"`. */
function kind(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  // A long string is described, not quoted: it may be a key pasted in the wrong place.
  if (typeof value === 'string') return value.length <= 16 ? JSON.stringify(redact(value, '')) : `a string of ${value.length} characters`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

function invalid(detail: string, cause?: unknown): OpenRouterError {
  return new OpenRouterError(`Invalid chat request: ${detail}. Nothing was sent.`, { code: 'invalid_request', cause });
}
