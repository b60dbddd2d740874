import { createHash } from 'node:crypto';
import type { ChatRequest } from '@workbook/openrouter';

/** Bumped whenever the key's recipe changes, so keys written under an old recipe can never be read as new. */
export const KEY_SCHEMA_VERSION = 'v1';

/**
 * Request fields that cannot change the answer and so stay out of the key: `user` is an end-user id for abuse
 * tracking and `metadata` carries tags for the caller's own reporting. Attribution (`HTTP-Referer`, `X-Title`)
 * travels in headers, never in the request. Every other field — including ones this list doesn't know yet — is
 * kept: an unknown field that splits the cache costs a miss, one that is wrongly ignored serves a wrong answer.
 */
export const IGNORED_FIELDS: ReadonlySet<string> = new Set(['user', 'metadata']);

/**
 * The cache key of a chat request: `v1:` followed by the SHA-256 hex of a canonical JSON of the fields that change
 * the answer. Object key order does not matter and `undefined` fields are dropped; array order (messages, stop
 * sequences, tools) does matter, because it changes what the model sees.
 * @throws TypeError when the request holds a value JSON cannot carry (NaN, Infinity, a function, a BigInt).
 */
export function cacheKey(request: ChatRequest): string {
  const fields = Object.fromEntries(Object.entries(request).filter(([name]) => !IGNORED_FIELDS.has(name)));
  const digest = createHash('sha256').update(canonicalJson(fields, 'request')).digest('hex');
  return `${KEY_SCHEMA_VERSION}:${digest}`;
}

/** JSON with object keys sorted and `undefined` properties dropped, so equal data always gives equal text. */
export function canonicalJson(value: unknown, path = 'value'): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`\`${path}\` must be a finite number, got ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item, i) => (item === undefined ? 'null' : canonicalJson(item, `${path}[${i}]`))).join(',')}]`;
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k], `${path}.${k}`)}`).join(',')}}`;
  }
  throw new TypeError(`\`${path}\` cannot be part of a cache key: ${typeof value} is not JSON`);
}
