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
  // TODO(ex1.cache-key): Two requests that differ only in key order or undefined fields get the same key; any
  // difference in a field that changes the answer gives another key; IGNORED_FIELDS never count. The key is
  // `${KEY_SCHEMA_VERSION}:` + sha256 hex (node:crypto) of canonicalJson(the remaining fields, 'request').
  // A message whose content is exactly one part { type: 'text', text } (no other field) is hashed as if its content
  // were that text string; build new message objects for that, never change the request.
  throw new Error(`TODO(ex1.cache-key): cacheKey for ${request.model}`);
}

/**
 * JSON with object keys sorted and `undefined` properties dropped, so equal data always gives equal text. Inside the
 * JSON Schemas of a request (`path` `'request'`, see {@link ORDERED_PATHS}) keys keep their order.
 * Only plain data is accepted: JSON would write every `Map` and `Set` as `{}` and a `Date` as a string, so two
 * different requests would share a key (a wrong answer served from the cache), and a cycle would never end.
 */
export function canonicalJson(value: unknown, path = 'value'): string {
  // TODO(ex1.cache-key): Same output as JSON.stringify (no whitespace) except that object keys are sorted at every
  // level and properties whose value is undefined are left out (an undefined array element, or a hole, is written
  // as null). A non-finite number, a function, a symbol or a BigInt throws a TypeError naming where it is: `path`,
  // then `.name` for a property and `[index]` for an array element, e.g. request.messages[1].content.
  // Only plain data gets a key: an object whose prototype is neither Object.prototype nor null (a Date, a Map, a
  // Set, a class instance) throws a TypeError naming its place and its class (value.constructor.name, e.g. Map) —
  // new Map([['a', 1]]) and new Map() must never share a key — and so does an object met again inside itself (a
  // cycle), instead of overflowing the stack. The same object twice side by side is not a cycle.
  // Inside a JSON Schema — where the path, built from path 'request', matches one of ORDERED_PATHS — keys keep the
  // order they were given in (Object.keys order), at every level below it; everywhere else they are sorted.
  throw new Error(`TODO(ex1.cache-key): canonicalJson of ${path} (${typeof value})`);
}
