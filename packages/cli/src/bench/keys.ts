import { createHash } from 'node:crypto';

/** `count` distinct 64-hex keys, the shape exercise 1's `cacheKey` produces; `salt` makes disjoint sets. */
export function hexKeys(count: number, salt = 'bench'): string[] {
  return Array.from({ length: count }, (_, i) => createHash('sha256').update(`${salt}:${i}`).digest('hex'));
}
