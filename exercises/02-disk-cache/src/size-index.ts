/**
 * The cache's accounting: every entry file it knows, with its size in bytes, from least to most recently used.
 * It lives in memory; only the use order is saved to `index.json` now and then, so that recency survives a
 * restart. Sizes are not saved: `open` takes them from `stat`, because after a crash saved sizes can be wrong
 * with nothing to show which (theory § 6.5).
 */
export class SizeIndex {
  // TODO(ex2.size-limit): Keep name → bytes in use order (a Map iterates in insertion order: delete and re-insert
  // to move a name to the most-recent end) and the running total of bytes.

  /** Bytes of every known entry file. */
  get bytes(): number {
    // TODO(ex2.size-limit): The sum of the recorded sizes, kept up to date by record() and forget().
    throw new Error('TODO(ex2.size-limit): SizeIndex.bytes');
  }

  /** Number of known entry files. */
  get size(): number {
    // TODO(ex2.size-limit): How many names are recorded.
    throw new Error('TODO(ex2.size-limit): SizeIndex.size');
  }

  has(name: string): boolean {
    // TODO(ex2.size-limit): Whether `name` is recorded.
    throw new Error(`TODO(ex2.size-limit): SizeIndex.has ${name}`);
  }

  /** Records `name` with its size (new, or rewritten) as the most recently used. */
  record(name: string, bytes: number): void {
    // TODO(ex2.size-limit): A name recorded again replaces its old size (bytes goes down by the old, up by the new)
    // and becomes the most recently used.
    throw new Error(`TODO(ex2.size-limit): SizeIndex.record ${name} ${bytes}`);
  }

  /** Forgets `name`; returns whether it was known. */
  forget(name: string): boolean {
    // TODO(ex2.size-limit): Remove it and subtract its size; false when it was not recorded.
    throw new Error(`TODO(ex2.size-limit): SizeIndex.forget ${name}`);
  }

  /** The least recently used entry's name. */
  oldest(): string | undefined {
    // TODO(ex2.size-limit): The name recorded (or used) longest ago; undefined when empty.
    throw new Error('TODO(ex2.size-limit): SizeIndex.oldest');
  }

  clear(): void {
    // TODO(ex2.size-limit): Forget everything; bytes becomes 0.
    throw new Error('TODO(ex2.size-limit): SizeIndex.clear');
  }

  /** The index file's text: `{"v":2,"names":[name, …]}`, least recently used first. */
  serialize(): string {
    // TODO(ex2.size-limit): JSON of the version and the names, least recently used first, so that parse() gives
    // open() the same recency. No sizes: open() takes those from stat(), since a crash can leave saved sizes stale.
    throw new Error('TODO(ex2.size-limit): SizeIndex.serialize');
  }

  /** The entry names of an index file's text, least recently used first, or `undefined` when it is not one. */
  static parse(text: string): string[] | undefined {
    // TODO(ex2.size-limit): The names serialize() wrote. Anything else — not JSON, another version, a name that is
    // not a string of 64 characters — is undefined, never an exception: the caller orders the files by mtime.
    throw new Error(`TODO(ex2.size-limit): SizeIndex.parse ${text.length} characters`);
  }
}
