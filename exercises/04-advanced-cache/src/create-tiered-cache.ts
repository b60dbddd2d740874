import type { TieredCache, TieredCacheOptions } from './tiered-cache.js';

/** Where the factory reports that it runs without Redis. */
export interface Logger {
  warn(message: string): void;
}

export interface CreateTieredCacheOptions<V> extends Omit<TieredCacheOptions<V>, 'l2' | 'lock'> {
  /**
   * The configuration: `USE_REDIS` (`true`/`false`, also `1`/`0`, `yes`/`no`, `on`/`off`; unset means false) and
   * `REDIS_URL` (`redis://[user:password@]host:port[/db]`, or `rediss://` for TLS). @default process.env
   */
  env?: Record<string, string | undefined>;
  /** Told once, at creation, when Redis was asked for but cannot be used. @default console */
  logger?: Logger;
  /** How long the first connection may take before the cache runs on memory alone, in ms. @default 1000 */
  connectTimeoutMs?: number;
  /** After a lost connection, reconnect attempts wait 50 ms, doubling up to this, in ms. @default 2000 */
  reconnectMaxDelayMs?: number;
  /** Prefix of every Redis key this cache writes (`<namespace>::<key>`, locks `<namespace>:lock:<key>`). @default 'workbook' */
  namespace?: string;
  /** Share computes across processes with a Redis lock. @default true */
  crossProcessLock?: boolean;
}

/**
 * A {@link TieredCache} configured from the environment, as production runs it: with `USE_REDIS=true` and a
 * reachable `REDIS_URL`, L2 is Redis (and computes are shared across processes through a Redis lock); otherwise it
 * logs one warning and runs on its in-process L1 alone. Either way the app starts.
 *
 * The Redis client is set up never to make a caller wait for a Redis that is gone: commands fail at once while it
 * is disconnected (`disableOfflineQueue`) instead of queueing, it reconnects in the background with a capped
 * backoff, and every operation has the tiered cache's own timeout for a Redis that hangs. `close()` disconnects it.
 * @throws TypeError when `USE_REDIS` or `REDIS_URL` is malformed: a typo must not quietly turn Redis off.
 */
export async function createTieredCache<V>(options: CreateTieredCacheOptions<V> = {}): Promise<TieredCache<V>> {
  // TODO(ex4.configuration): USE_REDIS unset/false/0/no/off → a memory-only TieredCache, no warning, no connection.
  // USE_REDIS not a boolean word → TypeError naming `USE_REDIS`; true without REDIS_URL, or a REDIS_URL that is not
  // redis:// or rediss:// → TypeError naming `REDIS_URL`. Otherwise createClient (from '@keyv/redis') with
  // disableOfflineQueue: true, socket.connectTimeout and a capped reconnectStrategy; an 'error' listener; connect and
  // PING within connectTimeoutMs, or destroy the client, logger.warn once (no password) and go memory-only. Then
  // L2 = new Keyv({ store: new KeyvRedis(client, { namespace, throwOnErrors: true }), namespace, useKeyPrefix: false,
  // throwOnErrors: true }) — keys '<namespace>::<key>' — and lock = new RedisLock(client, { prefix: '<namespace>:lock:' }).
  throw new Error('TODO(ex4.configuration): createTieredCache');
}
