import KeyvRedis, { createClient, type RedisClientType } from '@keyv/redis';
import { Keyv } from 'keyv';
import { afterAll, beforeAll } from 'vitest';
import { startRedis, waitFor, type RedisServer } from '@workbook/testkit';

/** A node-redis client for the test's own checks (PTTL, KEYS, planting a lock), connected to `url`. */
export async function rawClient(url: string): Promise<RedisClientType> {
  const client = createClient({ url, disableOfflineQueue: true, socket: { reconnectStrategy: 50 } }) as unknown as RedisClientType;
  client.on('error', () => {});
  await client.connect();
  return client;
}

/**
 * Resolves once `client` answers PING, e.g. after its server was restarted: the client reconnects in the background,
 * and until it has, every command fails at once with "The client is offline".
 */
export async function reconnected(client: RedisClientType): Promise<void> {
  await waitFor(async () => (await client.ping().catch(() => '')) === 'PONG', "the test's own Redis client to reconnect");
}

/**
 * A Keyv on Redis, set up the way production needs it (fail fast while disconnected, throw so failures are seen),
 * with the client so a test can build a RedisLock on it. Independent of the student's createTieredCache.
 */
export async function redisKeyv<V>(url: string, namespace = 'test'): Promise<{ keyv: Keyv<V>; client: RedisClientType; close(): Promise<void> }> {
  const client = await rawClient(url);
  const store = new KeyvRedis<V>(client, { namespace, throwOnErrors: true });
  const keyv = new Keyv<V>({ store, namespace, useKeyPrefix: false, throwOnErrors: true });
  return { keyv, client, close: async () => void client.destroy() };
}

export interface PrivateRedis {
  /** The server, from `beforeAll` on. */
  readonly server: RedisServer;
  /** The test's own client on it, from `beforeAll` on. */
  readonly raw: RedisClientType;
  /** Runs `close` in `afterAll`, before the server stops. */
  onClose(close: () => Promise<void> | void): void;
}

/**
 * A private `redis-server` for the `describe` this is called in: started in its `beforeAll`, stopped in its
 * `afterAll` (after whatever was registered with `onClose`).
 */
export function privateRedis(): PrivateRedis {
  const closers: (() => Promise<void> | void)[] = [];
  const state = { onClose: (close: () => Promise<void> | void) => void closers.push(close) } as { server: RedisServer; raw: RedisClientType; onClose: PrivateRedis['onClose'] };
  beforeAll(async () => {
    state.server = await startRedis();
    state.raw = await rawClient(state.server.url);
  });
  afterAll(async () => {
    for (const close of closers.splice(0)) await close();
    state.raw?.destroy();
    await state.server?.stop();
  });
  return state;
}
