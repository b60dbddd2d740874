import type { Mistake } from './mistake.js';

export const mistakes: Mistake[] = [
  {
    id: 'get-does-not-refresh-recency',
    task: 'lru',
    what: 'get() returns the value but leaves the entry where it was in the recency list, so a key read a moment ago is evicted first',
    alsoIn: [{ task: 'batch', why: 'getMany is get for many keys: its rule is the recency rule of get' }],
    edits: [{ file: 'lru-cache.ts', find: '    if (this.#next[HEAD] !== slot) this.#moveToFront(slot);\n    return this.#values[slot];', replace: '    return this.#values[slot];' }],
  },
  {
    id: 'peek-refreshes-recency',
    task: 'lru',
    what: 'peek() moves the entry to the front like get(), so looking at a key saves it from eviction',
    edits: [
      {
        file: 'lru-cache.ts',
        find: '    const slot = this.#live(key);\n    return slot === undefined ? undefined : this.#values[slot];',
        replace: '    const slot = this.#live(key);\n    if (slot !== undefined && this.#next[HEAD] !== slot) this.#moveToFront(slot);\n    return slot === undefined ? undefined : this.#values[slot];',
      },
    ],
  },
  {
    id: 'evicts-most-recent',
    task: 'lru',
    what: 'at capacity, set() evicts the entry at the front of the list (the most recently used) instead of the back',
    alsoIn: [{ task: 'batch', why: 'setMany stores as set does, evicting as set does' }],
    edits: [{ file: 'lru-cache.ts', find: '    const slot = this.#prev[HEAD]!;', replace: '    const slot = this.#next[HEAD]!;' }],
  },
  {
    id: 'max-size-exact-total-evicts',
    task: 'lru',
    what: 'entries are evicted while the total size is >= maxSize, so a cache filled exactly to maxSize loses an entry',
    edits: [{ file: 'lru-cache.ts', find: 'while (this.#totalSize > this.#maxSize)', replace: 'while (this.#totalSize >= this.#maxSize)' }],
  },
  {
    id: 'clear-skips-on-evict',
    task: 'lru',
    what: 'clear() empties the cache without telling onEvict about the entries it removed',
    edits: [{ file: 'lru-cache.ts', find: "    for (const [value, key] of removed) this.#onEvict?.(value, key, 'delete');\n", replace: '' }],
  },
  {
    id: 'failure-stays-in-flight',
    task: 'single-flight',
    what: 'the flight is removed from the map only when the compute succeeds, so a failed compute is handed to every later caller',
    alsoIn: [{ task: 'batch', why: "getOrComputeMany starts its keys' flights on the same SingleFlight, so a failed batch is handed on too" }],
    edits: [
      {
        file: 'single-flight.ts',
        find: '.finally(() => {\n      if (isCurrent()) this.#flights.delete(key);\n    });',
        replace: '.then((value) => {\n      if (isCurrent()) this.#flights.delete(key);\n      return value;\n    });',
      },
    ],
  },
  {
    id: 'abort-cancels-shared-compute',
    task: 'single-flight',
    what: "one caller's abort aborts the shared compute, although other callers still wait for it",
    edits: [
      {
        file: 'single-flight.ts',
        find: '          flight.controller.abort(signal.reason);\n        }\n        reject(signal.reason);',
        replace: '        }\n        flight.controller.abort(signal.reason);\n        reject(signal.reason);',
      },
    ],
  },
  {
    id: 'memoize-ignores-max-entries',
    task: 'single-flight',
    what: "memoize's default cache always holds 1000 results, whatever maxEntries says",
    edits: [{ file: 'memoize.ts', find: 'options.cache ?? new LRUCache<R>({ maxEntries })', replace: 'options.cache ?? new LRUCache<R>({ maxEntries: 1000 })' }],
  },
  {
    id: 'stale-result-written-after-delete',
    task: 'invalidation',
    what: "a compute writes its result back even when the key was deleted, cleared or set while it ran",
    edits: [{ file: 'single-flight-cache.ts', find: 'if (value !== undefined && isCurrent()) await this.#cache.set(key, value, ttlMs);', replace: 'if (value !== undefined) await this.#cache.set(key, value, ttlMs);' }],
  },
  {
    id: 'delete-keeps-flight',
    task: 'invalidation',
    what: 'delete() removes the value but not the compute in flight, so the next caller joins the stale compute',
    edits: [{ file: 'single-flight-cache.ts', find: '    this.#flights.forget(key);\n    return this.#cache.delete(key);', replace: '    return this.#cache.delete(key);' }],
  },
  {
    id: 'promotes-with-full-ttl',
    task: 'tiered',
    what: "an L2 hit is copied into L1 for the cache's full ttlMs instead of the L2 entry's remaining time to live",
    alsoIn: [{ task: 'batch', why: 'getMany promotes an L2 hit as get does, with its remaining time to live' }],
    edits: [
      { file: 'tiered-single-key.ts', find: '    if (isCurrent()) local.promote(key, found.value, found.ttlMs);\n    return found.value;', replace: '    if (isCurrent()) local.promote(key, found.value, tiers.settings.ttlMs);\n    return found.value;' },
      { file: 'tiered-single-key.ts', find: "    if (isCurrent()) local.promote(key, found.value, found.ttlMs);\n    return { value: found.value, source: 'l2' };", replace: "    if (isCurrent()) local.promote(key, found.value, tiers.settings.ttlMs);\n    return { value: found.value, source: 'l2' };" },
      { file: 'tiered-batch.ts', find: '      if (current.has(key)) tiers.local.promote(key, value, ttlMs);', replace: '      if (current.has(key)) tiers.local.promote(key, value, tiers.settings.ttlMs);' },
    ],
  },
  {
    id: 'has-not-fail-open',
    task: 'tiered',
    what: 'has() asks L2 directly instead of through the fail-open wrapper, so an L2 error reaches the caller',
    edits: [{ file: 'tiered-single-key.ts', find: "const answer = await tiers.l2.call('has', (l2) => l2.has(key));", replace: 'const answer = await tiers.settings.l2?.has(key);' }],
  },
  {
    id: 'retry-window-ignored',
    task: 'tiered',
    what: 'during an outage every call asks L2 again, so a hung Redis costs one timeout per request instead of one per l2RetryMs',
    edits: [{ file: 'l2-tier.ts', find: '    if (this.#down && !this.#throw && this.#now() < this.#retryAt) return this.#skip(operation, run, l2);\n', replace: '' }],
  },
  {
    id: 'delete-skipped-during-outage',
    task: 'tiered',
    what: 'a delete during an outage is dropped, and nothing replays it when L2 comes back, so a timed-out write of the deleted key is served again',
    alsoIn: [
      { task: 'batch', why: 'a batch delete during an outage goes through the same skipped-invalidation path' },
      { task: 'group-invalidation', why: 'a tag or prefix invalidation L2 did not take is repaired by the same path' },
    ],
    edits: [
      { file: 'l2-tier.ts', find: "    if (operation === 'delete' || operation === 'clear') run(l2).catch(() => {});\n", replace: '' },
      { file: 'l2-tier.ts', find: '    if (this.#down && !(await this.#repair(l2))) return NO_ANSWER;\n', replace: '' },
    ],
  },
  {
    id: 'missed-invalidations-not-replayed',
    task: 'tiered',
    what: 'invalidations that failed during an outage are never replayed, so L2 keeps a deleted value once Redis is back',
    alsoIn: [
      { task: 'batch', why: 'a batch write that fails leaves its keys to the same replay' },
      { task: 'group-invalidation', why: 'a tag or prefix invalidation that fails leaves its keys to the same replay' },
    ],
    edits: [{ file: 'l2-tier.ts', find: '    if (this.#down && !(await this.#repair(l2))) return NO_ANSWER;\n', replace: '' }],
  },
  {
    id: 'invalidation-not-sent-while-resting',
    task: 'tiered',
    what: 'a delete during the l2RetryMs rest is only replayed later, so a write that timed out before it lands first and another process reads it',
    edits: [{ file: 'l2-tier.ts', find: "    if (operation === 'delete' || operation === 'clear') run(l2).catch(() => {});\n", replace: '' }],
  },
  {
    id: 'lock-wait-counted-in-polls',
    task: 'distributed-lock',
    what: 'the lock wait counts polls (lockWaitMs / lockPollMs of them), so a slow L2 stretches the wait far beyond lockWaitMs',
    edits: [
      { file: 'tiered-single-key.ts', find: '  const deadline = settings.now() + settings.lockWaitMs;\n  for (;;) {', replace: '  for (let polls = 0; ; polls++) {' },
      { file: 'tiered-single-key.ts', find: '    const left = deadline - settings.now();\n    if (left <= 0) return {};', replace: '    const left = settings.lockPollMs;\n    if (polls >= Math.ceil(settings.lockWaitMs / settings.lockPollMs)) return {};' },
    ],
  },
  {
    id: 'lock-wait-equals-lock-ttl',
    task: 'distributed-lock',
    what: 'lockWaitMs defaults to lockTtlMs, so waiters give up just as a crashed holder\'s lock expires and all compute',
    edits: [{ file: 'tiered-options.ts', find: '  const { lockWaitMs = lockTtlMs + LOCK_WAIT_MARGIN_MS } = options;', replace: '  const { lockWaitMs = lockTtlMs } = options;' }],
  },
  {
    id: 'lock-never-released',
    task: 'distributed-lock',
    what: 'the holder computes and writes L2 but never releases its lock, so it stays until lockTtlMs',
    edits: [{ file: 'tiered-single-key.ts', find: "    if (token !== undefined) await l2.call('unlock', (store) => settings.lock!.release(store.key(key), token));\n", replace: '' }],
  },
  {
    id: 'release-ignores-token',
    task: 'distributed-lock',
    what: "release() deletes the lock key without checking the token, so a holder whose lock expired frees the next holder's lock",
    edits: [{ file: 'redis-lock.ts', find: "`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`", replace: "`return redis.call('DEL', KEYS[1])`" }],
  },
  {
    id: 'use-redis-case-sensitive',
    task: 'configuration',
    what: 'USE_REDIS is compared as written, so On or FALSE is rejected as neither true nor false',
    edits: [{ file: 'create-tiered-cache.ts', find: "(env.USE_REDIS ?? '').trim().toLowerCase()", replace: "(env.USE_REDIS ?? '').trim()" }],
  },
  {
    id: 'first-connect-failure-is-final',
    task: 'configuration',
    what: 'a Redis that does not answer the first connect in time is given up for the life of the process: the client is destroyed',
    edits: [{ file: 'create-tiered-cache.ts', find: 'retrying in the background.`);\n  }\n', replace: 'retrying in the background.`);\n    client.destroy();\n    return new TieredCache<V>(cacheOptions);\n  }\n' }],
  },
  {
    id: 'only-password-redacted',
    task: 'configuration',
    what: 'the warning masks only the password position of REDIS_URL, so redis://PASSWORD@host prints the password',
    edits: [
      {
        file: 'create-tiered-cache.ts',
        find: "  return text.replace(/\\b([a-z][a-z0-9+.-]*:\\/\\/)[^\\s/?#]*@/gi, '$1***@');",
        replace: "  return text.replace(/\\b([a-z][a-z0-9+.-]*:\\/\\/)([^\\s/?#:@]*):[^\\s/?#]*@/gi, '$1$2:***@');",
      },
    ],
  },
  {
    id: 'password-in-warning',
    task: 'configuration',
    what: 'the unreachable-Redis warning prints REDIS_URL as given, password included',
    edits: [{ file: 'create-tiered-cache.ts', find: 'logger.warn(`Redis at ${redact(url)} is unreachable', replace: 'logger.warn(`Redis at ${url} is unreachable' }],
  },
  {
    id: 'bump-sends-queued-writes',
    task: 'group-invalidation',
    what: 'a write issued before bumpVersion but still waiting its turn is sent after it, so an old value fills the new version',
    edits: [{ file: 'l2-tier.ts', find: '(this.#version.epoch === epoch ? write(l2) : Promise.resolve(SUPERSEDED))', replace: 'write(l2)' }],
  },
  {
    id: 'remote-bump-keeps-l1',
    task: 'group-invalidation',
    what: "another process's bump moves this process to the new version but leaves its L1 copies of the old one",
    alsoIn: [{ task: 'configuration', why: 'a cache from the factory hears of another factory cache\'s bump through the same path' }],
    edits: [{ file: 'tiered-invalidation.ts', find: '    if (version.advance(Number(message.target))) local.clear();', replace: '    version.advance(Number(message.target));' }],
  },
];
