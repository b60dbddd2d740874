import { randomUUID } from 'node:crypto';
import type { RedisClientType } from '@keyv/redis';

/** What a process tells the others to drop from their L1: every key with a tag, every key under a prefix, or all of it. */
export interface InvalidationMessage {
  scope: 'tag' | 'prefix' | 'version';
  /** The tag, the prefix, or the namespace's new version (e.g. `'3'`). */
  target: string;
  /** For a tag: the keys L2 held under it, which other processes may hold untagged copies of (promoted from L2). */
  keys: string[];
}

/** Group invalidation in L2, shared by every process, and the channel that tells the others to drop their L1 copies. */
export interface Invalidator {
  /** Records in L2 that `keys` carry `tags`, for as long as the longest of them lives (`ttlMs`, or `Infinity`). */
  tag(keys: readonly string[], tags: readonly string[], ttlMs: number): Promise<void>;
  /** Removes from L2 every key tagged `tag` and the tag itself, tells the other processes; resolves to the keys removed. */
  invalidateTag(tag: string): Promise<string[]>;
  /** Removes from L2 every key of the namespace that starts with `prefix`, tells the other processes; resolves to the count. */
  invalidatePrefix(prefix: string): Promise<number>;
  /** The namespace's version, shared by every process: 0 until the first bump. */
  version(): Promise<number>;
  /** Increments the namespace's version and tells the other processes, in one step; resolves to the new version. */
  bumpVersion(): Promise<number>;
  /** Calls `listener` for every invalidation another process makes. */
  subscribe(listener: (message: InvalidationMessage) => void): void;
  /** Stops listening (a second call does nothing). */
  close(): Promise<void>;
}

export interface RedisInvalidatorOptions {
  /** The Keyv namespace of the cache's values: they live under `<namespace>::<key>`. @default 'workbook' */
  namespace?: string;
  /** Keys asked of each `SCAN` step (a hint to Redis) and removed per `UNLINK`. @default 1000 */
  scanCount?: number;
}

/** Increments the version and announces it in one step: no process can see the one without the other. */
const BUMP_VERSION_SCRIPT = `
local version = redis.call('INCR', KEYS[1])
redis.call('PUBLISH', ARGV[1], '{"scope":"version","target":"' .. version .. '","keys":[],"origin":"' .. ARGV[2] .. '"}')
return version`;

/**
 * Removes a tag's keys and the tag in one step on the server, so no key is added to the tag between reading its
 * members and deleting it. UNLINK frees the memory in the background; batches of 500 keep each call short.
 */
const INVALIDATE_TAG_SCRIPT = `
local members = redis.call('SMEMBERS', KEYS[1])
for i = 1, #members, 500 do
  local batch = {}
  for j = i, math.min(i + 499, #members) do batch[#batch + 1] = ARGV[1] .. members[j] end
  redis.call('UNLINK', unpack(batch))
end
redis.call('UNLINK', KEYS[1])
return members`;

/** `text` with Redis glob metacharacters escaped, so a prefix like `user[1]` matches only itself. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/**
 * {@link Invalidator} on Redis. Tags are sets (`<namespace>:tag:<tag>`) that expire with their longest-lived entry, so
 * they never outgrow the data. A prefix is removed with `SCAN` + `UNLINK` in batches — never `KEYS`, which blocks the
 * server for the whole keyspace. Other processes hear of each invalidation on the channel `<namespace>:invalidate`,
 * through a second connection (a subscribed connection can run no other command). The namespace's version is the
 * counter `<namespace>:version`, incremented and announced in one script.
 */
export class RedisInvalidator implements Invalidator {
  readonly #client: RedisClientType;
  readonly #namespace: string;
  readonly #scanCount: number;
  readonly #origin = randomUUID();
  readonly #listeners: ((message: InvalidationMessage) => void)[] = [];
  readonly #subscriber: RedisClientType;
  readonly #subscribed: Promise<void>;
  #closed = false;

  constructor(client: RedisClientType, options: RedisInvalidatorOptions = {}) {
    if (typeof client?.duplicate !== 'function' || typeof client.scan !== 'function') {
      throw new TypeError('`client` must be a node-redis client (createClient from @keyv/redis)');
    }
    const { namespace = 'workbook', scanCount = 1000 } = options;
    if (typeof namespace !== 'string' || namespace === '') throw new TypeError('`namespace` must be a non-empty string');
    if (!Number.isInteger(scanCount) || scanCount < 1) throw new RangeError(`\`scanCount\` must be a positive integer, got ${scanCount}`);
    this.#client = client;
    this.#namespace = namespace;
    this.#scanCount = scanCount;
    this.#subscriber = client.duplicate();
    // A lost subscriber reconnects by itself; its errors must not crash the process.
    this.#subscriber.on('error', () => {});
    let connected = false;
    this.#subscriber.on('ready', () => {
      // Back after a lost connection: a bump announced meanwhile was missed, but the version in Redis tells.
      if (connected) this.version().then((version) => this.#deliver({ scope: 'version', target: String(version), keys: [] }), () => {});
      connected = true;
    });
    this.#subscribed = this.#subscriber
      .connect()
      .then(() => this.#subscriber.subscribe(this.#channel, (raw) => this.#receive(raw)))
      .catch(() => {});
  }

  /** Resolves once this process listens to the others' invalidations (or gave up trying). */
  ready(): Promise<void> {
    return this.#subscribed;
  }

  async tag(keys: readonly string[], tags: readonly string[], ttlMs: number): Promise<void> {
    if (keys.length === 0 || tags.length === 0) return;
    const multi = this.#client.multi();
    for (const tag of tags) {
      const set = this.#tagKey(tag);
      multi.sAdd(set, [...keys]);
      // The set lives as long as its longest-lived key: NX sets a first expiry, GT only ever extends it.
      if (ttlMs === Infinity) multi.persist(set);
      else multi.pExpire(set, Math.ceil(ttlMs), 'NX').pExpire(set, Math.ceil(ttlMs), 'GT');
    }
    await multi.exec();
  }

  async invalidateTag(tag: string): Promise<string[]> {
    const keys = (await this.#client.eval(INVALIDATE_TAG_SCRIPT, { keys: [this.#tagKey(tag)], arguments: [`${this.#namespace}::`] })) as string[];
    await this.#publish({ scope: 'tag', target: tag, keys });
    return keys;
  }

  async invalidatePrefix(prefix: string): Promise<number> {
    const match = `${escapeGlob(`${this.#namespace}::${prefix}`)}*`;
    let removed = 0;
    let cursor = '0';
    do {
      // Each SCAN step looks at about scanCount slots and returns at once: the server stays free between steps.
      const reply = await this.#client.scan(cursor, { MATCH: match, COUNT: this.#scanCount });
      cursor = String(reply.cursor);
      if (reply.keys.length > 0) removed += await this.#client.unlink(reply.keys);
    } while (cursor !== '0');
    await this.#publish({ scope: 'prefix', target: prefix, keys: [] });
    return removed;
  }

  async version(): Promise<number> {
    return Number((await this.#client.get(this.#versionKey)) ?? 0);
  }

  async bumpVersion(): Promise<number> {
    return Number(await this.#client.eval(BUMP_VERSION_SCRIPT, { keys: [this.#versionKey], arguments: [this.#channel, this.#origin] }));
  }

  subscribe(listener: (message: InvalidationMessage) => void): void {
    this.#listeners.push(listener);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#listeners.length = 0;
    try {
      // Also stops a subscriber still connecting (its connect then rejects, which is heard above).
      this.#subscriber.destroy();
    } catch {
      // Never connected, or already closed.
    }
  }

  get #channel(): string {
    return `${this.#namespace}:invalidate`;
  }

  get #versionKey(): string {
    return `${this.#namespace}:version`;
  }

  #tagKey(tag: string): string {
    return `${this.#namespace}:tag:${tag}`;
  }

  async #publish(message: InvalidationMessage): Promise<void> {
    await this.#client.publish(this.#channel, JSON.stringify({ ...message, origin: this.#origin }));
  }

  #receive(raw: string): void {
    let message: InvalidationMessage & { origin?: string };
    try {
      message = JSON.parse(raw) as InvalidationMessage & { origin?: string };
    } catch {
      return;
    }
    if (message.origin === this.#origin) return;
    this.#deliver({ scope: message.scope, target: message.target, keys: message.keys ?? [] });
  }

  #deliver(message: InvalidationMessage): void {
    for (const listener of this.#listeners) listener(message);
  }
}
