import { createHash } from 'node:crypto';

/**
 * The SHA-256 hex of `parts` written as JSON, prefixed with `namespace` so the two adapters (and a caching client
 * sharing the same store) can never read each other's entries. Object keys keep their order: requests built by the
 * same code list them in the same order, and an order that differs costs at most a miss, never a wrong answer.
 * Binary data (a file part's `Uint8Array`) is hashed as base64 rather than as a JSON object of numbered bytes.
 */
export function hashKey(namespace: string, parts: unknown): string {
  const json = JSON.stringify(parts, (_name, value: unknown) => (value instanceof Uint8Array ? `base64:${Buffer.from(value).toString('base64')}` : value));
  return `${namespace}:${createHash('sha256').update(json).digest('hex')}`;
}
