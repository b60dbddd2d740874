import { createHash } from 'node:crypto';
import type { ChatRequest } from '@workbook/openrouter';

/** Bumped whenever the key's recipe changes, so keys written under an old recipe can never be read as new. */
export const KEY_SCHEMA_VERSION = 'v2';

/**
 * Request fields that cannot change the answer and so stay out of the key: `user` is an end-user id for abuse
 * tracking and `metadata` carries tags for the caller's own reporting. Attribution (`HTTP-Referer`, `X-Title`)
 * travels in headers, never in the request. Every other field — including ones this list doesn't know yet — is
 * kept: an unknown field that splits the cache costs a miss, one that is wrongly ignored serves a wrong answer.
 */
export const IGNORED_FIELDS: ReadonlySet<string> = new Set(['user', 'metadata']);

/**
 * Where a request holds a JSON Schema: the response format's schema and each tool's parameters. A model writes the
 * fields of its answer (or a tool call's arguments) in the order the schema lists them, so there the order of
 * properties changes the answer and `canonicalJson` keeps it; everywhere else keys are sorted.
 */
export const ORDERED_PATHS: readonly RegExp[] = [/^request\.response_format\.json_schema\.schema$/, /^request\.tools\[\d+\]\.function\.parameters$/];

/**
 * The cache key of a chat request: `v2:` followed by the SHA-256 hex of a canonical JSON of the fields that change
 * the answer. Object key order does not matter (except inside JSON Schemas, see {@link ORDERED_PATHS}) and
 * `undefined` fields are dropped; array order (messages, stop sequences, tools) does matter, because it changes
 * what the model sees. A message whose content is a single text part counts as that text, the one pair of spellings
 * OpenRouter documents as the same prompt.
 * @throws TypeError naming the place (e.g. `request.messages[0].content`) when the request holds a value JSON cannot
 * carry (NaN, Infinity, a function, a BigInt), an object that is not plain data (a `Date`, `Map`, `Set` or class
 * instance), or a cycle.
 */
export function cacheKey(request: ChatRequest): string {
  const fields = Object.fromEntries(Object.entries(request).filter(([name]) => !IGNORED_FIELDS.has(name)));
  if (Array.isArray(fields['messages'])) fields['messages'] = fields['messages'].map(withPlainText);
  const digest = createHash('sha256').update(canonicalJson(fields, 'request')).digest('hex');
  return `${KEY_SCHEMA_VERSION}:${digest}`;
}

/**
 * JSON with object keys sorted and `undefined` properties dropped, so equal data always gives equal text. Inside the
 * JSON Schemas of a request (`path` `'request'`, see {@link ORDERED_PATHS}) keys keep their order.
 * Only plain data is accepted: JSON would write every `Map` and `Set` as `{}` and a `Date` as a string, so two
 * different requests would share a key (a wrong answer served from the cache), and a cycle would never end.
 */
export function canonicalJson(value: unknown, path = 'value'): string {
  return canonical(value, path, new Set(), true);
}

/**
 * A message whose content is one text part and nothing else, written as that text: `[{ type: 'text', text: 'hi' }]`
 * and `'hi'` are the same prompt. A part with more to it (`cache_control`) or several parts stay as they are.
 */
function withPlainText(message: unknown): unknown {
  const content = (message as { content?: unknown } | null)?.content;
  if (!Array.isArray(content) || content.length !== 1) return message;
  const part = content[0] as Record<string, unknown> | null;
  const isBareText = isRecord(part) && part['type'] === 'text' && typeof part['text'] === 'string' && Object.keys(part).every((k) => k === 'type' || k === 'text' || part[k] === undefined);
  return isBareText ? { ...(message as object), content: part['text'] } : message;
}

/**
 * `ancestors` holds the objects on the way down to `value`: meeting one again is a cycle. `sorted` is false inside
 * a JSON Schema, where property order is part of the prompt.
 */
function canonical(value: unknown, path: string, ancestors: Set<object>, sorted: boolean): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`\`${path}\` must be a finite number, got ${value}`);
    return JSON.stringify(value);
  }
  if (typeof value !== 'object') throw new TypeError(`\`${path}\` cannot be part of a cache key: ${typeof value} is not JSON`);
  if (ancestors.has(value)) throw new TypeError(`\`${path}\` refers back to an object that contains it: a cycle cannot be part of a cache key`);
  const isArray = Array.isArray(value);
  if (!isArray && !isPlainObject(value)) {
    throw new TypeError(`\`${path}\` cannot be part of a cache key: ${describeObject(value)} is not plain data (JSON would not tell two of them apart)`);
  }
  ancestors.add(value);
  let text: string;
  if (isArray) {
    // Array.from visits holes too (as undefined), so [1, , 3] is written [1,null,3], as JSON.stringify writes it.
    text = `[${Array.from(value, (item, i) => (item === undefined ? 'null' : at(item, `${path}[${i}]`, ancestors, sorted))).join(',')}]`;
  } else {
    const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined);
    if (sorted) keys.sort();
    text = `{${keys.map((k) => `${JSON.stringify(k)}:${at((value as Record<string, unknown>)[k], `${path}.${k}`, ancestors, sorted)}`).join(',')}}`;
  }
  // Only ancestors count: the same object twice side by side (not inside itself) is plain data, not a cycle.
  ancestors.delete(value);
  return text;
}

/** The canonical text of a child at `path`: from a JSON Schema's root down, keys keep their order. */
function at(value: unknown, path: string, ancestors: Set<object>, sorted: boolean): string {
  return canonical(value, path, ancestors, sorted && !ORDERED_PATHS.some((pattern) => pattern.test(path)));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object literal or `Object.create(null)`: no class whose state JSON cannot see. */
function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** What the value is, for the error message: its class (`Date`, `Map`, `Point`), if it has one. */
function describeObject(value: object): string {
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object with a custom prototype';
}
