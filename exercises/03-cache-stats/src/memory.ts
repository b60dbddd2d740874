/** The approximate memory held by a cache's entries. */
export interface MemoryUsage {
  /** Entries the cache is known to hold. */
  entries: number;
  /** Estimated bytes of their keys and values (see {@link estimateBytes}). */
  bytes: number;
}

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
  // TODO(ex3.reports): Follow the model above exactly: estimateBytes('abc') is 19, estimateBytes('a€') 20,
  // estimateBytes(42) 8, estimateBytes([1, 2]) 48 and estimateBytes({ a: 'xy' }) 16 + 8 + 17 + 18 = 59. Walk with a
  // Set of the objects already counted, so an object referenced twice counts once and a cycle ends.
  throw new Error(`TODO(ex3.reports): estimateBytes of a ${typeof value}`);
}

/**
 * Keeps the estimated size of each key a cache holds, so the cache's memory can be reported without walking it.
 * `set` and `delete` are O(1) apart from estimating the value once when it is stored.
 */
export class MemoryTracker {
  /** Records that `key` now holds `value` (replacing whatever it held). */
  set(key: string, value: unknown): void {
    // TODO(ex3.reports): Keep one size per key: estimateBytes(key) + estimateBytes(value). Overwriting a key replaces
    // its size rather than adding to it.
    throw new Error(`TODO(ex3.reports): set ${key} to a ${typeof value}`);
  }

  /** Records that `key` is gone (deleted, expired or evicted); a key it never saw is ignored. */
  delete(key: string): void {
    // TODO(ex3.reports): Forget the key's size, if it had one.
    throw new Error(`TODO(ex3.reports): delete ${key}`);
  }

  /** Records that every entry is gone. */
  clear(): void {
    // TODO(ex3.reports): Afterwards usage() is { entries: 0, bytes: 0 }.
    throw new Error('TODO(ex3.reports): clear');
  }

  /** Entries and bytes right now. */
  usage(): MemoryUsage {
    // TODO(ex3.reports): The number of keys held and the sum of their sizes, without walking any value again.
    throw new Error('TODO(ex3.reports): usage');
  }
}
