/** The approximate memory held by a cache's entries. */
export interface MemoryUsage {
  /** Entries the cache is known to hold. */
  entries: number;
  /** Estimated bytes of their keys and values (see {@link estimateBytes}). */
  bytes: number;
}

/** Header of every heap object in the model below: a map (hidden class) pointer and a length or hash, in bytes. */
const HEADER = 16;
/** One pointer-sized slot: an array element, an object property, a Set member. */
const SLOT = 8;
/** Anything outside the Latin-1 range makes V8 store the whole string with two bytes per character. */
const TWO_BYTE = /[^\u0000-\u00ff]/;

/**
 * Approximate bytes a value occupies on a 64-bit V8 heap. A model, not a measurement — V8 shares strings, inlines
 * small integers and packs objects of the same shape — but it tracks what matters for a cache: big responses cost
 * more than small ones, in proportion to their text. Each object is counted once per call, however often it is
 * referenced (cycles included).
 *
 * - `undefined`, `null`, booleans, symbols and functions: 0 (shared, or not data)
 * - number: 8; bigint: 16 + 8 per 64 bits
 * - string: 16 + its length, or 16 + 2 × its length when any character is beyond U+00FF
 * - array: 16 + 8 per element + each element
 * - other object: 16 + for each own enumerable string key, 8 + the key (as a string) + the value
 * - Map: 16 + for each entry, 16 + key + value; Set: 16 + for each member, 8 + member
 * - ArrayBuffer and typed arrays: 16 + their byte length; Date: 24
 */
export function estimateBytes(value: unknown): number {
  return walk(value, new Set());
}

function walk(value: unknown, seen: Set<object>): number {
  switch (typeof value) {
    case 'string':
      return HEADER + (TWO_BYTE.test(value) ? 2 : 1) * value.length;
    case 'number':
      return 8;
    case 'bigint': {
      const bits = (value < 0n ? -value : value).toString(2).length;
      return HEADER + SLOT * Math.ceil(bits / 64);
    }
    case 'object':
      break;
    default:
      return 0;
  }
  if (value === null) return 0;
  if (seen.has(value)) return 0;
  seen.add(value);
  if (Array.isArray(value)) {
    let bytes = HEADER + SLOT * value.length;
    for (const item of value) bytes += walk(item, seen);
    return bytes;
  }
  if (value instanceof Map) {
    let bytes = HEADER;
    for (const [key, item] of value) bytes += 2 * SLOT + walk(key, seen) + walk(item, seen);
    return bytes;
  }
  if (value instanceof Set) {
    let bytes = HEADER;
    for (const item of value) bytes += SLOT + walk(item, seen);
    return bytes;
  }
  if (value instanceof Date) return HEADER + SLOT;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return HEADER + value.byteLength;
  let bytes = HEADER;
  for (const key of Object.keys(value)) bytes += SLOT + walk(key, seen) + walk((value as Record<string, unknown>)[key], seen);
  return bytes;
}

/**
 * Keeps the estimated size of each key a cache holds, so the cache's memory can be reported without walking it.
 * `set` and `delete` are O(1) apart from estimating the value once when it is stored.
 */
export class MemoryTracker {
  readonly #sizes = new Map<string, number>();
  #bytes = 0;

  /** Records that `key` now holds `value` (replacing whatever it held). */
  set(key: string, value: unknown): void {
    const size = estimateBytes(key) + estimateBytes(value);
    this.#bytes += size - (this.#sizes.get(key) ?? 0);
    this.#sizes.set(key, size);
  }

  /** Records that `key` is gone (deleted, expired or evicted); a key it never saw is ignored. */
  delete(key: string): void {
    const size = this.#sizes.get(key);
    if (size === undefined) return;
    this.#bytes -= size;
    this.#sizes.delete(key);
  }

  /** Records that every entry is gone. */
  clear(): void {
    this.#sizes.clear();
    this.#bytes = 0;
  }

  /** Entries and bytes right now. */
  usage(): MemoryUsage {
    return { entries: this.#sizes.size, bytes: this.#bytes };
  }
}
