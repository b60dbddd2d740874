/**
 * The values the disk chaos writers store, shared by the writer processes (disk-writer.ts) and the section that
 * checks them (disk.ts). Each value carries what it takes to rebuild it, so a reader can tell a whole value from a
 * torn or mixed one without knowing which write it came from.
 */
import { createCipheriv, createHash } from 'node:crypto';

export interface ChaosValue {
  key: string;
  /** Orders writes across writer processes: a later writer's `gen` is higher (the parent hands out the bases). */
  gen: number;
  size: number;
  body: string;
}

/** Writes' body sizes run from 10 B to 1 MB, spread evenly on a log scale: most are small, a few are huge. */
export const MIN_BODY = 10;
export const MAX_BODY = 1_000_000;

/** `size` characters that look random (so compression does not make them vanish), rebuilt from `key` and `gen`. */
export function chaosBody(key: string, gen: number, size: number): string {
  const seed = createHash('sha256').update(`${key}\0${gen}`).digest();
  const stream = createCipheriv('aes-128-ctr', seed.subarray(0, 16), seed.subarray(16, 32));
  return stream.update(Buffer.alloc(Math.ceil((size * 3) / 4) + 3)).toString('base64').slice(0, size);
}

export function chaosValue(key: string, gen: number, size: number): ChaosValue {
  return { key, gen, size, body: chaosBody(key, gen, size) };
}

/** Whether `value`, read under `key`, is one whole value that was written under `key`. */
export function isWhole(key: string, value: unknown): boolean {
  const v = value as Partial<ChaosValue> | null;
  if (typeof v !== 'object' || v === null || v.key !== key || typeof v.gen !== 'number' || typeof v.size !== 'number') return false;
  return v.body === chaosBody(key, v.gen, v.size);
}

/** The durable keys of writer `w` (its own: acknowledgements are checked per key) and the plain keys all share. */
export const durableKeys = (writer: number): string[] => Array.from({ length: 4 }, (_, i) => `d${writer}-${i}`);
export const PLAIN_KEYS = Array.from({ length: 24 }, (_, i) => `p${i}`);
