/**
 * Which keys carry which tags, both ways, so that `keys(tag)` and `untag(key)` cost only the entries involved. A
 * helper of the tiered cache's L1 (given, not graded on its own): the cache untags a key when L1 drops it, so the
 * index never holds more keys than L1 does.
 */
export class TagIndex {
  readonly #keysByTag = new Map<string, Set<string>>();
  readonly #tagsByKey = new Map<string, readonly string[]>();

  /** Tags in use. */
  get size(): number {
    return this.#keysByTag.size;
  }

  /** Gives `key` exactly `tags` (an empty list untags it). */
  tag(key: string, tags: readonly string[]): void {
    this.untag(key);
    if (tags.length === 0) return;
    this.#tagsByKey.set(key, tags);
    for (const tag of tags) {
      let keys = this.#keysByTag.get(tag);
      if (keys === undefined) this.#keysByTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
  }

  /** Forgets `key`'s tags; a tag left without keys is forgotten too. */
  untag(key: string): void {
    const tags = this.#tagsByKey.get(key);
    if (tags === undefined) return;
    this.#tagsByKey.delete(key);
    for (const tag of tags) {
      const keys = this.#keysByTag.get(tag)!;
      keys.delete(key);
      if (keys.size === 0) this.#keysByTag.delete(tag);
    }
  }

  /** The keys carrying `tag`, as a copy (safe to untag while iterating). */
  keys(tag: string): string[] {
    return [...(this.#keysByTag.get(tag) ?? [])];
  }
}
