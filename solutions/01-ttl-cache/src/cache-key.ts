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
 * @throws TypeError naming the place (e.g. `request.messages[0].content`) when the request holds a value JSON cannot
 * carry (NaN, Infinity, a function, a BigInt), an object that is not plain data (a `Date`, `Map`, `Set` or class
 * instance), or a cycle.
 */
export function cacheKey(request: ChatRequest): string {
  const fields = Object.fromEntries(Object.entries(request).filter(([name]) => !IGNORED_FIELDS.has(name)));
  const digest = createHash('sha256').update(canonicalJson(fields, 'request')).digest('hex');
  return `${KEY_SCHEMA_VERSION}:${digest}`;
}

/**
 * JSON with object keys sorted and `undefined` properties dropped, so equal data always gives equal text.
 * Only plain data is accepted: JSON would write every `Map` and `Set` as `{}` and a `Date` as a string, so two
 * different requests would share a key (a wrong answer served from the cache), and a cycle would never end.
 */
export function canonicalJson(value: unknown, path = 'value'): string {
  return canonical(value, path, new Set());
}

/** `ancestors` holds the objects on the way down to `value`: meeting one again is a cycle. */
function canonical(value: unknown, path: string, ancestors: Set<object>): string {
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
    text = `[${Array.from(value, (item, i) => (item === undefined ? 'null' : canonical(item, `${path}[${i}]`, ancestors))).join(',')}]`;
  } else {
    const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
    text = `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k], `${path}.${k}`, ancestors)}`).join(',')}}`;
  }
  // Only ancestors count: the same object twice side by side (not inside itself) is plain data, not a cycle.
  ancestors.delete(value);
  return text;
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
