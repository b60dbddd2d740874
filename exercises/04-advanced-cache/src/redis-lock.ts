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

/** {@link Lock} on Redis: `SET key token NX PX ttl` to acquire, a compare-and-delete script to release. */
export class RedisLock implements Lock {
  constructor(client: LockClient, options: RedisLockOptions = {}) {
    // TODO(ex4.distributed-lock): keep the client and the prefix (default 'lock:'). A client without set/eval →
    // TypeError naming `client`; a prefix that is not a string → TypeError naming `prefix`. Must not throw (or connect
    // anywhere) until you write it.
    void client;
    void options;
  }

  async acquire(key: string, ttlMs: number): Promise<string | undefined> {
    // TODO(ex4.distributed-lock): SET <prefix><key> <a new random token> NX PX ttlMs. 'OK' → return the token (the
    // key now holds it, expiring within ttlMs); null → someone holds the lock: undefined. Every call, a new token.
    // A ttlMs that is not a positive whole number → RangeError naming `ttlMs`, before sending anything.
    throw new Error('TODO(ex4.distributed-lock): RedisLock.acquire');
  }

  async release(key: string, token: string): Promise<boolean> {
    // TODO(ex4.distributed-lock): delete <prefix><key> only if it still holds `token`, in one step on the server (a
    // Lua script through client.eval): a holder whose lock expired and was taken by another must get false and leave
    // the new holder's lock alone.
    throw new Error('TODO(ex4.distributed-lock): RedisLock.release');
  }
}
