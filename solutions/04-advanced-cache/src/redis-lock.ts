import { randomUUID } from 'node:crypto';

/**
 * A short, expiring lock shared by every process that uses the same store: `acquire` gives a token to one holder
 * at a time, and only that token releases it. A holder that crashes loses the lock when its `ttlMs` elapses.
 */
export interface Lock {
  /** A token when the lock on `key` was free and is now ours for `ttlMs` ms; `undefined` when someone holds it. */
  acquire(key: string, ttlMs: number): Promise<string | undefined>;
  /** Releases the lock on `key` if `token` still holds it; returns whether it did. */
  release(key: string, token: string): Promise<boolean>;
}

/** The two Redis commands the lock needs, as node-redis 5 (`createClient` from `@keyv/redis`) spells them. */
export interface LockClient {
  set(key: string, value: string, options: { condition: 'NX'; expiration: { type: 'PX'; value: number } }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

export interface RedisLockOptions {
  /** Prepended to every lock's key, so locks never collide with cached values. @default 'lock:' */
  prefix?: string;
}

/**
 * Deletes the lock only if it still holds our token, in one step on the server. A plain GET then DEL could delete
 * a lock that expired between the two commands and was taken by someone else.
 */
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/** {@link Lock} on Redis: `SET key token NX PX ttl` to acquire, a compare-and-delete script to release. */
export class RedisLock implements Lock {
  readonly #client: LockClient;
  readonly #prefix: string;

  constructor(client: LockClient, options: RedisLockOptions = {}) {
    if (typeof client?.set !== 'function' || typeof client.eval !== 'function') {
      throw new TypeError('`client` must be a node-redis client (with set and eval)');
    }
    const { prefix = 'lock:' } = options;
    if (typeof prefix !== 'string') throw new TypeError(`\`prefix\` must be a string, got ${typeof prefix}`);
    this.#client = client;
    this.#prefix = prefix;
  }

  async acquire(key: string, ttlMs: number): Promise<string | undefined> {
    if (!Number.isInteger(ttlMs) || ttlMs <= 0) throw new RangeError(`\`ttlMs\` must be a positive integer number of milliseconds, got ${ttlMs}`);
    // A random token per acquisition: a holder whose lock expired can then never release the next holder's lock.
    const token = randomUUID();
    const reply = await this.#client.set(this.#prefix + key, token, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } });
    return reply === 'OK' ? token : undefined;
  }

  async release(key: string, token: string): Promise<boolean> {
    const deleted = await this.#client.eval(RELEASE_SCRIPT, { keys: [this.#prefix + key], arguments: [token] });
    return deleted === 1;
  }
}
