import type { Mistake } from './mistake.js';

export const mistakes: Mistake[] = [
  // Task 1 — ttl-cache
  {
    id: 'ttl-off-by-one',
    task: 'ttl-cache',
    what: 'an entry counts as expired only after now() passes expiresAt, so it lives one millisecond too long',
    edits: [{ file: 'ttl-cache.ts', find: 'entry.expiresAt !== Infinity && entry.expiresAt <= this.#now()', replace: 'entry.expiresAt !== Infinity && entry.expiresAt < this.#now()' }],
  },
  {
    id: 'wall-clock-in-delete',
    task: 'ttl-cache',
    what: 'delete() asks Date.now() whether the entry was live instead of the injected clock',
    edits: [{ file: 'ttl-cache.ts', find: 'return !this.#isExpired(entry, this.#now());', replace: 'return !this.#isExpired(entry, Date.now());' }],
  },
  {
    id: 'rewrite-keeps-old-expiry',
    task: 'ttl-cache',
    what: 'writing an existing key again replaces the value but keeps the old expiry, so the ttl does not restart',
    edits: [{ file: 'ttl-cache.ts', find: '      existing.value = value;\n      existing.expiresAt = expiresAt;\n', replace: '      existing.value = value;\n' }],
  },
  {
    id: 'falsy-value-as-miss',
    task: 'ttl-cache',
    what: 'get() returns `entry?.value || undefined`, so a stored 0, empty string, null or false reads as a miss',
    edits: [{ file: 'ttl-cache.ts', find: 'return entry === undefined ? undefined : entry.value;', replace: 'return entry?.value || undefined;' }],
  },
  {
    id: 'has-ignores-expiry',
    task: 'ttl-cache',
    what: 'has() only asks the map whether the key is there, so it reports an expired entry as present',
    edits: [{ file: 'ttl-cache.ts', find: 'return this.#live(key) !== undefined;', replace: 'return this.#map.has(key);' }],
  },
  {
    id: 'sweep-interval-unbounded',
    task: 'ttl-cache',
    what: 'sweepIntervalMs is checked for being positive and finite only, so 2 ** 31 ms is accepted and Node sweeps every millisecond',
    edits: [
      {
        file: 'ttl-cache.ts',
        find: "    assertTimerMs('sweepIntervalMs', intervalMs);\n",
        replace: "    if (typeof intervalMs !== 'number') throw new TypeError('`sweepIntervalMs` must be a number');\n    if (!(intervalMs > 0) || intervalMs === Infinity) throw new RangeError('`sweepIntervalMs` must be positive and finite');\n",
      },
    ],
  },
  // Task 2 — capacity
  {
    id: 'evict-newest',
    task: 'capacity',
    what: 'a full cache evicts the newest entry instead of the oldest inserted one',
    edits: [{ file: 'ttl-cache.ts', find: 'const oldest = this.#oldest;', replace: 'const oldest = this.#newest;' }],
  },
  {
    id: 'reads-refresh-order',
    task: 'capacity',
    what: 'get() and has() move the entry they read to the newest end, which makes the cache LRU instead of FIFO',
    edits: [{ file: 'ttl-cache.ts', find: '      return undefined;\n    }\n    return entry;', replace: '      return undefined;\n    }\n    this.#unlink(entry);\n    this.#append(entry);\n    return entry;' }],
  },
  {
    id: 'evict-live-before-expired',
    task: 'capacity',
    what: 'a full cache always evicts the oldest entry, even when another entry has already expired',
    edits: [{ file: 'ttl-cache.ts', find: '    if (this.#nextExpiry <= this.#now() && this.purgeExpired() > 0) return undefined;\n', replace: '' }],
  },
  {
    id: 'overwrite-evicts',
    task: 'capacity',
    what: 'set() makes room whenever the cache is full, even when it only overwrites a key that is already there',
    edits: [{ file: 'ttl-cache.ts', find: '    const existing = this.#map.get(key);\n', replace: '    if (this.#map.size >= this.#maxEntries) this.#makeRoom();\n    const existing = this.#map.get(key);\n' }],
  },
  // Task 3 — cache-key
  {
    id: 'key-depends-on-order',
    task: 'cache-key',
    what: 'canonicalJson writes object keys in insertion order, so the same request with its fields reordered gets another key',
    edits: [{ file: 'cache-key.ts', find: '    if (sorted) keys.sort();\n', replace: '' }],
  },
  {
    id: 'key-from-model-and-messages',
    task: 'cache-key',
    what: 'the key is built from the model and the messages only, so requests with another temperature, tools or seed share an answer',
    edits: [{ file: 'cache-key.ts', find: 'const fields = Object.fromEntries(Object.entries(request).filter(([name]) => !IGNORED_FIELDS.has(name)));', replace: 'const fields = { model: request.model, messages: request.messages };' }],
  },
  {
    id: 'metadata-in-key',
    task: 'cache-key',
    what: 'only `user` is left out of the key, so requests tagged with different metadata never share a cached answer',
    edits: [{ file: 'cache-key.ts', find: '.filter(([name]) => !IGNORED_FIELDS.has(name))', replace: ".filter(([name]) => name !== 'user')" }],
  },
  {
    id: 'falsy-fields-dropped',
    task: 'cache-key',
    what: 'canonicalJson drops every falsy property instead of only undefined ones, so temperature: 0 gets the key of no temperature',
    edits: [{ file: 'cache-key.ts', find: '.filter((k) => (value as Record<string, unknown>)[k] !== undefined)', replace: '.filter((k) => Boolean((value as Record<string, unknown>)[k]))' }],
  },
  {
    id: 'nan-written-as-null',
    task: 'cache-key',
    what: 'numbers go straight to JSON.stringify, so NaN and Infinity silently become null and collide with a real null',
    edits: [{ file: 'cache-key.ts', find: "    if (!Number.isFinite(value)) throw new TypeError(`\\`${path}\\` must be a finite number, got ${value}`);\n", replace: '' }],
  },
  {
    id: 'schema-keys-sorted',
    task: 'cache-key',
    what: 'canonicalJson sorts the keys of JSON schemas too, so two schemas that ask for the fields in another order share an answer',
    edits: [{ file: 'cache-key.ts', find: '    if (sorted) keys.sort();\n', replace: '    keys.sort();\n' }],
  },
  {
    id: 'date-keyed-as-json',
    task: 'cache-key',
    what: 'canonicalJson treats every object as plain data, so a Date, a Map or a Set is written as JSON sees it and two different Dates share a key',
    edits: [{ file: 'cache-key.ts', find: 'if (!isArray && !isPlainObject(value)) {', replace: 'if (!isArray && Array.isArray(value)) {' }],
  },
  // Task 4 — caching-client
  {
    id: 'ttl-option-unchecked',
    task: 'caching-client',
    what: 'the ttlMs option is not checked, so a TTL no cache accepts fails every set() later instead of the constructor',
    edits: [{ file: 'caching-client.ts', find: "    if (options.ttlMs !== undefined) assertTtl('ttlMs', options.ttlMs);\n", replace: '' }],
  },
  {
    id: 'caches-truncated-answer',
    task: 'caching-client',
    what: 'isCacheable accepts a response when any choice stopped, so an answer with another choice cut short by max_tokens is cached',
    edits: [{ file: 'caching-client.ts', find: 'response.choices.every((choice)', replace: 'response.choices.some((choice)' }],
  },
  {
    id: 'hit-shares-cached-object',
    task: 'caching-client',
    what: 'a hit spreads the cached response instead of cloning it, so a caller editing its answer edits the cache',
    edits: [{ file: 'caching-client.ts', find: 'if (cached !== undefined) return { ...structuredClone(answerOf(cached)), cache: { hit: true, key } }', replace: 'if (cached !== undefined) return { ...answerOf(cached), cache: { hit: true, key } }' }],
  },
  {
    id: 'cache-failure-fails-call',
    task: 'caching-client',
    what: 'errors from cache.get/cache.set are not caught, so a cache that is down fails every call',
    edits: [
      { file: 'caching-client.ts', find: "const cached = await this.#attempt('get', () => this.#options.cache.get(key));\n    if (cached !== undefined) return", replace: 'const cached = await this.#options.cache.get(key);\n    if (cached !== undefined) return' },
      { file: 'caching-client.ts', find: 'if (isCacheable(response)) await this.#store(key, structuredClone(response));', replace: 'if (isCacheable(response)) await this.#options.cache.set(key, structuredClone(response), this.#options.ttlMs);' },
    ],
  },
  {
    id: 'hit-marked-as-miss',
    task: 'caching-client',
    what: 'a hit is returned marked cache: { hit: false }, like a miss',
    edits: [{ file: 'caching-client.ts', find: 'if (cached !== undefined) return { ...structuredClone(answerOf(cached)), cache: { hit: true, key } }', replace: 'if (cached !== undefined) return { ...structuredClone(answerOf(cached)), cache: { hit: false, key } }' }],
  },
  // Task 5 — stream-cache
  {
    id: 'stores-unfinished-stream',
    task: 'stream-cache',
    what: 'a streamed miss is stored however it ended, so an answer cut short by max_tokens is replayed to everyone',
    edits: [{ file: 'caching-client.ts', find: 'if (isCompleteStream(response, chunks)) await this.#store(', replace: 'await this.#store(' }],
  },
  {
    id: 'replay-one-big-chunk',
    task: 'stream-cache',
    what: 'a hit replays the assembled answer as one chunk instead of the recorded chunks, so it no longer looks like the miss',
    edits: [{ file: 'replay.ts', find: '  if (entry.chunks) return entry.chunks;\n', replace: '' }],
  },
  {
    id: 'one-abort-aborts-all',
    task: 'stream-cache',
    what: 'the first caller to leave a shared stream aborts it upstream, so the callers still reading lose their answer',
    edits: [{ file: 'stream-flight.ts', find: 'if (this.#readers === 0 && !this.#settled)', replace: 'if (!this.#settled)' }],
  },
  {
    id: 'no-fan-out',
    task: 'stream-cache',
    what: 'every identical request in flight starts its own upstream stream, each one billed',
    edits: [{ file: 'caching-client.ts', find: '    if (current && !current.abandoned) return current;\n', replace: '' }],
  },
  {
    id: 'late-joiner-misses-start',
    task: 'stream-cache',
    what: 'a caller that joins a stream mid-way gets only the chunks sent after it joined',
    edits: [{ file: 'stream-flight.ts', find: 'for (let next = 0; ; )', replace: 'for (let next = this.chunks.length; ; )' }],
  },
];
