/**
 * Version of the index file's format; an index of another version is ignored and rebuilt. Version 1 also saved
 * sizes, which a crash could leave stale; version 2 saves the use order only.
 */
const INDEX_VERSION = 2;

/**
 * The cache's accounting: every entry file it knows, with its size in bytes, from least to most recently used.
 * It lives in memory; only the use order is saved to `index.json` now and then, so that recency survives a
 * restart. Sizes are not saved: `open` takes them from `stat`, because after a crash saved sizes can be wrong
 * with nothing to show which (theory § 6.5).
 */
export class SizeIndex {
  // A Map iterates in insertion order; deleting and re-inserting a name moves it to the most-recent end.
  readonly #sizes = new Map<string, number>();
  #bytes = 0;

  /** Bytes of every known entry file. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Number of known entry files. */
  get size(): number {
    return this.#sizes.size;
  }

  has(name: string): boolean {
    return this.#sizes.has(name);
  }

  /** Records `name` with its size (new, or rewritten) as the most recently used. */
  record(name: string, bytes: number): void {
    this.forget(name);
    this.#sizes.set(name, bytes);
    this.#bytes += bytes;
  }

  /** Forgets `name`; returns whether it was known. */
  forget(name: string): boolean {
    const bytes = this.#sizes.get(name);
    if (bytes === undefined) return false;
    this.#sizes.delete(name);
    this.#bytes -= bytes;
    return true;
  }

  /** The least recently used entry's name. */
  oldest(): string | undefined {
    for (const name of this.#sizes.keys()) return name;
    return undefined;
  }

  clear(): void {
    this.#sizes.clear();
    this.#bytes = 0;
  }

  /** The index file's text: `{"v":2,"names":[name, …]}`, least recently used first. */
  serialize(): string {
    return JSON.stringify({ v: INDEX_VERSION, names: [...this.#sizes.keys()] });
  }

  /** The entry names of an index file's text, least recently used first, or `undefined` when it is not one. */
  static parse(text: string): string[] | undefined {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return undefined;
    }
    const { v, names } = (data ?? {}) as { v?: unknown; names?: unknown };
    if (v !== INDEX_VERSION || !Array.isArray(names)) return undefined;
    // Names are checked for their length only (a regex for 10,000 names costs as much as reading the index): a
    // listed name counts only if the directory listing has it too, and the index is the cache's own 0600 file.
    return names.every((name: unknown) => typeof name === 'string' && name.length === 64) ? (names as string[]) : undefined;
  }
}
