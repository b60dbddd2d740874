/**
 * One app process for the cross-process invalidation tests: builds the implementation's tiered cache with a
 * RedisInvalidator on the given Redis, copies `keys` into its L1 (from L2), says `ready`, and on `check` waits (up to
 * 10 s) for all of them to leave its L1, then reports whether they did. L2 no longer holds them by then, so a key
 * still answered can only come from a stale L1 copy.
 * Usage: child-invalidation.ts <implPath> <redisUrl> <namespace> <key>...
 */
import { pathToFileURL } from 'node:url';
import KeyvRedis, { createClient, type RedisClientType } from '@keyv/redis';
import { Keyv } from 'keyv';
import { patient } from './patience.js';

const [implPath, redisUrl, namespace, ...keys] = process.argv.slice(2) as [string, string, string, ...string[]];
const impl = (await import(pathToFileURL(implPath).href)) as typeof import('@impl');
const client = createClient({ url: redisUrl, disableOfflineQueue: true }) as unknown as RedisClientType;
client.on('error', () => {});
await client.connect();
const l2 = new Keyv<string>({ store: new KeyvRedis<string>(client, { namespace, throwOnErrors: true }), namespace, useKeyPrefix: false, throwOnErrors: true });
const invalidator = new impl.RedisInvalidator(client, { namespace });
await invalidator.ready();
const cache = new impl.TieredCache<string>({ l2, invalidator, l2TimeoutMs: patient.l2TimeoutMs });
const before = await cache.getMany(keys);
process.send?.({ type: 'ready', before });
await new Promise<void>((resolve) => process.once('message', () => resolve()));
const deadline = Date.now() + 10_000;
let after = await cache.getMany(keys);
while (after.some((value) => value !== undefined) && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 50));
  after = await cache.getMany(keys);
}
process.send?.({ type: 'result', held: after.map((value) => value !== undefined) });
await invalidator.close();
client.destroy();
process.disconnect?.();
