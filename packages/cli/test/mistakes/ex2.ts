import type { Mistake } from './mistake.js';

export const mistakes: Mistake[] = [
  // persistence
  {
    id: 'ttl-off-by-one',
    task: 'persistence',
    what: 'an entry counts as expired only after now() passes expiresAt, so it lives one millisecond too long',
    edits: [{ file: 'disk-cache.ts', find: 'header.expiresAt !== null && this.#now() >= header.expiresAt', replace: 'header.expiresAt !== null && this.#now() > header.expiresAt' }],
  },
  {
    id: 'expired-file-kept',
    task: 'persistence',
    what: 'an expired entry reads as a miss, but its file is left on disk forever',
    edits: [{ file: 'disk-cache.ts', find: 'this.#now() >= header.expiresAt) {\n      await removeFile(file);\n', replace: 'this.#now() >= header.expiresAt) {\n' }],
  },
  {
    id: 'clear-removes-every-file',
    task: 'persistence',
    what: 'clear() unlinks every file in the directory, not only the entry files',
    edits: [{ file: 'disk-cache.ts', find: 'const names = (await readdir(this.dir)).filter(isEntryFileName);', replace: 'const names = await readdir(this.dir);' }],
  },
  {
    id: 'unheard-error-event',
    task: 'persistence',
    what: "a disk failure is always emitted as 'error', so with nobody listening the call rejects",
    edits: [{ file: 'disk-cache.ts', find: "if (this.listenerCount('error') > 0) this.emit('error'", replace: "this.emit('error'" }],
  },
  // crash-safety
  {
    id: 'failed-write-leaves-temp',
    task: 'crash-safety',
    what: 'when the rename fails, the temp file is left behind in the cache directory',
    edits: [{ file: 'files.ts', find: '    await renameAsync(temp, join(dir, name));\n  } catch (error) {\n    await removeFile(temp);\n', replace: '    await renameAsync(temp, join(dir, name));\n  } catch (error) {\n' }],
  },
  {
    id: 'removes-live-temp-files',
    task: 'crash-safety',
    what: 'open() removes every temp file, including those of a writer that is still running',
    edits: [
      { file: 'disk-cache.ts', find: 'if (writer !== process.pid) return !isProcessAlive(writer);', replace: 'if (writer !== process.pid) return true;' },
      { file: 'disk-cache.ts', find: 'return file !== undefined && file.mtimeMs < performance.timeOrigin;', replace: 'return true;' },
    ],
  },
  {
    id: 'reused-pid-trusted',
    task: 'crash-safety',
    what: "open() keeps every temp file whose pid is running, so an earlier process's leftover under this process's pid (pid 1 in a container) is never removed",
    edits: [{ file: 'disk-cache.ts', find: 'return file !== undefined && file.mtimeMs < performance.timeOrigin;', replace: 'return file === undefined;' }],
  },
  {
    id: 'no-checksum-check',
    task: 'crash-safety',
    what: 'the reader trusts the header and never compares the payload with its crc32',
    edits: [{ file: 'envelope.ts', find: "  if (crc32(payload) !== h.crc32) return corrupt('the payload does not match its checksum');\n", replace: '' }],
  },
  {
    id: 'corrupt-entry-kept',
    task: 'crash-safety',
    what: 'a damaged entry reads as a miss with a warning, but its file stays on disk',
    edits: [{ file: 'disk-cache.ts', find: '    const file = join(this.dir, name);\n    await removeFile(file);\n', replace: '    const file = join(this.dir, name);\n' }],
  },
  // safe-names
  {
    id: 'key-not-checked',
    task: 'safe-names',
    what: "get() returns whatever the file named for the key holds, without checking the header's key",
    edits: [{ file: 'disk-cache.ts', find: 'if (key === undefined ? entryFileName(header.key) !== name : header.key !== key) {', replace: 'if (key === undefined && entryFileName(header.key) !== name) {' }],
  },
  {
    id: 'proto-kept-on-read',
    task: 'safe-names',
    what: 'values are read back with a plain JSON.parse, so own __proto__ keys from a hostile file survive',
    edits: [{ file: 'json.ts', find: "return JSON.parse(text, (key, item: unknown) => (key === '__proto__' ? undefined : item));", replace: 'return JSON.parse(text);' }],
  },
  {
    id: 'class-instances-accepted',
    task: 'safe-names',
    what: 'set() rejects Maps and Sets but lets Dates, Buffers and class instances through, which JSON flattens',
    edits: [{ file: 'json.ts', find: 'if (!isArray && proto !== Object.prototype && proto !== null) {', replace: 'if (value instanceof Map || value instanceof Set) {' }],
  },
  {
    id: 'world-readable-files',
    task: 'safe-names',
    what: 'entry files are created with the default mode 0644, readable by every user',
    edits: [{ file: 'files.ts', find: 'export const FILE_MODE = 0o600;', replace: 'export const FILE_MODE = 0o644;' }],
  },
  // size-limit
  {
    id: 'evicts-most-recent',
    task: 'size-limit',
    what: 'eviction removes the most recently used entry instead of the least recently used one',
    edits: [{ file: 'size-index.ts', find: '    for (const name of this.#sizes.keys()) return name;\n    return undefined;', replace: '    return [...this.#sizes.keys()].pop();' }],
  },
  {
    id: 'stale-index-trusted',
    task: 'size-limit',
    what: 'open() takes the list of entries from the saved index instead of the directory, missing entries written since it was saved',
    edits: [{ file: 'disk-cache.ts', find: 'Promise.all(entries.map((name) => this.#statFile(name)))', replace: 'Promise.all((saved ?? entries).map((name) => this.#statFile(name)))' }],
  },
  {
    id: 'too-large-keeps-old-value',
    task: 'size-limit',
    what: "a value too large for maxBytes is refused, but the key's previous file is left in place and served",
    edits: [{ file: 'disk-cache.ts', find: '      await this.#remove(name);\n      this.#warn({ code: \'too-large\'', replace: "      this.#warn({ code: 'too-large'" }],
  },
  {
    id: 'overwrite-counted-twice',
    task: 'size-limit',
    what: "rewriting a key adds the new file's size without subtracting the old one",
    edits: [{ file: 'size-index.ts', find: '    this.forget(name);\n    this.#sizes.set(name, bytes);\n    this.#bytes += bytes;', replace: '    this.#sizes.delete(name);\n    this.#sizes.set(name, bytes);\n    this.#bytes += bytes;' }],
  },
  // compression
  {
    id: 'threshold-off-by-one',
    task: 'compression',
    what: 'JSON of exactly compressAboveBytes bytes is compressed too',
    edits: [{ file: 'compression.ts', find: 'if (raw.length <= aboveBytes)', replace: 'if (raw.length < aboveBytes)' }],
  },
  {
    id: 'threshold-in-characters',
    task: 'compression',
    what: "the threshold compares the JSON's length in characters, not in UTF-8 bytes",
    edits: [{ file: 'compression.ts', find: 'if (raw.length <= aboveBytes)', replace: 'if (json.length <= aboveBytes)' }],
  },
  {
    id: 'keeps-larger-compressed',
    task: 'compression',
    what: 'the compressed payload is kept even when it is larger than the JSON',
    edits: [{ file: 'compression.ts', find: 'return packed.length < raw.length ? { encoding: compression, payload: packed } : { encoding: \'identity\', payload: raw };', replace: 'return { encoding: compression, payload: packed };' }],
  },
  {
    id: 'decodes-with-own-codec',
    task: 'compression',
    what: "a compressed entry is decompressed with the reader's configured codec instead of the header's encoding",
    edits: [{ file: 'disk-cache.ts', find: 'fromJson(await decodePayload(entry.header.encoding, entry.payload))', replace: "fromJson(await decodePayload(entry.header.encoding === 'identity' ? 'identity' : this.#compression, entry.payload))" }],
  },
  // keyv-store
  {
    id: 'keyv-ttl-dropped',
    task: 'keyv-store',
    what: "the adapter ignores Keyv's ttl, so expired entries stay on disk until Keyv happens to read them",
    edits: [{ file: 'keyv-store.ts', find: 'return this.cache.set(key, value, typeof ttl === \'number\' && ttl > 0 ? ttl : Infinity);', replace: 'return this.cache.set(key, value);' }],
  },
  {
    id: 'keyv-ttl-zero-passed-on',
    task: 'keyv-store',
    what: 'a ttl of 0 is passed on to the cache as ttlMs, which rejects it',
    edits: [{ file: 'keyv-store.ts', find: "typeof ttl === 'number' && ttl > 0 ? ttl : Infinity", replace: 'ttl ?? Infinity' }],
  },
  {
    id: 'clear-ignores-namespace',
    task: 'keyv-store',
    what: "the adapter's clear() empties the whole directory, other namespaces included",
    edits: [{ file: 'keyv-store.ts', find: 'if (this.namespace === undefined) return this.cache.clear();', replace: 'return this.cache.clear();' }],
  },
  {
    id: 'errors-not-forwarded',
    task: 'keyv-store',
    what: "the adapter never forwards the cache's 'error' events, so Keyv never hears of a disk failure",
    edits: [{ file: 'keyv-store.ts', find: "      if (this.listenerCount('error') > 0) this.emit('error', error);\n", replace: '      void error;\n' }],
  },
  // concurrency
  {
    id: 'queue-per-operation',
    task: 'concurrency',
    what: 'keeps one queue per kind of operation instead of one per key, so a get() or delete() can overtake the set() called before it',
    edits: [{ file: 'disk-cache.ts', find: 'return name === undefined ? guarded() : this.#inOrder(name, guarded);', replace: 'return name === undefined ? guarded() : this.#inOrder(operation, guarded);' }],
  },
  {
    id: 'temp-name-per-process',
    task: 'concurrency',
    what: "temp file names carry the pid but no counter, so two writes of one key in one process collide",
    edits: [{ file: 'names.ts', find: '${processToken}${(sequence++).toString(36)}.tmp', replace: '${processToken}.tmp' }],
  },
];
