import KeyvRedis, { createClient, type RedisClientType } from '@keyv/redis';
import { Keyv } from 'keyv';
import { RedisInvalidator } from './redis-invalidator.js';
import { RedisLock } from './redis-lock.js';
import { TieredCache } from './tiered-cache.js';
import type { TieredCacheOptions } from './tiered-options.js';
import { assertDuration } from './validate.js';

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

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off', '']);

/**
 * A {@link TieredCache} configured from the environment, as production runs it: with `USE_REDIS=true`, L2 is Redis
 * at `REDIS_URL`, computes are shared across processes through a Redis lock, and tag, prefix and version
 * invalidations reach every process through a {@link RedisInvalidator} (unless `invalidator` is given). Either way the app starts: when
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
  const {
    env = process.env,
    logger = console,
    connectTimeoutMs = 1000,
    reconnectMaxDelayMs = 2000,
    namespace = 'workbook',
    crossProcessLock = true,
    ...cacheOptions
  } = options;
  if (typeof logger?.warn !== 'function') throw new TypeError('`logger` must have a warn(message) method');
  assertDuration('connectTimeoutMs', connectTimeoutMs);
  assertDuration('reconnectMaxDelayMs', reconnectMaxDelayMs);
  if (typeof namespace !== 'string' || namespace === '') throw new TypeError('`namespace` must be a non-empty string');

  const url = redisUrlFrom(env);
  if (url === undefined) return new TieredCache<V>(cacheOptions);

  const client = createClient({
    url,
    // While disconnected, fail each command at once rather than queueing it until Redis returns (or forever).
    disableOfflineQueue: true,
    socket: {
      connectTimeout: connectTimeoutMs,
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, reconnectMaxDelayMs),
    },
  });
  // node-redis reports every failed (re)connection as an 'error' event, which would crash the process unheard;
  // the tiered cache reports outages itself, once each.
  let lastError: unknown;
  client.on('error', (error: unknown) => void (lastError = error));
  try {
    await connectWithin(client, connectTimeoutMs);
  } catch (error) {
    // The client keeps trying with its reconnectStrategy; until it is ready, every command fails at once.
    const cause = lastError ?? error;
    logger.warn(`Redis at ${redact(url)} is unreachable (${redact(cause instanceof Error ? cause.message : String(cause))}); caching in memory until it answers, retrying in the background.`);
  }

  // The cast only bridges node-redis's generic parameters, which @keyv/redis's types spell differently.
  const store = new KeyvRedis<V>(client as unknown as RedisClientType, { namespace, throwOnErrors: true, throwOnConnectError: true });
  const l2 = new Keyv<V>({ store, namespace, useKeyPrefix: false, throwOnErrors: true });
  const lock = crossProcessLock ? new RedisLock(client, { prefix: `${namespace}:lock:` }) : undefined;
  // Tags, prefixes and versions in Redis and in every process's L1; its subscriber connects in the background.
  const invalidator = cacheOptions.invalidator ?? new RedisInvalidator(client as unknown as RedisClientType, { namespace });
  return new TieredCache<V>({ ...cacheOptions, l2, lock, invalidator });
}

/** The Redis URL when the environment asks for Redis, else `undefined`; a malformed value throws. */
function redisUrlFrom(env: Record<string, string | undefined>): string | undefined {
  const flag = (env.USE_REDIS ?? '').trim().toLowerCase();
  if (!TRUE.has(flag) && !FALSE.has(flag)) {
    throw new TypeError(`\`USE_REDIS\` must be true or false, got ${JSON.stringify(env.USE_REDIS)}`);
  }
  if (!TRUE.has(flag)) return undefined;
  const url = env.REDIS_URL?.trim();
  if (!url) throw new TypeError('`REDIS_URL` must be set when USE_REDIS is true, e.g. REDIS_URL=redis://localhost:6379');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError('`REDIS_URL` must be a URL like redis://localhost:6379');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new TypeError(`\`REDIS_URL\` must start with redis:// or rediss://, got ${parsed.protocol}//`);
  }
  return url;
}

/** Connects and checks with a PING, or rejects after `ms` (the connection attempts go on). */
async function connectWithin(client: { connect(): Promise<unknown>; ping(): Promise<unknown> }, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  const connected = client.connect().then(() => client.ping());
  // Once we give up, the attempt's own rejection has nobody to hear it.
  connected.catch(() => {});
  try {
    await Promise.race([connected, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `text` with the credentials of every URL in it masked: everything between `scheme://` and the last `@` of the
 * authority, a user, a password, or a password alone (`redis://PASSWORD@host`, which parses as a user name).
 * Standalone on purpose: the exercise imports nothing of the workbook's own packages for its lesson.
 */
function redact(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi, '$1***@');
}
