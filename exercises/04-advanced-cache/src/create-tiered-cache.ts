import type { TieredCache } from './tiered-cache.js';
import type { TieredCacheOptions } from './tiered-options.js';

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
  /** Told once, at creation, when Redis was asked for but does not answer yet. @default console */
  logger?: Logger;
  /**
   * How long the first connection may take before the cache starts on memory alone (and goes on connecting in the
   * background), in ms, at most 2^31−1; also each connection attempt's own timeout. @default 1000
   */
  connectTimeoutMs?: number;
  /**
   * Connection attempts after a failed one (the first, or after a lost connection) wait 50 ms, doubling up to this,
   * in ms, at most 2^31−1. @default 2000
   */
  reconnectMaxDelayMs?: number;
  /** Prefix of every Redis key this cache writes (`<namespace>::<key>`, locks `<namespace>:lock:<key>`). @default 'workbook' */
  namespace?: string;
  /** Share computes across processes with a Redis lock. @default true */
  crossProcessLock?: boolean;
}

/**
 * A {@link TieredCache} configured from the environment, as production runs it: with `USE_REDIS=true`, L2 is Redis
 * at `REDIS_URL` (and computes are shared across processes through a Redis lock). Either way the app starts: when
 * Redis does not answer within `connectTimeoutMs`, the factory logs one warning and the cache runs on its in-process
 * L1 alone while the client goes on connecting in the background — one slow start must not turn Redis off for the
 * life of the process — and L2 and the lock are used from the moment it answers.
 *
 * The Redis client is set up never to make a caller wait for a Redis that is gone: commands fail at once while it
 * is disconnected (`disableOfflineQueue`) instead of queueing, it (re)connects in the background with a capped
 * backoff, and every operation has the tiered cache's own timeout for a Redis that hangs. `close()` disconnects it.
 * @throws TypeError when `USE_REDIS` or `REDIS_URL` is malformed: a typo must not quietly turn Redis off.
 */
export async function createTieredCache<V>(options: CreateTieredCacheOptions<V> = {}): Promise<TieredCache<V>> {
  // TODO(ex4.configuration): a logger without warn() → TypeError naming `logger`; a namespace that is not a non-empty
  // string → TypeError naming `namespace`. USE_REDIS (spaces trimmed, any case) unset/false/0/no/off → a memory-only
  // TieredCache, no warning, no connection.
  // USE_REDIS not a boolean word → TypeError naming `USE_REDIS`; true without REDIS_URL, or a REDIS_URL that is not
  // redis:// or rediss:// → TypeError naming `REDIS_URL`. Otherwise createClient (from '@keyv/redis') with
  // disableOfflineQueue: true, socket.connectTimeout and a capped reconnectStrategy; an 'error' listener; connect and
  // PING within connectTimeoutMs; if that fails, logger.warn once (host, port and why) and keep the client: it goes
  // on connecting in the background with its backoff, so once Redis answers, L2 and the lock work again without a
  // restart. Then
  // L2 = new Keyv({ store: new KeyvRedis(client, { namespace, throwOnErrors: true }), namespace, useKeyPrefix: false,
  // throwOnErrors: true }) — keys '<namespace>::<key>' — and lock = new RedisLock(client, { prefix: '<namespace>:lock:' }).
  // TODO(ex4.configuration): with Redis, also a RedisInvalidator on the same client and namespace (unless options
  // give an invalidator), so tags, prefixes and versions reach every process; TieredCache.close() closes it too.
  // TODO(ex4.configuration): no message shows REDIS_URL's credentials: mask everything between '://' and the '@'
  // (redis://app:pw@host, redis://:pw@host and redis://pw@host all print as redis://***@host), in the URL and in any
  // error text you print. connectTimeoutMs/reconnectMaxDelayMs above 2^31−1 ms → RangeError naming the option.
  throw new Error('TODO(ex4.configuration): createTieredCache');
}
